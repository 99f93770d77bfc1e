package io.reservoir.loyalty;

import io.reservoir.platform.storage.CustomerRows;
import java.util.Collection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Loyalty's rows in bulk, for the modules that keep their own copy of who is a member (the audience
 * index): of all customers of a workspace ({@code customers} null) or of some, a row at a time.
 */
@Component
public class MemberRows {

    /** A customer's current membership of a brand's program, at its tier. */
    public interface MembershipRow {
        void accept(int customerNo, long brandId, String tierCode);
    }

    /** A customer's points balance with a brand. */
    public interface BalanceRow {
        void accept(int customerNo, long brandId, long balance);
    }

    private final JdbcTemplate jdbc;

    MemberRows(JdbcTemplate jdbc) {
        this.jdbc = CustomerRows.streaming(jdbc);
    }

    /** Current memberships (members who left are not read). */
    public void memberships(long workspaceId, Collection<Integer> customers, MembershipRow each) {
        new CustomerRows(jdbc, workspaceId, customers)
                .read(
                        "t.customer_no, t.brand_id, t.tier_code",
                        "loyalty_member",
                        "t.left_at is null",
                        rs -> each.accept(rs.getInt(1), rs.getLong(2), rs.getString(3)));
    }

    public void balances(long workspaceId, Collection<Integer> customers, BalanceRow each) {
        new CustomerRows(jdbc, workspaceId, customers)
                .read(
                        "t.customer_no, t.brand_id, t.balance",
                        "points_account",
                        null,
                        rs -> each.accept(rs.getInt(1), rs.getLong(2), rs.getLong(3)));
    }
}
