package io.reservoir.ingest;

import io.reservoir.platform.storage.CustomerRows;
import io.reservoir.platform.storage.SqlTime;
import java.time.Instant;
import java.util.Collection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The intake's relations (a customer with a brand in a field, from the relation events of the log)
 * in bulk, for the modules that keep their own copy: of all customers of a workspace
 * ({@code customers} null) or of some, a row at a time.
 */
@Component
public class RelationRows {

    /** A relation open now. */
    public interface OpenRelation {
        void accept(int customerNo, long brandId, String field);
    }

    /** A relation of one brand held from {@code since} until {@code until} (null: open), opened through {@code source}. */
    public interface HeldRelation {
        void accept(int customerNo, String field, Instant since, Instant until, String source);
    }

    private final JdbcTemplate jdbc;

    RelationRows(JdbcTemplate jdbc) {
        this.jdbc = CustomerRows.streaming(jdbc);
    }

    public void open(long workspaceId, Collection<Integer> customers, OpenRelation each) {
        new CustomerRows(jdbc, workspaceId, customers)
                .read(
                        "t.customer_no, t.brand_id, t.field",
                        "customer_relation",
                        "t.until is null",
                        rs -> each.accept(rs.getInt(1), rs.getLong(2), rs.getString(3)));
    }

    /** Every relation of the brand, open or closed. */
    public void ofBrand(long workspaceId, long brandId, Collection<Integer> customers, HeldRelation each) {
        new CustomerRows(jdbc, workspaceId, customers)
                .read(
                        "t.customer_no, t.field, t.since, t.until, t.source",
                        "customer_relation",
                        "t.brand_id = ?",
                        rs -> each.accept(
                                rs.getInt(1),
                                rs.getString(2),
                                SqlTime.read(rs, "since"),
                                SqlTime.read(rs, "until"),
                                rs.getString(5)),
                        brandId);
    }
}
