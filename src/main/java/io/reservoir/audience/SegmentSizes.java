package io.reservoir.audience;

import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A saved segment's size over time. A size is recorded when the segment is counted through the
 * API, at most once an hour, and once a day (UTC) for every segment by a job that runs every hour,
 * so a day missed while no node ran is recorded when one runs again.
 *
 * <p>Nodes sharing a database take turns per segment: a recording locks the segment's row and
 * looks again whether one is due, so no hour or day is recorded twice.
 */
@Service
public class SegmentSizes {

    /** Counts through the API are recorded at most this often per segment. */
    static final Duration API_SPACING = Duration.ofHours(1);

    static final int MAX_DAYS = 3650;
    private static final Logger log = LoggerFactory.getLogger(SegmentSizes.class);

    /** One recorded size; {@code source} is {@code api} or {@code daily}. */
    public record Size(Instant at, int count, String source) {}

    private final JdbcClient jdbc;
    private final Audiences audiences;
    private final TransactionTemplate tx;
    private final Clock clock;

    SegmentSizes(JdbcClient jdbc, Audiences audiences, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.audiences = audiences;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * The sizes recorded in the last {@code days} days, oldest first.
     *
     * @throws ReservoirException not_found, invalid {@code days} outside 1..3650
     */
    @Transactional(readOnly = true)
    public List<Size> list(Caller caller, long segmentId, int days) {
        caller.require(Role.OPERATOR, Role.ANALYST);
        if (days < 1 || days > MAX_DAYS) {
            throw ReservoirException.invalid("days", "must be between 1 and " + MAX_DAYS);
        }
        requireSegment(caller.workspaceId(), segmentId);
        return jdbc.sql("""
                        select counted_at, size, source from segment_count
                         where workspace_id = :ws and segment_id = :id and counted_at > :since
                         order by counted_at
                        """)
                .param("ws", caller.workspaceId())
                .param("id", segmentId)
                .param("since", SqlTime.param(clock.instant().minus(Duration.ofDays(days))))
                .query((rs, row) -> new Size(SqlTime.read(rs, "counted_at"), rs.getInt("size"), rs.getString("source")))
                .list();
    }

    /**
     * Records a size counted through the API at {@code at}, unless a size of the segment was
     * recorded less than an hour before; in a transaction of its own.
     *
     * @return whether it was recorded
     */
    boolean counted(long workspaceId, long segmentId, int count, Instant at) {
        Instant since = at.minus(API_SPACING);
        if (recordedSince(workspaceId, segmentId, null, since)) {
            return false; // the common case, answered without a lock
        }
        return Boolean.TRUE.equals(tx.execute(status -> {
            if (lockedRule(workspaceId, segmentId) == null || recordedSince(workspaceId, segmentId, null, since)) {
                return false;
            }
            insert(workspaceId, segmentId, count, at, "api");
            return true;
        }));
    }

    /** Hourly: a daily size for each segment that has none yet today (UTC). */
    @Scheduled(
            fixedDelayString = "${reservoir.segments.sizes-check:1h}",
            initialDelayString = "${reservoir.segments.sizes-check:1h}")
    void recordDaily() {
        for (long workspaceId : jdbc.sql("select distinct workspace_id from segment")
                .query(Long.class)
                .list()) {
            try {
                recordDaily(workspaceId);
            } catch (RuntimeException e) {
                log.warn("Daily segment sizes of workspace {} not recorded; retrying next hour", workspaceId, e);
            }
        }
    }

    /** Records today's size of every segment of the workspace that has none; returns how many. */
    int recordDaily(long workspaceId) {
        Instant today = clock.instant()
                .atZone(ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.DAYS)
                .toInstant();
        List<Long> due = jdbc.sql("""
                        select s.id from segment s
                         where s.workspace_id = :ws
                           and not exists (select 1 from segment_count c
                                            where c.workspace_id = s.workspace_id and c.segment_id = s.id
                                              and c.source = 'daily' and c.counted_at >= :today)
                         order by s.id
                        """)
                .param("ws", workspaceId)
                .param("today", SqlTime.param(today))
                .query(Long.class)
                .list();
        int recorded = 0;
        for (long segmentId : due) {
            Boolean done = tx.execute(status -> {
                SegmentRule rule = lockedRule(workspaceId, segmentId);
                if (rule == null || recordedSince(workspaceId, segmentId, "daily", today)) {
                    return false;
                }
                Instant now = audiences.now();
                int count = audiences.select(workspaceId, rule, now).getCardinality();
                insert(workspaceId, segmentId, count, now, "daily");
                return true;
            });
            recorded += Boolean.TRUE.equals(done) ? 1 : 0;
        }
        return recorded;
    }

    /** Whether a size (of {@code source}, or any) was recorded at or after {@code since}. */
    private boolean recordedSince(long workspaceId, long segmentId, String source, Instant since) {
        return jdbc.sql("""
                        select count(*) from segment_count
                         where workspace_id = :ws and segment_id = :id and counted_at >= :since
                           and (cast(:source as varchar) is null or source = :source)
                        """)
                        .param("ws", workspaceId)
                        .param("id", segmentId)
                        .param("since", SqlTime.param(since))
                        .param("source", source)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Locks the segment's row; null when it is gone. */
    private SegmentRule lockedRule(long workspaceId, long segmentId) {
        return jdbc.sql("select rule from segment where workspace_id = :ws and id = :id for update")
                .param("ws", workspaceId)
                .param("id", segmentId)
                .query(String.class)
                .optional()
                .map(StoredRule::read)
                .orElse(null);
    }

    private void insert(long workspaceId, long segmentId, int count, Instant at, String source) {
        jdbc.sql("""
                        insert into segment_count (workspace_id, segment_id, counted_at, size, source)
                        values (:ws, :id, :at, :size, :source)
                        """)
                .param("ws", workspaceId)
                .param("id", segmentId)
                .param("at", SqlTime.param(at))
                .param("size", count)
                .param("source", source)
                .update();
    }

    private void requireSegment(long workspaceId, long segmentId) {
        boolean exists = jdbc.sql("select count(*) from segment where workspace_id = :ws and id = :id")
                        .param("ws", workspaceId)
                        .param("id", segmentId)
                        .query(Long.class)
                        .single()
                > 0;
        if (!exists) {
            throw ReservoirException.notFound("segment", segmentId);
        }
    }
}
