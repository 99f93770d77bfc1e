package io.reservoir.platform.tenancy;

import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The service provider's desk (SPEC §1): creates its clients' workspaces with their admin and
 * keys, lists them, suspends, resumes, renames and deletes them. Only a caller with the
 * {@link Role#PROVIDER} role may; every change is in the provider's audit log, and (except the
 * deletion, which leaves nothing behind) in the client workspace's too.
 *
 * <p>Deletion: the workspace row is locked first, so that no other transaction adds a row that
 * refers to it meanwhile; {@link WorkspaceDeleting} lets each module delete its own tables' rows
 * in this transaction; platform deletes its own last, the workspace row at the very end (every
 * tenant table refers to it).
 */
@Service
public class Provisioning {

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final Workspaces workspaces;
    private final Brands brands;
    private final Users users;
    private final ApiKeys keys;
    private final ApplicationEventPublisher events;

    Provisioning(
            JdbcClient jdbc,
            AuditLog audit,
            Clock clock,
            Workspaces workspaces,
            Brands brands,
            Users users,
            ApiKeys keys,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.workspaces = workspaces;
        this.brands = brands;
        this.users = users;
        this.keys = keys;
        this.events = events;
    }

    /** What a new workspace's admin is; {@code displayName} may be null. */
    public record NewAdmin(String username, String displayName, String password) {}

    /** Every workspace, oldest first. */
    @Transactional(readOnly = true)
    public List<ClientWorkspace> list(Caller caller) {
        caller.requireProvider();
        return jdbc.sql("select id, name, created_at, suspended_at from workspace order by id")
                .query(Provisioning::map)
                .list();
    }

    @Transactional(readOnly = true)
    public ClientWorkspace get(Caller caller, long id) {
        caller.requireProvider();
        return find(id).orElseThrow(() -> ReservoirException.notFound("workspace", id));
    }

    /**
     * Creates a workspace with a default brand, its admin and a key of each kind in {@code
     * keyKinds} (write and management only). Nothing is created when any input is refused.
     */
    @Transactional
    public CreatedWorkspace create(Caller caller, String name, NewAdmin admin, List<KeyKind> keyKinds) {
        caller.requireProvider();
        String validName = Text.required("name", name, 200);
        if (admin == null) {
            throw ReservoirException.invalid("admin", "is required: the new workspace's first admin");
        }
        List<KeyKind> kinds = keyKinds == null ? List.of() : List.copyOf(new LinkedHashSet<>(keyKinds));
        for (int i = 0; i < kinds.size(); i++) {
            if (kinds.get(i) == KeyKind.PROVIDER) {
                throw ReservoirException.invalid("keys[" + i + "]", "must be 'write' or 'management'");
            }
        }
        Workspace workspace = workspaces.create(validName);
        Caller system = Caller.system(workspace.id());
        brands.create(system, "Default brand", Brands.DEFAULT_TIME_ZONE);
        User user;
        try {
            user = users.create(system, admin.username(), admin.displayName(), Role.ADMIN, admin.password());
        } catch (ReservoirException e) {
            throw atAdmin(e);
        }
        List<IssuedKey> issued = new ArrayList<>();
        for (KeyKind kind : kinds) {
            issued.add(keys.issue(system, kind, kind.id() + " key"));
        }
        audit.record(
                caller,
                "workspace.created",
                "workspace",
                workspace.id(),
                Map.of(
                        "name",
                        validName,
                        "admin",
                        user.username(),
                        "keys",
                        kinds.stream().map(KeyKind::id).toList()));
        return new CreatedWorkspace(get(caller, workspace.id()), user, issued);
    }

