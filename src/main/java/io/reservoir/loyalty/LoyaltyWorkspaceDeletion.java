package io.reservoir.loyalty;

import io.reservoir.platform.tenancy.WorkspaceDeleting;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Deletes the programs, members, tiers, points and rewards of a workspace its service provider deletes, inside the deleting transaction. */
@Component
class LoyaltyWorkspaceDeletion {

    private final JdbcClient jdbc;

    LoyaltyWorkspaceDeletion(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(WorkspaceDeleting deleting) {
        // the cursor first: an earning round of the workspace that is under way holds its row
        delete("delete from points_cursor where workspace_id = :ws", deleting.workspaceId());
        delete("delete from redemption where workspace_id = :ws", deleting.workspaceId());
        delete("delete from reward_item where workspace_id = :ws", deleting.workspaceId());
        delete("delete from points_entry where workspace_id = :ws", deleting.workspaceId());
        delete("delete from points_account where workspace_id = :ws", deleting.workspaceId());
        delete("delete from tier_change where workspace_id = :ws", deleting.workspaceId());
        delete("delete from loyalty_member where workspace_id = :ws", deleting.workspaceId());
        delete("delete from joint_program_brand where workspace_id = :ws", deleting.workspaceId());
        delete("delete from joint_program where workspace_id = :ws", deleting.workspaceId());
        delete("delete from loyalty_program where workspace_id = :ws", deleting.workspaceId());
    }

    private void delete(String sql, long workspaceId) {
        jdbc.sql(sql).param("ws", workspaceId).update();
    }
}
