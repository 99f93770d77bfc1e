package io.reservoir.platform.tenancy;

import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The brands of a workspace. */
@Service
public class Brands {

    public static final String DEFAULT_TIME_ZONE = "Asia/Shanghai";

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    Brands(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<Brand> list(Caller caller) {
        return jdbc.sql("select * from brand where workspace_id = :ws order by id")
                .param("ws", caller.workspaceId())
                .query(Brands::map)
                .list();
    }

    /** @throws ReservoirException not_found when the brand is not in the caller's workspace */
    @Transactional(readOnly = true)
    public Brand get(Caller caller, long id) {
        return jdbc.sql("select * from brand where workspace_id = :ws and id = :id")
                .param("ws", caller.workspaceId())
                .param("id", id)
                .query(Brands::map)
                .optional()
                .orElseThrow(() -> ReservoirException.notFound("brand", id));
    }

    /**
     * Creates a brand. Admins only.
     *
     * @param timeZone an IANA zone id; {@code null} means Asia/Shanghai
     */
    @Transactional
    public Brand create(Caller caller, String name, String timeZone) {
        caller.requireAdmin();
        String validName = Text.required("name", name, 200);
        String zone = timeZone == null ? DEFAULT_TIME_ZONE : zone(timeZone);
        Instant now = SqlTime.now(clock);
        var keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("insert into brand (workspace_id, name, time_zone, created_at) values (:ws, :name, :zone, :at)")
                    .param("ws", caller.workspaceId())
                    .param("name", validName)
                    .param("zone", zone)
                    .param("at", SqlTime.param(now))
                    .update(keys, "id");
        } catch (DuplicateKeyException e) {
            throw ReservoirException.conflict("name", "a brand named '" + validName + "' already exists");
        }
        long id = keys.getKeyAs(Long.class);
        audit.record(caller, "brand.created", "brand", id, Map.of("name", validName, "timeZone", zone));
        return new Brand(id, validName, zone, now);
    }

    /** Renames a brand or changes its time zone; {@code null} leaves a field as it is. Admins only. */
    @Transactional
    public Brand update(Caller caller, long id, String name, String timeZone) {
        caller.requireAdmin();
        Brand before = get(caller, id);
        String newName = name == null ? before.name() : Text.required("name", name, 200);
        String newZone = timeZone == null ? before.timeZone() : zone(timeZone);
        try {
            jdbc.sql("update brand set name = :name, time_zone = :zone where workspace_id = :ws and id = :id")
                    .param("name", newName)
                    .param("zone", newZone)
                    .param("ws", caller.workspaceId())
                    .param("id", id)
                    .update();
        } catch (DuplicateKeyException e) {
            throw ReservoirException.conflict("name", "a brand named '" + newName + "' already exists");
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        if (!newName.equals(before.name())) {
            changes.put("name", Map.of("from", before.name(), "to", newName));
        }
        if (!newZone.equals(before.timeZone())) {
            changes.put("timeZone", Map.of("from", before.timeZone(), "to", newZone));
        }
        if (!changes.isEmpty()) {
            audit.record(caller, "brand.updated", "brand", id, changes);
        }
        return new Brand(id, newName, newZone, before.createdAt());
    }

    private static String zone(String timeZone) {
        try {
            return ZoneId.of(timeZone.strip()).getId();
        } catch (DateTimeException e) {
            throw ReservoirException.invalid(
                    "timeZone", "'" + timeZone + "' is not an IANA time zone such as Asia/Shanghai");
        }
    }

    private static Brand map(ResultSet rs, int row) throws SQLException {
        return new Brand(
                rs.getLong("id"), rs.getString("name"), rs.getString("time_zone"), SqlTime.read(rs, "created_at"));
    }
}
