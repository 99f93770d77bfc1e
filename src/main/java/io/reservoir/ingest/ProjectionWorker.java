package io.reservoir.ingest;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the second stage: one thread that projects every workspace whose log is ahead of its
 * projection, a batch ({@link EventProjector#projectNext}) at a time. It is woken by the first stage
 * on this node and, for what another node logged or what was logged before a restart, asks the
 * database every {@link #DISCOVERY} which workspaces are behind.
 *
 * <p>A batch that fails is retried smaller, down to one event; an event that cannot be projected
 * stops its workspace's projection (it is retried every few seconds, and the lag metric grows)
 * rather than being skipped: the projection never passes an event it did not project.
 */
@Component
class ProjectionWorker extends StageThread {

    private static final Logger log = LoggerFactory.getLogger(ProjectionWorker.class);
    static final Duration DISCOVERY = Duration.ofMillis(500);
    private static final Duration STUCK_RETRY = Duration.ofSeconds(5);
    private static final int CONFLICT_ATTEMPTS = 5;

    private final EventProjector projector;
    private final ProjectionProgress progress;
    private final PendingOrders pending;
    private final LoggedMessages loggedMessages;
    private final TransactionTemplate tx;
    private final JdbcClient jdbc;
    private final int batchSize;

    private final Set<Long> woken = new LinkedHashSet<>();
    private final Object progressMade = new Object();
    private long stuckUntil;

    ProjectionWorker(
            EventProjector projector,
            ProjectionProgress progress,
            PendingOrders pending,
            LoggedMessages loggedMessages,
            TransactionTemplate tx,
            JdbcClient jdbc,
            @Value("${reservoir.intake.projection.batch:5000}") int batchSize) {
        super(
                "reservoir-intake-projection",
                Integer.MAX_VALUE
                        - 2049); // started before the writer and stopped after it, so that what the writer logged is
        // projected
        this.projector = projector;
        this.progress = progress;
        this.pending = pending;
        this.loggedMessages = loggedMessages;
        this.tx = tx;
        this.jdbc = jdbc;
        this.batchSize = batchSize;
    }

    /** The workspace's log has new events. */
    void wake(long workspaceId) {
        synchronized (woken) {
            woken.add(workspaceId);
            woken.notifyAll();
        }
    }

    /** Waits at most {@code timeout} for the next batch to be projected. */
    void awaitProgress(Duration timeout) {
        synchronized (progressMade) {
            try {
                progressMade.wait(Math.max(1, timeout.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    void loop() {
        long nextDiscovery = 0;
        while (running()) {
            try {
                Long workspaceId = nextWoken();
                if (workspaceId != null) {
                    projectAll(workspaceId);
                }
                if (System.nanoTime() - nextDiscovery >= 0) {
                    behind().forEach(this::projectAll);
                    nextDiscovery = System.nanoTime() + DISCOVERY.toNanos();
                }
                if (workspaceId == null) {
                    synchronized (woken) {
                        if (woken.isEmpty()) {
                            woken.wait(DISCOVERY.toMillis());
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Projection round failed; retrying", e);
            }
        }
        // stopping: what the first stage logged before it stopped is projected before the database goes
        behind().forEach(this::projectAll);
    }

    private Long nextWoken() {
        synchronized (woken) {
            var it = woken.iterator();
            if (!it.hasNext()) {
                return null;
            }
            Long next = it.next();
            it.remove();
            return next;
        }
    }

    /** The workspaces whose log is ahead of their projection, whoever logged it. */
    private List<Long> behind() {
        if (System.nanoTime() - stuckUntil < 0) {
            return List.of();
        }
        return jdbc.sql("""
                        select h.workspace_id from event_log_head h
                          join intake_projection p on p.workspace_id = h.workspace_id
                         where h.last_seq > p.projected_seq
                        """).query(Long.class).list();
    }

    /** Projects the workspace until its projection reaches the log's end. */
    void projectAll(long workspaceId) {
        int size = batchSize;
        while (true) {
            EventProjector.Projected projected;
            try {
                projected = transact(workspaceId, size);
            } catch (RuntimeException failed) {
                if (size > 1) {
                    size = Math.max(1, size / 10);
                    log.debug("Projection batch of workspace {} failed, retrying with {}", workspaceId, size, failed);
                    continue;
                }
                log.error(
                        "An event of workspace {} cannot be projected; its projection waits (retried in {} s)",
                        workspaceId,
                        STUCK_RETRY.toSeconds(),
                        failed);
                stuckUntil = System.nanoTime() + STUCK_RETRY.toNanos();
                return;
            }
            if (projected == null) {
                return;
            }
            pending.remove(workspaceId, projected.messageIds());
            loggedMessages.forget(workspaceId, projected.messageIds());
            progress.projected(workspaceId, projected.through());
            synchronized (progressMade) {
                progressMade.notifyAll();
            }
            size = batchSize;
        }
    }

    private EventProjector.Projected transact(long workspaceId, int size) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> projector.projectNext(workspaceId, size));
            } catch (ConcurrencyFailureException lost) {
                if (attempt == CONFLICT_ATTEMPTS) {
                    throw lost;
                }
            }
        }
    }

    /** Wakes the loop so that it sees the stop and projects what the writer logged before it. */
    @Override
    void stopping() {
        synchronized (woken) {
            woken.notifyAll();
        }
    }
}
