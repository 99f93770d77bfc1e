package io.reservoir.identity;

import io.reservoir.platform.storage.CustomerRows;
import io.reservoir.platform.storage.SqlTime;
import java.time.Instant;
import java.util.Collection;
import java.util.function.IntConsumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Identity's rows in bulk, for the modules that keep their own copy of the profiles (the audience
 * index): of all customers of a workspace ({@code customers} null) or of some, a row at a time.
 */
@Component
public class ProfileRows {

    /** An attribute of a customer: its name and value as stored. */
    public interface AttributeRow {
        void accept(int customerNo, String name, String value);
    }

    /** A kind of identity a customer has. */
    public interface IdentityRow {
        void accept(int customerNo, String idType);
    }

    /** A customer's consent on a channel ({@link ConsentChannel}, in lower case), granted or withdrawn. */
    public interface ConsentRow {
        void accept(int customerNo, String channel, boolean granted);
    }

    /** A customer's status ({@code active}, {@code merged}, {@code erased}) and, when merged, the survivor. */
    public interface StatusRow {
        void accept(int customerNo, String status, Integer mergedInto);
    }

    /** When an active customer became one: the time of the earliest event that names them. */
    public interface JoinedRow {
        void accept(int customerNo, Instant joinedAt);
    }

    private final JdbcTemplate jdbc;

    ProfileRows(JdbcTemplate jdbc) {
        this.jdbc = CustomerRows.streaming(jdbc);
    }

    /** The active customers (neither merged nor erased). */
    public void active(long workspaceId, Collection<Integer> customers, IntConsumer each) {
        rows(workspaceId, customers)
                .read("t.customer_no", "customer", "t.status = 'active'", rs -> each.accept(rs.getInt(1)));
    }

    /** The active customers with the time each joined ({@code customer.created_at}, see ProfileDates). */
    public void joined(long workspaceId, Collection<Integer> customers, JoinedRow each) {
        rows(workspaceId, customers)
                .read(
                        "t.customer_no, t.created_at",
                        "customer",
                        "t.status = 'active'",
                        rs -> each.accept(rs.getInt(1), SqlTime.read(rs, "created_at")));
    }

    /** Every customer's status, merged and erased ones included. */
    public void statuses(long workspaceId, Collection<Integer> customers, StatusRow each) {
        rows(workspaceId, customers)
                .read(
                        "t.customer_no, t.status, t.merged_into",
                        "customer",
                        null,
                        rs -> each.accept(rs.getInt(1), rs.getString(2), rs.getObject(3, Integer.class)));
    }

    public void attributes(long workspaceId, Collection<Integer> customers, AttributeRow each) {
        rows(workspaceId, customers)
                .read(
                        "t.customer_no, t.name, t.attr_value",
                        "customer_attribute",
                        null,
                        rs -> each.accept(rs.getInt(1), rs.getString(2), rs.getString(3)));
    }

    /** The kinds of identity each customer has, once per identity held. */
    public void identityTypes(long workspaceId, Collection<Integer> customers, IdentityRow each) {
        rows(workspaceId, customers)
                .read(
                        "t.customer_no, t.id_type",
                        "customer_identity",
                        null,
                        rs -> each.accept(rs.getInt(1), rs.getString(2)));
    }

    public void consent(long workspaceId, Collection<Integer> customers, ConsentRow each) {
        rows(workspaceId, customers)
                .read(
                        "t.customer_no, t.channel, t.granted",
                        "customer_consent",
                        null,
                        rs -> each.accept(rs.getInt(1), rs.getString(2), rs.getBoolean(3)));
    }

    private CustomerRows rows(long workspaceId, Collection<Integer> customers) {
        return new CustomerRows(jdbc, workspaceId, customers);
    }
}
