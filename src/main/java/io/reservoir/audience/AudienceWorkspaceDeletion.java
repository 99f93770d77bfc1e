package io.reservoir.audience;

import io.reservoir.platform.tenancy.WorkspaceDeleting;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Deletes the tags, segments, sizes and snapshots of a workspace its service provider deletes, inside the deleting transaction. */
@Component
class AudienceWorkspaceDeletion {

    private final JdbcClient jdbc;

    AudienceWorkspaceDeletion(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(WorkspaceDeleting deleting) {
        delete("delete from segment_snapshot_member where workspace_id = :ws", deleting.workspaceId());
        delete("delete from segment_snapshot where workspace_id = :ws", deleting.workspaceId());
        delete("delete from segment_count where workspace_id = :ws", deleting.workspaceId());
        delete("delete from segment where workspace_id = :ws", deleting.workspaceId());
        delete("delete from tag_change where workspace_id = :ws", deleting.workspaceId());
        delete("delete from customer_tag where workspace_id = :ws", deleting.workspaceId());
        delete("delete from tag where workspace_id = :ws", deleting.workspaceId());
    }

    private void delete(String sql, long workspaceId) {
        jdbc.sql(sql).param("ws", workspaceId).update();
    }
}
