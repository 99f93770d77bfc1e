package io.reservoir.ingest;

import io.reservoir.identity.CustomersMerged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Moves intake's per-customer rows to the surviving profile of a merge. A plain (synchronous)
 * listener on purpose: it runs inside the merging transaction, so a merge and its consequences
 * commit together or not at all.
 */
@Component
class MergeFollower {

    private final JdbcTemplate jdbc;
    private final RelationProjection relations;

    MergeFollower(JdbcTemplate jdbc, RelationProjection relations) {
        this.jdbc = jdbc;
        this.relations = relations;
    }

    @EventListener
    void on(CustomersMerged merged) {
        for (String table : new String[] {"event_log", "customer_order", "order_refund"}) {
            jdbc.update(
                    "update " + table + " set customer_no = ? where workspace_id = ? and customer_no = ?",
                    merged.winner(),
                    merged.workspaceId(),
                    merged.loser());
        }
        jdbc.update(
                "delete from customer_relation where workspace_id = ? and customer_no = ?",
                merged.workspaceId(),
                merged.loser());
        relations.recomputeAll(merged.workspaceId(), merged.winner());
    }
}
