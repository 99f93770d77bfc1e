package io.reservoir.audience;

import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who holds the tags of a workspace: holders per value, the tags of one customer, and the history
 * of changes. Operators and analysts; the caller's workspace only.
 */
@Service
public class TagHolders {

    /** Longest page of history. */
    public static final int MAX_PAGE = 1_000;

    /**
     * How many customers hold a tag with one value.
     *
     * @param value null for the plain tag
     */
    public record Count(String value, long members) {}

    /** A tag a customer holds. */
    public record Held(long tagId, String name, TagKind kind, String value, Instant assignedAt) {}

    /**
     * One change of one holder's tag.
     *
     * @param kind {@code added}, {@code changed} or {@code removed}
     * @param cause why: {@code manual}, the uploaded file, {@code rule}, {@code model rfm}, a merge…
     */
    public record Change(
            long id,
            long tagId,
            int customerNo,
            String kind,
            String oldValue,
            String newValue,
            Instant changedAt,
            String cause) {}

    private final JdbcClient jdbc;
    private final Tags tags;

    TagHolders(JdbcClient jdbc, Tags tags) {
        this.jdbc = jdbc;
        this.tags = tags;
    }

    /**
     * The holders of a tag per value, most held first.
     *
     * @throws ReservoirException not_found
     */
    @Transactional(readOnly = true)
    public List<Count> counts(Caller caller, long tagId) {
        tags.get(caller, tagId);
        return jdbc.sql("""
                        select tag_value, count(*) as members from customer_tag
                         where workspace_id = :ws and tag_id = :tag
                         group by tag_value order by members desc, tag_value
                        """)
                .param("ws", caller.workspaceId())
                .param("tag", tagId)
                .query((rs, row) -> new Count(rs.getString(1), rs.getLong(2)))
                .list();
    }

    /**
     * How many customers hold each tag of the workspace, per value, most held first; tags nobody
     * holds are absent. Operators and analysts.
     */
    @Transactional(readOnly = true)
    public Map<Long, List<Count>> counts(Caller caller) {
        caller.require(Role.OPERATOR, Role.ANALYST);
        Map<Long, List<Count>> counts = new LinkedHashMap<>();
        jdbc.sql("""
                        select tag_id, tag_value, count(*) as members from customer_tag
                         where workspace_id = :ws
                         group by tag_id, tag_value order by tag_id, members desc, tag_value
                        """).param("ws", caller.workspaceId()).query(rs -> {
            counts.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>())
                    .add(new Count(rs.getString(2), rs.getLong(3)));
        });
        return counts;
    }

    /** How many customers hold each tag of the workspace; tags nobody holds are absent. */
    @Transactional(readOnly = true)
    public Map<Long, Long> totals(Caller caller) {
        caller.require(Role.OPERATOR, Role.ANALYST);
        Map<Long, Long> totals = new HashMap<>();
        jdbc.sql("select tag_id, count(*) from customer_tag where workspace_id = :ws group by tag_id")
                .param("ws", caller.workspaceId())
                .query(rs -> {
                    totals.put(rs.getLong(1), rs.getLong(2));
                });
        return totals;
    }

    /** When each computed tag's holders were last computed; tags never computed are absent. */
    @Transactional(readOnly = true)
    public Map<Long, Instant> computedAt(Caller caller) {
        caller.require(Role.OPERATOR, Role.ANALYST);
        Map<Long, Instant> at = new HashMap<>();
        jdbc.sql("select id, computed_at from tag where workspace_id = :ws and computed_at is not null")
                .param("ws", caller.workspaceId())
                .query(rs -> {
                    at.put(rs.getLong(1), SqlTime.read(rs, "computed_at"));
                });
        return at;
    }

    /** The tags customer {@code customerNo} holds, by tag name. */
    @Transactional(readOnly = true)
    public List<Held> of(Caller caller, int customerNo) {
        caller.require(Role.OPERATOR, Role.ANALYST);
        return jdbc.sql("""
                        select t.id, t.name, t.kind, c.tag_value, c.assigned_at from customer_tag c
                          join tag t on t.workspace_id = c.workspace_id and t.id = c.tag_id
                         where c.workspace_id = :ws and c.customer_no = :no
                         order by t.name
                        """)
                .param("ws", caller.workspaceId())
                .param("no", customerNo)
                .query((rs, row) -> new Held(
                        rs.getLong(1),
                        rs.getString(2),
                        TagKind.parse("kind", rs.getString(3)),
                        rs.getString(4),
                        SqlTime.read(rs, "assigned_at")))
                .list();
    }

    /**
     * The history of a tag, newest first: of every holder, or of one customer (whose history
     * includes that of profiles merged into it).
     *
     * @param customerNo null: every holder
     * @param before only changes with a smaller id (the previous page's last); null: from the newest
     * @param limit 1 to {@link #MAX_PAGE}
     * @throws ReservoirException not_found, invalid {@code limit}
     */
    @Transactional(readOnly = true)
    public List<Change> history(Caller caller, long tagId, Integer customerNo, Long before, int limit) {
        tags.get(caller, tagId);
        if (limit < 1 || limit > MAX_PAGE) {
            throw ReservoirException.invalid("limit", "must be between 1 and " + MAX_PAGE);
        }
        return jdbc.sql("select * from tag_change where workspace_id = :ws and tag_id = :tag"
                        + (customerNo == null ? "" : " and customer_no = :no")
                        + (before == null ? "" : " and id < :before")
                        + " order by id desc fetch first :limit rows only")
                .param("ws", caller.workspaceId())
                .param("tag", tagId)
                .param("no", customerNo)
                .param("before", before)
                .param("limit", limit)
                .query((rs, row) -> new Change(
                        rs.getLong("id"),
                        rs.getLong("tag_id"),
                        rs.getInt("customer_no"),
                        rs.getString("change_kind"),
                        rs.getString("old_value"),
                        rs.getString("new_value"),
                        SqlTime.read(rs, "changed_at"),
                        rs.getString("cause")))
                .list();
    }
}
