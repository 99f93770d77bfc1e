package io.reservoir.ingest;

import io.reservoir.platform.tenancy.WorkspaceDeleting;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes the event log, orders, refunds, relations and imports of a workspace its service provider
 * deletes, inside the deleting transaction.
 */
@Component
class IntakeWorkspaceDeletion {

    private final JdbcClient jdbc;
    private final ProjectionProgress progress;
    private final PendingOrders pending;
    private final LoggedMessages loggedMessages;

    IntakeWorkspaceDeletion(
            JdbcClient jdbc, ProjectionProgress progress, PendingOrders pending, LoggedMessages loggedMessages) {
        this.jdbc = jdbc;
        this.progress = progress;
        this.pending = pending;
        this.loggedMessages = loggedMessages;
    }

    @EventListener
    void on(WorkspaceDeleting deleting) {
        delete("delete from order_refund where workspace_id = :ws", deleting.workspaceId());
        delete("delete from customer_order where workspace_id = :ws", deleting.workspaceId());
        delete("delete from customer_relation where workspace_id = :ws", deleting.workspaceId());
        delete("delete from event_log where workspace_id = :ws", deleting.workspaceId());
        delete("delete from event_log_head where workspace_id = :ws", deleting.workspaceId());
        delete("delete from intake_projection where workspace_id = :ws", deleting.workspaceId());
        delete("delete from import_run where workspace_id = :ws", deleting.workspaceId());
        // what this node holds of the workspace between the intake's stages goes with it
        progress.forget(deleting.workspaceId());
        pending.forget(deleting.workspaceId());
        loggedMessages.forgetWorkspace(deleting.workspaceId());
    }

    private void delete(String sql, long workspaceId) {
        jdbc.sql(sql).param("ws", workspaceId).update();
    }
}
