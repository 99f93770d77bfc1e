package io.reservoir.platform.tenancy;

import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates and reads workspaces, the unit of isolation. */
@Service
public class Workspaces {

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    Workspaces(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates an empty workspace; its first brand, users and keys are created by the caller. */
    @Transactional
    public Workspace create(String name) {
        String validName = Text.required("name", name, 200);
        Instant now = SqlTime.now(clock);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into workspace (name, created_at) values (:name, :at)")
                .param("name", validName)
                .param("at", SqlTime.param(now))
                .update(keys, "id");
        long id = keys.getKeyAs(Long.class);
        audit.record(Caller.system(id), "workspace.created", "workspace", id, Map.of("name", validName));
        return new Workspace(id, validName, now);
    }

    /** The caller's own workspace. */
    @Transactional(readOnly = true)
    public Workspace current(Caller caller) {
        return jdbc.sql("select id, name, created_at from workspace where id = :id")
                .param("id", caller.workspaceId())
                .query((rs, row) ->
                        new Workspace(rs.getLong("id"), rs.getString("name"), SqlTime.read(rs, "created_at")))
                .optional()
                .orElseThrow(() -> ReservoirException.notFound("workspace", caller.workspaceId()));
    }

    /** The first workspace created: the default one, made at first start. */
    @Transactional(readOnly = true)
    public java.util.Optional<Workspace> first() {
        return jdbc.sql("select id, name, created_at from workspace order by id fetch first 1 rows only")
                .query((rs, row) ->
                        new Workspace(rs.getLong("id"), rs.getString("name"), SqlTime.read(rs, "created_at")))
                .optional();
    }

    /** Whether any workspace exists yet; false only before the first start completed. */
    @Transactional(readOnly = true)
    public boolean any() {
        return jdbc.sql("select count(*) from workspace").query(Long.class).single() > 0;
    }
}
