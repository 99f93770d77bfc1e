package io.reservoir.identity;

import io.reservoir.platform.tenancy.WorkspaceDeleting;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Deletes the customers, identities, merges, conflicts, attributes and consent of a workspace its service provider deletes, inside the deleting transaction. */
@Component
class IdentityWorkspaceDeletion {

    private final JdbcClient jdbc;

    private final IdentityCache cache;

    IdentityWorkspaceDeletion(JdbcClient jdbc, IdentityCache cache) {
        this.cache = cache;
        this.jdbc = jdbc;
    }

    @EventListener
    void on(WorkspaceDeleting deleting) {
        delete("delete from customer_consent where workspace_id = :ws", deleting.workspaceId());
        delete("delete from customer_attribute where workspace_id = :ws", deleting.workspaceId());
        delete("delete from identity_conflict where workspace_id = :ws", deleting.workspaceId());
        delete("delete from customer_merge where workspace_id = :ws", deleting.workspaceId());
        delete("delete from customer_identity where workspace_id = :ws", deleting.workspaceId());
        delete("delete from customer where workspace_id = :ws", deleting.workspaceId());
        delete("delete from customer_counter where workspace_id = :ws", deleting.workspaceId());
        cache.forget(deleting.workspaceId());
    }

    private void delete(String sql, long workspaceId) {
        jdbc.sql(sql).param("ws", workspaceId).update();
    }
}
