package io.reservoir.audience.engine;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.reservoir.audience.SegmentRule;
import io.reservoir.audience.TagsChanged;
import io.reservoir.identity.CustomerErased;
import io.reservoir.identity.CustomerUnmerged;
import io.reservoir.identity.CustomersMerged;
import io.reservoir.loyalty.MembersChanged;
import io.reservoir.platform.tenancy.WorkspaceDeleting;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The in-memory audience index of every workspace: built from the database on first use, then
 * kept current by reading the event log after its cursor (and the customers the new events name)
 * every {@link AudienceSettings#refresh()}, and by following merges, unmerges and erasures. Losing
 * it loses nothing: it is rebuilt from the database.
 */
@Component
public class AudienceIndex {

    private static final Logger log = LoggerFactory.getLogger(AudienceIndex.class);
    static final int TAIL_BATCH = 20_000;

    private final IndexLoader loader;
    private final JdbcTemplate jdbc;
    private final AudienceSettings settings;
    private final Clock clock;
    private final Map<Long, WorkspaceIndex> workspaces = new ConcurrentHashMap<>();
    /** Workspaces whose index is built or being built: their changes are marked. */
    private final Set<Long> followed = ConcurrentHashMap.newKeySet();
    /** Customers whose state changed outside the log (tags, loyalty, erasures), reloaded at the next refresh. */
    private final Map<Long, Set<Integer>> dirty = new ConcurrentHashMap<>();
    /** Customers whose events a merge or an unmerge moved, reloaded with their events. */
    private final Map<Long, Set<Integer>> moved = new ConcurrentHashMap<>();

    AudienceIndex(JdbcTemplate jdbc, IndexLoader loader, AudienceSettings settings, Clock clock, MeterRegistry meters) {
        this.loader = loader;
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
        Gauge.builder("reservoir.audience.index.bytes", this, AudienceIndex::bytes)
                .description("memory held by the audience indexes of all workspaces")
                .baseUnit("bytes")
                .register(meters);
    }

    /**
     * The active customers of the workspace that {@code rule} selects at {@code now}, from memory;
     * saved segments it names are read with {@code segments}, and what the index does not hold is
     * answered by {@code fallback} (the SQL evaluator).
     */
    public RoaringBitmap evaluate(
            long workspaceId,
            SegmentRule rule,
            Instant now,
            LongFunction<SegmentRule> segments,
            Function<SegmentRule, int[]> fallback) {
        Map<String, Long> tagIds = new HashMap<>();
        jdbc.query(
                "select id, name from tag where workspace_id = ?",
                (RowCallbackHandler) rs -> tagIds.put(rs.getString(2), rs.getLong(1)),
                workspaceId);
        return read(
                workspaceId,
                index -> new BitmapEvaluator(
                                index, now, tagIds, segments, r -> RoaringBitmap.bitmapOf(fallback.apply(r)))
                        .evaluate(rule));
    }

    /** Runs {@code read} against the workspace's index under its read lock, building it first if needed. */
    <T> T read(long workspaceId, Function<WorkspaceIndex, T> read) {
        WorkspaceIndex index = workspaces.computeIfAbsent(workspaceId, this::build);
        refresh(index);
        index.lock.readLock().lock();
        try {
            return read.apply(index);
        } finally {
            index.lock.readLock().unlock();
        }
    }

    /**
     * Runs {@code read} against what the workspace's index holds now, without catching up with the
     * log first (0-like answers come from {@code read} itself when the index is not built): for
     * watching how far behind the scheduled refresh is.
     */
    <T> T peek(long workspaceId, Function<WorkspaceIndex, T> read) {
        WorkspaceIndex index = workspaces.get(workspaceId);
        if (index == null) {
            return read.apply(new WorkspaceIndex(workspaceId, settings.indexedEvents()));
        }
        index.lock.readLock().lock();
        try {
            return read.apply(index);
        } finally {
            index.lock.readLock().unlock();
        }
    }

    private WorkspaceIndex build(long workspaceId) {
        // From here on changes are marked; those before the load below are read by it anyway.
        followed.add(workspaceId);
        long started = System.nanoTime();
        WorkspaceIndex index = new WorkspaceIndex(workspaceId, settings.indexedEvents());
        index.eventHorizon =
                clock.instant().minus(Duration.ofDays(settings.horizonDays())).getEpochSecond();
        long end = loader.logEnd(workspaceId);
        loader.loadAll(index);
        loader.loadEvents(index, end);
        log.info(
                "audience index of workspace {} built in {} ms ({} customers, {} MB)",
                workspaceId,
                (System.nanoTime() - started) / 1_000_000,
                index.active.getCardinality(),
                index.bytes() / 1_000_000);
        return index;
    }

    /** Reads what changed since the last refresh: new events and the customers they name. */
    void refresh(WorkspaceIndex index) {
        index.lock.writeLock().lock();
        try {
            Set<Integer> movedEvents = moved.remove(index.workspaceId);
            if (movedEvents != null) {
                loader.reload(index, movedEvents);
                loader.reloadEvents(index, movedEvents);
            }
            Set<Integer> outside = dirty.remove(index.workspaceId);
            if (outside != null) {
                loader.reload(index, outside);
            }
            for (Set<Integer> touched; !(touched = loader.tail(index, TAIL_BATCH)).isEmpty(); ) {
                loader.reload(index, touched);
                if (touched.size() < TAIL_BATCH) {
                    break;
                }
            }
        } finally {
            index.lock.writeLock().unlock();
        }
    }

    @Scheduled(fixedDelayString = "${reservoir.audience.refresh:200ms}")
    void refreshAll() {
        for (WorkspaceIndex index : List.copyOf(workspaces.values())) {
            try {
                refresh(index);
            } catch (RuntimeException e) {
                log.warn("audience index of workspace {} not refreshed: {}", index.workspaceId, e.toString());
            }
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(CustomersMerged merged) {
        mark(moved, merged.workspaceId(), Set.of(merged.winner(), merged.loser()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(CustomerUnmerged unmerged) {
        mark(moved, unmerged.workspaceId(), Set.of(unmerged.from(), unmerged.restored()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(CustomerErased erased) {
        mark(dirty, erased.workspaceId(), Set.of(erased.customerNo()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TagsChanged changed) {
        mark(dirty, changed.workspaceId(), changed.customerNos());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(MembersChanged changed) {
        mark(dirty, changed.workspaceId(), changed.customerNos());
    }

    private void mark(Map<Long, Set<Integer>> marks, long workspaceId, Set<Integer> customerNos) {
        if (followed.contains(workspaceId)) { // else built from the database when first used
            marks.computeIfAbsent(workspaceId, ws -> ConcurrentHashMap.newKeySet())
                    .addAll(customerNos);
        }
    }

    /** A deleted workspace is forgotten once its deletion committed. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(WorkspaceDeleting deleting) {
        rebuild(deleting.workspaceId());
    }

    /** Whether the workspace's index is in memory (built, being built or followed). */
    public boolean holds(long workspaceId) {
        return workspaces.containsKey(workspaceId) || followed.contains(workspaceId);
    }

    /** Drops a workspace's index; the next use builds it again from the database. */
    public void rebuild(long workspaceId) {
        followed.remove(workspaceId);
        workspaces.remove(workspaceId);
        dirty.remove(workspaceId);
        moved.remove(workspaceId);
    }

    double bytes() {
        return workspaces.values().stream().mapToLong(WorkspaceIndex::bytes).sum();
    }
}
