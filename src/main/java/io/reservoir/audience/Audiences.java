package io.reservoir.audience;

import io.reservoir.audience.engine.AudienceIndex;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.roaringbitmap.RoaringBitmap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Who a rule selects now: answered from the in-memory audience index (milliseconds), with SQL
 * for what the index does not hold. The caller's workspace only; active customers only.
 */
@Service
public class Audiences {

    private final AudienceIndex index;
    private final SegmentSql sql;
    private final JdbcClient jdbc;
    private final Clock clock;

    Audiences(AudienceIndex index, SegmentSql sql, JdbcClient jdbc, Clock clock) {
        this.index = index;
        this.sql = sql;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The customer numbers {@code rule} selects in the caller's workspace at this moment. */
    public RoaringBitmap select(Caller caller, SegmentRule rule) {
        return select(caller.workspaceId(), rule, now());
    }

    /** As {@link #select(Caller, SegmentRule)} at {@code now}, for a workspace already checked. */
    public RoaringBitmap select(long workspaceId, SegmentRule rule, Instant now) {
        return index.evaluate(
                workspaceId,
                rule,
                now,
                segmentId -> stored(workspaceId, segmentId),
                sub -> sql.evaluate(workspaceId, sub, now));
    }

    /** Event windows end now, to the microsecond the log keeps. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private SegmentRule stored(long workspaceId, long segmentId) {
        return jdbc.sql("select rule from segment where workspace_id = :ws and id = :id")
                .param("ws", workspaceId)
                .param("id", segmentId)
                .query(String.class)
                .optional()
                .map(StoredRule::read)
                .orElseThrow(() -> ReservoirException.notFound("segment", segmentId));
    }
}
