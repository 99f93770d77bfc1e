package io.reservoir.audience;

import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PrimitiveIterator;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Snapshots: a saved segment's members frozen at a moment, with the rule and the count, for a
 * campaign that must reach exactly the people selected then, however they change afterwards.
 *
 * <p>A snapshot is written in one transaction (its members in statements of {@link #BATCH}), so it
 * is there whole or not at all. Members are customer numbers of the workspace; see
 * {@link Snapshot} for how merges and erasures change them.
 */
@Service
public class Snapshots {

    /** Members written per statement. */
    static final int BATCH = 10_000;

    /** Largest page of {@link #members(Caller, long, Integer, int)}. */
    public static final int MAX_PAGE = 10_000;

    private final JdbcClient jdbc;
    private final Audiences audiences;
    private final AuditLog audit;

    Snapshots(JdbcClient jdbc, Audiences audiences, AuditLog audit) {
        this.jdbc = jdbc;
        this.audiences = audiences;
        this.audit = audit;
    }

    /**
     * Freezes the segment's members now. Operators; audited.
     *
     * @throws ReservoirException not_found when the segment is not in the caller's workspace
     */
    @Transactional
    public Snapshot take(Caller caller, long segmentId) {
        return take(caller, segmentId, BATCH);
    }

    /** As {@link #take(Caller, long)}, writing {@code batch} members per statement. */
    @Transactional
    Snapshot take(Caller caller, long segmentId, int batchSize) {
        caller.require(Role.OPERATOR);
        long ws = caller.workspaceId();
        // The segment's row stays locked until the snapshot commits: it cannot be deleted meanwhile.
        record Saved(String name, String rule) {}
        Saved segment = jdbc.sql("select name, rule from segment where workspace_id = :ws and id = :id for update")
                .param("ws", ws)
                .param("id", segmentId)
                .query((rs, row) -> new Saved(rs.getString("name"), rs.getString("rule")))
                .optional()
                .orElseThrow(() -> ReservoirException.notFound("segment", segmentId));
        String name = segment.name();
        String ruleText = segment.rule();
        SegmentRule rule = StoredRule.read(ruleText);
        Instant now = audiences.now();
        RoaringBitmap members = audiences.select(ws, rule, now);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into segment_snapshot (workspace_id, segment_id, taken_at, size, rule)
                        values (:ws, :segment, :at, :size, :rule)
                        """)
                .param("ws", ws)
                .param("segment", segmentId)
                .param("at", SqlTime.param(now))
                .param("size", members.getCardinality())
                .param("rule", ruleText)
                .update(keys, "id");
        long id = keys.getKeyAs(Long.class);
        List<Integer> batch = new ArrayList<>(Math.min(batchSize, members.getCardinality()));
        for (IntIterator it = members.getIntIterator(); it.hasNext(); ) {
            batch.add(it.next());
            if (batch.size() == batchSize || !it.hasNext()) {
                jdbc.sql("""
                                insert into segment_snapshot_member (workspace_id, snapshot_id, customer_no)
                                select :ws, :id, k.n from unnest(cast(:nos as integer array)) as k(n)
                                """)
                        .param("ws", ws)
                        .param("id", id)
                        .param("nos", SqlArrays.integers(batch))
                        .update();
                batch.clear();
            }
        }
        audit.record(
                caller,
                "snapshot.taken",
                "snapshot",
                id,
                Map.of("segment", segmentId, "name", name, "size", members.getCardinality()));
        return new Snapshot(id, segmentId, name, now, rule, members.getCardinality());
    }

    /** @throws ReservoirException not_found when the snapshot is not in the caller's workspace */
    @Transactional(readOnly = true)
    public Snapshot get(Caller caller, long id) {
        requireReader(caller);
        return find(caller.workspaceId(), id).orElseThrow(() -> ReservoirException.notFound("snapshot", id));
    }

    /**
     * The snapshots of a segment, newest first.
     *
     * @throws ReservoirException not_found when the segment is not in the caller's workspace
     */
    @Transactional(readOnly = true)
    public List<Snapshot> list(Caller caller, long segmentId) {
        requireReader(caller);
        List<Snapshot> found = jdbc.sql(
                        SELECT + " where p.workspace_id = :ws and p.segment_id = :segment order by p.id desc")
                .param("ws", caller.workspaceId())
                .param("segment", segmentId)
                .query(Snapshots::snapshot)
                .list();
        if (found.isEmpty() && !segmentExists(caller.workspaceId(), segmentId)) {
            throw ReservoirException.notFound("segment", segmentId);
        }
        return found;
    }

    /**
     * A page of a snapshot's members in ascending customer number, after {@code after} (null for
     * the first page); a page shorter than {@code limit} is the last.
     *
     * @throws ReservoirException not_found, invalid {@code limit} outside 1..{@value #MAX_PAGE}
     */
    @Transactional(readOnly = true)
    public int[] members(Caller caller, long id, Integer after, int limit) {
        requireReader(caller);
        if (limit < 1 || limit > MAX_PAGE) {
            throw ReservoirException.invalid("limit", "must be between 1 and " + MAX_PAGE);
        }
        if (find(caller.workspaceId(), id).isEmpty()) {
            throw ReservoirException.notFound("snapshot", id);
        }
        return page(caller.workspaceId(), id, after, limit);
    }

    /**
     * All members of a snapshot, for campaigns; the workspace is the caller's to check.
     *
     * @throws ReservoirException not_found when the workspace has no such snapshot
     */
    @Transactional(readOnly = true)
    public RoaringBitmap members(long workspaceId, long id) {
        if (find(workspaceId, id).isEmpty()) {
            throw ReservoirException.notFound("snapshot", id);
        }
        RoaringBitmap members = new RoaringBitmap();
        jdbc.sql("select customer_no from segment_snapshot_member where workspace_id = :ws and snapshot_id = :id")
                .param("ws", workspaceId)
                .param("id", id)
                .query(rs -> {
                    members.add(rs.getInt(1));
                });
        members.runOptimize();
        return members;
    }

    /**
     * The members of a snapshot in ascending customer number, read a page of {@value #MAX_PAGE}
     * at a time as the iterator advances (each page in a short transaction of its own), for
     * campaigns too large to hold at once. Members who leave the snapshot while it is being read
     * (erasure) may still be returned if their page was read before.
     *
     * @throws ReservoirException not_found when the workspace has no such snapshot
     */
    public PrimitiveIterator.OfInt iterator(long workspaceId, long id) {
        if (find(workspaceId, id).isEmpty()) {
            throw ReservoirException.notFound("snapshot", id);
        }
        return new PrimitiveIterator.OfInt() {
            private int[] page = new int[0];
            private int next;
            private boolean last;

            @Override
            public boolean hasNext() {
                if (next < page.length) {
                    return true;
                }
                if (last) {
                    return false;
                }
                Integer after = page.length == 0 ? null : page[page.length - 1];
                page = page(workspaceId, id, after, MAX_PAGE);
                next = 0;
                last = page.length < MAX_PAGE;
                return page.length > 0;
            }

            @Override
            public int nextInt() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page[next++];
            }
        };
    }

    /**
     * Deletes a snapshot and its members. Operators; audited.
     *
     * @throws ReservoirException not_found
     */
    @Transactional
    public void delete(Caller caller, long id) {
        caller.require(Role.OPERATOR);
        Snapshot snapshot = get(caller, id);
        jdbc.sql("delete from segment_snapshot_member where workspace_id = :ws and snapshot_id = :id")
                .param("ws", caller.workspaceId())
                .param("id", id)
                .update();
        jdbc.sql("delete from segment_snapshot where workspace_id = :ws and id = :id")
                .param("ws", caller.workspaceId())
                .param("id", id)
                .update();
        audit.record(
                caller,
                "snapshot.deleted",
                "snapshot",
                id,
                Map.of(
                        "segment",
                        snapshot.segmentId(),
                        "takenAt",
                        snapshot.takenAt().toString()));
    }

    private int[] page(long workspaceId, long id, Integer after, int limit) {
        return jdbc
                .sql("""
                        select customer_no from segment_snapshot_member
                         where workspace_id = :ws and snapshot_id = :id and customer_no > :after
                         order by customer_no
                         fetch first :limit rows only
                        """)
                .param("ws", workspaceId)
                .param("id", id)
                .param("after", after == null ? -1 : after)
                .param("limit", limit)
                .query(Integer.class)
                .list()
                .stream()
                .mapToInt(Integer::intValue)
                .toArray();
    }

    private static final String SELECT = """
            select p.id, p.segment_id, s.name as segment_name, p.taken_at, p.rule, p.size
              from segment_snapshot p
              join segment s on s.workspace_id = p.workspace_id and s.id = p.segment_id
            """;

    private Optional<Snapshot> find(long workspaceId, long id) {
        return jdbc.sql(SELECT + " where p.workspace_id = :ws and p.id = :id")
                .param("ws", workspaceId)
                .param("id", id)
                .query(Snapshots::snapshot)
                .optional();
    }

    private boolean segmentExists(long workspaceId, long segmentId) {
        return jdbc.sql("select count(*) from segment where workspace_id = :ws and id = :id")
                        .param("ws", workspaceId)
                        .param("id", segmentId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    private static Snapshot snapshot(ResultSet rs, int row) throws SQLException {
        return new Snapshot(
                rs.getLong("id"),
                rs.getLong("segment_id"),
                rs.getString("segment_name"),
                SqlTime.read(rs, "taken_at"),
                StoredRule.read(rs.getString("rule")),
                rs.getInt("size"));
    }

    private static void requireReader(Caller caller) {
        caller.require(Role.OPERATOR, Role.ANALYST);
    }
}
