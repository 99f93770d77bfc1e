package io.reservoir.audience;

import io.reservoir.identity.CustomerErased;
import io.reservoir.identity.CustomersMerged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps snapshot members with the person, as tags are kept: after a merge the survivor stands in
 * every snapshot that held the retired profile (once), and an erased customer leaves every
 * snapshot. Plain (synchronous) listeners: they run in the merging or erasing transaction. An
 * unmerge leaves the snapshots as they are.
 */
@Component
class SnapshotFollower {

    private final JdbcTemplate jdbc;

    SnapshotFollower(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(CustomersMerged merged) {
        long ws = merged.workspaceId();
        jdbc.update("""
                insert into segment_snapshot_member (workspace_id, snapshot_id, customer_no)
                select m.workspace_id, m.snapshot_id, ? from segment_snapshot_member m
                 where m.workspace_id = ? and m.customer_no = ?
                   and not exists (select 1 from segment_snapshot_member w
                                    where w.workspace_id = m.workspace_id and w.snapshot_id = m.snapshot_id
                                      and w.customer_no = ?)
                """, merged.winner(), ws, merged.loser(), merged.winner());
        jdbc.update(
                "delete from segment_snapshot_member where workspace_id = ? and customer_no = ?", ws, merged.loser());
    }

    @EventListener
    void on(CustomerErased erased) {
        jdbc.update(
                "delete from segment_snapshot_member where workspace_id = ? and customer_no = ?",
                erased.workspaceId(),
                erased.customerNo());
    }
}
