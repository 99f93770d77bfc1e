package io.reservoir.platform.audit;

import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import io.reservoir.platform.tenancy.WorkspaceDeleting;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends and reads audit entries. There is no update and no delete of an entry: the table is
 * append-only by construction of this class, the only code that touches it. The one exception is
 * the deletion of a whole workspace by its service provider, which takes its log with it.
 */
@Service
public class AuditLog {

    static final int MAX_PAGE = 500;
    private static final int MAX_DETAIL_CHARS = 4000;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** A deleted workspace leaves nothing behind, its log neither (the provider's log records the deletion). */
    @EventListener
    void on(WorkspaceDeleting deleting) {
        jdbc.sql("delete from audit_log where workspace_id = :ws")
                .param("ws", deleting.workspaceId())
                .update();
    }

    /**
     * Records a change made by {@code caller}. Joins the caller's transaction, so the entry is
     * written exactly when the change is.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Caller caller, String action, String targetType, Object targetId, Map<String, ?> detail) {
        String detailJson = detail == null || detail.isEmpty() ? null : json.writeValueAsString(detail);
        if (detailJson != null && detailJson.length() > MAX_DETAIL_CHARS) {
            detailJson = json.writeValueAsString(Map.of("truncated", detailJson.substring(0, MAX_DETAIL_CHARS - 100)));
        }
        jdbc.sql("""
                        insert into audit_log (workspace_id, occurred_at, actor_kind, actor_id, actor_name,
                                               action, target_type, target_id, detail)
                        values (:ws, :at, :kind, :actorId, :actorName, :action, :targetType, :targetId, :detail)
                        """)
                .param("ws", caller.workspaceId())
                .param("at", SqlTime.param(SqlTime.now(clock)))
                .param("kind", caller.kind().name().toLowerCase(Locale.ROOT))
                .param("actorId", caller.actorId())
                .param("actorName", caller.actorName())
                .param("action", action)
                .param("targetType", targetType)
                .param("targetId", targetId == null ? null : targetId.toString())
                .param("detail", detailJson)
                .update();
    }

    /**
     * The newest entries first, optionally only those older than {@code beforeId} (the cursor of
     * the previous page) and of one action. Admins and analysts may read the log.
     */
    @Transactional(readOnly = true)
    public List<AuditEntry> page(Caller caller, Long beforeId, String action, int limit) {
        return page(caller, beforeId, action, null, limit);
    }

    /**
     * The newest entries first, optionally only those older than {@code beforeId} (the cursor of
     * the previous page), of one action and of one person or key ({@code actor}, the name the log
     * shows). Admins and analysts may read the log.
     */
    @Transactional(readOnly = true)
    public List<AuditEntry> page(Caller caller, Long beforeId, String action, String actor, int limit) {
        caller.require(Role.ANALYST);
        if (limit < 1 || limit > MAX_PAGE) {
            throw ReservoirException.invalid("limit", "must be between 1 and " + MAX_PAGE);
        }
        return jdbc.sql("""
                        select * from audit_log
                         where workspace_id = :ws
                           and (cast(:before as bigint) is null or id < :before)
                           and (cast(:action as varchar) is null or action = :action)
                           and (cast(:actor as varchar) is null or actor_name = :actor)
                         order by id desc
                         fetch first :limit rows only
                        """)
                .param("ws", caller.workspaceId())
                .param("before", beforeId)
                .param("action", action)
                .param("actor", actor)
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    /** The actions the workspace's log holds, sorted: what a filter by action can offer. */
    @Transactional(readOnly = true)
    public List<String> actions(Caller caller) {
        caller.require(Role.ANALYST);
        return jdbc.sql("select distinct action from audit_log where workspace_id = :ws order by action")
                .param("ws", caller.workspaceId())
                .query(String.class)
                .list();
    }

    /** The people and keys the workspace's log names as actors, sorted: what a filter by person can offer. */
    @Transactional(readOnly = true)
    public List<String> actors(Caller caller) {
        caller.require(Role.ANALYST);
        return jdbc.sql("select distinct actor_name from audit_log where workspace_id = :ws order by actor_name")
                .param("ws", caller.workspaceId())
                .query(String.class)
                .list();
    }

    @Transactional(readOnly = true)
    public AuditEntry get(Caller caller, long id) {
        caller.require(Role.ANALYST);
        return jdbc.sql("select * from audit_log where workspace_id = :ws and id = :id")
                .param("ws", caller.workspaceId())
                .param("id", id)
                .query(this::map)
                .optional()
                .orElseThrow(() -> ReservoirException.notFound("audit entry", id));
    }

    /**
     * Audited changes per calendar day in {@code zone}, for the last {@code days} days up to
     * today, with every day present (zero when nothing changed).
     */
    @Transactional(readOnly = true)
    public SortedMap<LocalDate, Long> changesPerDay(Caller caller, ZoneId zone, int days) {
        caller.require(Role.ANALYST);
        if (days < 1 || days > 366) {
            throw ReservoirException.invalid("days", "must be between 1 and 366");
        }
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate first = today.minusDays(days - 1L);
        SortedMap<LocalDate, Long> perDay = new TreeMap<>();
        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            perDay.put(day, 0L);
        }
        jdbc.sql("select occurred_at from audit_log where workspace_id = :ws and occurred_at >= :since")
                .param("ws", caller.workspaceId())
                .param("since", SqlTime.param(first.atStartOfDay(zone).toInstant()))
                .query((rs, row) -> SqlTime.read(rs, "occurred_at").atZone(zone).toLocalDate())
                .list()
                .forEach(day -> perDay.computeIfPresent(day, (d, n) -> n + 1));
        return perDay;
    }

    private AuditEntry map(ResultSet rs, int row) throws SQLException {
        String detail = rs.getString("detail");
        Map<String, Object> parsed = detail == null
                ? Map.of()
                : json.readValue(detail, new TypeReference<LinkedHashMap<String, Object>>() {});
        return new AuditEntry(
                rs.getLong("id"),
                SqlTime.read(rs, "occurred_at"),
                rs.getString("actor_kind"),
                rs.getObject("actor_id", Long.class),
                rs.getString("actor_name"),
                rs.getString("action"),
                rs.getString("target_type"),
                rs.getString("target_id"),
                parsed);
    }
}