    /**
     * Renames, suspends or resumes a workspace; {@code null} keeps a field. A suspended
     * workspace's keys and console users are refused at once, its data kept. The provider's own
     * workspace cannot be suspended.
     */
    @Transactional
    public ClientWorkspace update(Caller caller, long id, String name, Boolean suspended) {
        caller.requireProvider();
        ClientWorkspace before = get(caller, id);
        String newName = name == null ? before.name() : Text.required("name", name, 200);
        boolean suspend = suspended == null ? before.suspended() : suspended;
        if (suspend && id == caller.workspaceId()) {
            throw ReservoirException.conflict("suspended", "the provider's own workspace cannot be suspended");
        }
        Instant suspendedAt = suspend ? (before.suspended() ? before.suspendedAt() : SqlTime.now(clock)) : null;
        jdbc.sql("update workspace set name = :name, suspended_at = :at where id = :id")
                .param("name", newName)
                .param("at", SqlTime.param(suspendedAt))
                .param("id", id)
                .update();
        Map<String, Object> changes = new LinkedHashMap<>();
        if (!newName.equals(before.name())) {
            changes.put("name", Map.of("from", before.name(), "to", newName));
        }
        if (suspend != before.suspended()) {
            changes.put("status", Map.of("from", status(before.suspended()), "to", status(suspend)));
        }
        if (!changes.isEmpty()) {
            String action = suspend == before.suspended()
                    ? "workspace.renamed"
                    : suspend ? "workspace.suspended" : "workspace.resumed";
            audit.record(caller, action, "workspace", id, changes);
            if (id != caller.workspaceId()) {
                audit.record(providerIn(id, caller), action, "workspace", id, changes);
            }
        }
        return get(caller, id);
    }

    /**
     * Deletes a workspace and every row of it in every module, after the caller repeated its name
     * in {@code confirm}. The provider's own workspace cannot be deleted.
     *
     * @return the workspace as it was
     */
    @Transactional
    public ClientWorkspace delete(Caller caller, long id, String confirm) {
        caller.requireProvider();
        ClientWorkspace workspace = jdbc.sql(
                        "select id, name, created_at, suspended_at from workspace where id = :id for update")
                .param("id", id)
                .query(Provisioning::map)
                .optional()
                .orElseThrow(() -> ReservoirException.notFound("workspace", id));
        if (confirm == null || !confirm.equals(workspace.name())) {
            throw ReservoirException.invalid("confirm", "must repeat the workspace's name exactly to delete it");
        }
        if (id == caller.workspaceId()) {
            throw ReservoirException.conflict("id", "the provider's own workspace cannot be deleted");
        }
        events.publishEvent(new WorkspaceDeleting(id));
        Map<String, Object> deleted = new LinkedHashMap<>();
        deleted.put("name", workspace.name());
        deleted.put("api_key", deleteRows("delete from api_key where workspace_id = :ws", id));
        deleted.put("app_user", deleteRows("delete from app_user where workspace_id = :ws", id));
        deleted.put("brand", deleteRows("delete from brand where workspace_id = :ws", id));
        jdbc.sql("delete from workspace where id = :ws").param("ws", id).update();
        audit.record(caller, "workspace.deleted", "workspace", id, deleted);
        return workspace;
    }

    private int deleteRows(String sql, long workspaceId) {
        return jdbc.sql(sql).param("ws", workspaceId).update();
    }

    private Optional<ClientWorkspace> find(long id) {
        return jdbc.sql("select id, name, created_at, suspended_at from workspace where id = :id")
                .param("id", id)
                .query(Provisioning::map)
                .optional();
    }

    /** The provider as recorded in a client's audit log. */
    private static Caller providerIn(long workspaceId, Caller provider) {
        return new Caller(
                workspaceId, provider.kind(), provider.actorId(), "provider:" + provider.actorName(), Role.PROVIDER);
    }

    /** A refusal of the admin's fields, named as the request names them ({@code admin.username}). */
    private static ReservoirException atAdmin(ReservoirException e) {
        if (e.field() == null) {
            return e;
        }
        String message = e.getMessage();
        String prefix = e.field() + ": ";
        String reason = message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        return e.kind() == io.reservoir.platform.errors.ErrorKind.CONFLICT
                ? ReservoirException.conflict("admin." + e.field(), reason)
                : ReservoirException.invalid("admin." + e.field(), reason);
    }

    private static String status(boolean suspended) {
        return suspended ? "suspended" : "active";
    }

    private static ClientWorkspace map(ResultSet rs, int row) throws SQLException {
        Instant suspendedAt = SqlTime.read(rs, "suspended_at");
        return new ClientWorkspace(
                rs.getLong("id"),
                rs.getString("name"),
                status(suspendedAt != null),
                SqlTime.read(rs, "created_at"),
                suspendedAt);
    }
}
