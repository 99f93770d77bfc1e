package io.reservoir.identity;

import io.reservoir.platform.storage.SqlTime;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Per-customer keyed rows (attributes, consent) where the newest value wins, also across merges. */
final class Profiles {

    private Profiles() {}

    static void upsertAttributes(JdbcTemplate batch, long workspaceId, List<AttributeChange> changes) {
        batch.batchUpdate(
                """
                merge into customer_attribute t
                using (values (cast(? as bigint), cast(? as integer), cast(? as varchar(100)), cast(? as varchar(2000)),
                               cast(? as timestamp with time zone)))
                      as s (workspace_id, customer_no, name, attr_value, updated_at)
                   on t.workspace_id = s.workspace_id and t.customer_no = s.customer_no and t.name = s.name
                 when matched and s.updated_at >= t.updated_at then
                      update set attr_value = s.attr_value, updated_at = s.updated_at
                 when not matched then
                      insert (workspace_id, customer_no, name, attr_value, updated_at)
                      values (s.workspace_id, s.customer_no, s.name, s.attr_value, s.updated_at)
                """,
                changes.stream()
                        .map(c ->
                                new Object[] {workspaceId, c.customerNo(), c.name(), c.value(), SqlTime.param(c.at())})
                        .toList());
    }

    static void upsertConsent(JdbcTemplate batch, long workspaceId, List<ConsentChange> changes) {
        batch.batchUpdate(
                """
                merge into customer_consent t
                using (values (cast(? as bigint), cast(? as integer), cast(? as varchar(10)), cast(? as boolean),
                               cast(? as varchar(50)), cast(? as timestamp with time zone)))
                      as s (workspace_id, customer_no, channel, granted, source, changed_at)
                   on t.workspace_id = s.workspace_id and t.customer_no = s.customer_no and t.channel = s.channel
                 when matched and s.changed_at >= t.changed_at then
                      update set granted = s.granted, source = s.source, changed_at = s.changed_at
                 when not matched then
                      insert (workspace_id, customer_no, channel, granted, source, changed_at)
                      values (s.workspace_id, s.customer_no, s.channel, s.granted, s.source, s.changed_at)
                """,
                changes.stream()
                        .map(c -> new Object[] {
                            workspaceId,
                            c.customerNo(),
                            c.channel().id(),
                            c.granted(),
                            c.source(),
                            SqlTime.param(c.at())
                        })
                        .toList());
    }

    /** Moves the loser's rows of {@code table} to the winner, keeping the newer row per key. */
    static void moveNewest(
            JdbcClient jdbc, long workspaceId, String table, String key, String time, int loser, int winner) {
        String winnerOlder = "delete from %1$s w where w.workspace_id = :ws and w.customer_no = :winner and exists ("
                + " select 1 from %1$s l where l.workspace_id = :ws and l.customer_no = :loser and l.%2$s = w.%2$s"
                + " and l.%3$s > w.%3$s)";
        String loserCollides = "delete from %1$s l where l.workspace_id = :ws and l.customer_no = :loser and exists ("
                + " select 1 from %1$s w where w.workspace_id = :ws and w.customer_no = :winner and w.%2$s = l.%2$s)";
        String move = "update %1$s set customer_no = :winner where workspace_id = :ws and customer_no = :loser";
        for (String sql : List.of(winnerOlder, loserCollides, move)) {
            jdbc.sql(sql.formatted(table, key, time))
                    .param("ws", workspaceId)
                    .param("winner", winner)
                    .param("loser", loser)
                    .update();
        }
    }
}
