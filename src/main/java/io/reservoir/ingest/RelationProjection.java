package io.reservoir.ingest;

import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
            EventNames.MEMBER_LEFT,
            EventNames.GROUP_LEFT,
            "Live Room Unfollowed",
            "Subscription Unfollowed",
            "Dedicated CS Unbound",
            "Guide Removed",
            "Official Account Unfollowed",
            EventNames.RELATION_CLOSED);

    private final JdbcTemplate jdbc;
    private final String names;

    RelationProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.names = String.join(
                ", ",
                Channels.relationEventNames().stream().map(n -> "'" + n + "'").toList());
    }

    /** Re-derives the relations of {@code keys}: one read and two batches, however many keys. */
    void recompute(long workspaceId, Collection<Key> keys) {
        if (keys.isEmpty()) {
            return;
        }
        List<Key> all = List.copyOf(new LinkedHashSet<>(keys));
        Object[] keyArrays = {
            SqlArrays.integers(all.stream().map(Key::customerNo).toList()),
            SqlArrays.bigints(all.stream().map(Key::brandId).toList()),
            SqlArrays.varchars(all.stream().map(Key::field).toList())
        };
        Map<Key, List<Step>> steps = new LinkedHashMap<>();
        all.forEach(key -> steps.put(key, new ArrayList<>()));
        jdbc.query(
                """
                select e.customer_no, e.brand_id, e.field, e.event_name, e.occurred_at, e.channel
                  from unnest(cast(? as integer array), cast(? as bigint array), cast(? as varchar array))
                       as k(customer_no, brand_id, field)
                  join event_log e
                    on e.workspace_id = ? and e.customer_no = k.customer_no
                   and e.brand_id = k.brand_id and e.field = k.field
                 where e.event_name in (%s)
                 order by e.occurred_at, e.seq
                """.formatted(names),
                rs -> {
                    Key key = new Key(rs.getInt(1), rs.getLong(2), rs.getString(3));
                    steps.get(key).add(new Step(rs.getString(4), SqlTime.read(rs, "occurred_at"), rs.getString(6)));
                },
                keyArrays[0],
                keyArrays[1],
                keyArrays[2],
                workspaceId);
        jdbc.batchUpdate(
                "delete from customer_relation where workspace_id = ? and customer_no = ? and brand_id = ? and field = ?",
                all.stream()
                        .map(k -> new Object[] {workspaceId, k.customerNo(), k.brandId(), k.field()})
                        .toList());
        List<Object[]> rows = new ArrayList<>();
        steps.forEach((key, history) -> {
            Step open = null;
            for (Step step : history) {
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
        });
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into customer_relation (workspace_id, customer_no, brand_id, field, since, until, source)
                    values (?, ?, ?, ?, ?, ?, ?)
                    """, rows);
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
