package io.reservoir.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How far each workspace's log is written and projected, as this node knows it, and the waits on it.
 * The database holds the truth ({@code event_log_head}, {@code intake_projection}); this node learns
 * its own progress at once and another node's by asking the database while it waits.
 *
 * <p>Published: {@code reservoir.intake.projection.lag} (events acknowledged and not yet projected)
 * and {@code reservoir.intake.projection.delay} (time from an acknowledgement to the projection of
 * its events, with percentiles).
 */
@Component
class ProjectionProgress {

    /** How often a wait asks the database, for progress made by another node. */
    private static final Duration RECHECK = Duration.ofMillis(100);

    private final JdbcClient jdbc;
    private final Map<Long, Long> logged = new ConcurrentHashMap<>();
    private final Map<Long, Long> projected = new ConcurrentHashMap<>();
    /** Per workspace: (last seq of an acknowledged batch, when it was acknowledged), oldest first. */
    private final Map<Long, Deque<long[]>> acknowledged = new ConcurrentHashMap<>();

    private final Timer delay;

    ProjectionProgress(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        Gauge.builder("reservoir.intake.projection.lag", this, ProjectionProgress::lag)
                .description("Events acknowledged and not yet projected")
                .register(meters);
        this.delay = Timer.builder("reservoir.intake.projection.delay")
                .description("Time from acknowledging events to projecting them")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .register(meters);
    }

    /** The first stage committed the workspace's log through {@code seq}. */
    void logged(long workspaceId, long seq) {
        logged.merge(workspaceId, seq, Math::max);
        Deque<long[]> pending = acknowledged.computeIfAbsent(workspaceId, w -> new ArrayDeque<>());
        synchronized (pending) {
            pending.addLast(new long[] {seq, System.nanoTime()});
        }
    }

    /** The second stage committed the projection of the workspace's log through {@code seq}. */
    void projected(long workspaceId, long seq) {
        projected.merge(workspaceId, seq, Math::max);
        Deque<long[]> pending = acknowledged.get(workspaceId);
        if (pending != null) {
            long now = System.nanoTime();
            synchronized (pending) {
                while (!pending.isEmpty() && pending.peekFirst()[0] <= seq) {
                    delay.record(now - pending.pollFirst()[1], TimeUnit.NANOSECONDS);
                }
            }
        }
        synchronized (this) {
            notifyAll();
        }
    }

    /** The newest position this node acknowledged for the workspace (0: none). */
    long loggedSeq(long workspaceId) {
        return logged.getOrDefault(workspaceId, 0L);
    }

    /** Events acknowledged on this node and not yet projected, over all workspaces. */
    long lag() {
        long lag = 0;
        for (var entry : logged.entrySet()) {
            lag += Math.max(0, entry.getValue() - projected.getOrDefault(entry.getKey(), 0L));
        }
        return lag;
    }

    /** How far the workspace is projected, from the database (the truth, whichever node projected). */
    long projectedSeq(long workspaceId) {
        long stored = jdbc.sql("select projected_seq from intake_projection where workspace_id = :ws")
                .param("ws", workspaceId)
                .query(Long.class)
                .optional()
                .orElse(0L);
        projected.merge(workspaceId, stored, Math::max);
        return projected.get(workspaceId);
    }

    /**
     * Waits until the workspace is projected through {@code seq}, at most {@code timeout}.
     *
     * @return whether it was
     */
    boolean await(long workspaceId, long seq, Duration timeout) {
        if (projected.getOrDefault(workspaceId, 0L) >= seq) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextCheck = 0;
        while (true) {
            long now = System.nanoTime();
            if (now - nextCheck >= 0) {
                if (projectedSeq(workspaceId) >= seq) {
                    return true;
                }
                nextCheck = now + RECHECK.toNanos();
            }
            long left = deadline - now;
            if (left <= 0) {
                return false;
            }
            synchronized (this) {
                if (projected.getOrDefault(workspaceId, 0L) >= seq) {
                    return true;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, RECHECK.toNanos()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    /** Forgets a deleted workspace. */
    void forget(long workspaceId) {
        logged.remove(workspaceId);
        projected.remove(workspaceId);
        acknowledged.remove(workspaceId);
    }
}
