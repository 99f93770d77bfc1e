package io.reservoir.ingest;

import io.reservoir.platform.storage.SqlTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The customer's relations with a brand per field, as intervals [since, until). They are derived
 * from the relation events in the log, re-read in time order whenever one arrives: a late or
 * out-of-order event therefore lands where it belongs, and a merge simply re-derives the result.
 */
@Component
class RelationProjection {

    record Key(int customerNo, long brandId, String field) {}

    private record Step(String event, Instant at, String channel) {}

    private static final Set<String> CLOSING = Set.of(
            "Store Unfollowed",
            "Member Left",
            "Group Left",
            "Live Room Unfollowed",
            "Subscription Unfollowed",
            "Dedicated CS Unbound",
            "Guide Removed",
            "Official Account Unfollowed",
            Channels.RELATION_CLOSED);

    private final JdbcTemplate jdbc;
    private final String names;

    RelationProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.names = String.join(
                ", ",
                Channels.relationEventNames().stream().map(n -> "'" + n + "'").toList());
    }

    void recompute(long workspaceId, Collection<Key> keys) {
        for (Key key : keys) {
            List<Step> steps = jdbc.query(
                    "select event_name, occurred_at, channel from event_log where workspace_id = ? and customer_no = ?"
                            + " and brand_id = ? and field = ? and event_name in (" + names
                            + ") order by occurred_at, seq",
                    (rs, row) -> new Step(rs.getString(1), SqlTime.read(rs, "occurred_at"), rs.getString(3)),
                    workspaceId,
                    key.customerNo(),
                    key.brandId(),
                    key.field());
            jdbc.update(
                    "delete from customer_relation where workspace_id = ? and customer_no = ? and brand_id = ? and field = ?",
                    workspaceId,
                    key.customerNo(),
                    key.brandId(),
                    key.field());
            List<Object[]> rows = new ArrayList<>();
            Step open = null;
            for (Step step : steps) {
                boolean closes = CLOSING.contains(step.event());
                if (!closes && open == null) {
                    open = step;
                } else if (closes && open != null) {
                    rows.add(row(workspaceId, key, open, step.at()));
                    open = null;
                }
            }
            if (open != null) {
                rows.add(row(workspaceId, key, open, null));
            }
            if (!rows.isEmpty()) {
                jdbc.batchUpdate("""
                        insert into customer_relation (workspace_id, customer_no, brand_id, field, since, until, source)
                        values (?, ?, ?, ?, ?, ?, ?)
                        """, rows);
            }
        }
    }

    /** Re-derives every relation the customer has, e.g. after a merge brought in another's events. */
    void recomputeAll(long workspaceId, int customerNo) {
        List<Key> keys = jdbc.query(
                "select distinct brand_id, field from event_log where workspace_id = ? and customer_no = ? and event_name in ("
                        + names + ")",
                (rs, row) -> new Key(customerNo, rs.getLong(1), rs.getString(2)),
                workspaceId,
                customerNo);
        recompute(workspaceId, keys);
    }

    private static Object[] row(long workspaceId, Key key, Step open, Instant until) {
        return new Object[] {
            workspaceId,
            key.customerNo(),
            key.brandId(),
            key.field(),
            SqlTime.param(open.at()),
            SqlTime.param(until),
            open.channel()
        };
    }
}
