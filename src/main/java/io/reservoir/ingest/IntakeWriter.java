package io.reservoir.ingest;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit (DESIGN.md §3). Callers hand validated messages over and wait; one writer thread
 * takes everything that queued up while the previous transaction committed and writes it in one
 * transaction, then releases all its callers at once. Under load batches grow by themselves; a
 * lone caller is written at once, with no artificial wait.
 *
 * <p>If a batch fails as a whole (a constraint another node violated first, a lost connection),
 * each of its calls is retried in a transaction of its own, so that one bad call fails alone.
 */
@Component
class IntakeWriter implements SmartLifecycle {

    static final int MAX_BATCH_MESSAGES = 5_000;
    static final Duration CALLER_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(IntakeWriter.class);
    /** How often a transaction that lost a deadlock is tried in all. */
    static final int CONFLICT_ATTEMPTS = 5;

    private final BlockingQueue<Submission> queue = new LinkedBlockingQueue<>(2_000);
    private final EventProjector projector;
    private final TransactionTemplate tx;
    private volatile Thread thread;
    private volatile boolean running;

    private final Timer transactions;
    private final DistributionSummary batchSizes;

    private final TableStatistics statistics;

    IntakeWriter(EventProjector projector, TransactionTemplate tx, MeterRegistry meters, TableStatistics statistics) {
        this.projector = projector;
        this.tx = tx;
        this.statistics = statistics;
        this.transactions = Timer.builder("reservoir.intake.transactions")
                .description("Group-commit transactions of the intake writer")
                .register(meters);
        this.batchSizes = DistributionSummary.builder("reservoir.intake.batch.messages")
                .description("Messages written per group-commit transaction")
                .register(meters);
        Gauge.builder("reservoir.intake.queue", queue, BlockingQueue::size)
                .description("Calls waiting for the intake writer")
                .register(meters);
    }

    /** Queues the submission and waits until its batch is committed (or failed). */
    Submission.Result write(Submission submission) {
        if (!running) {
            throw new IllegalStateException("Reservoir is not accepting events (starting or shutting down)");
        }
        try {
            if (!queue.offer(submission, CALLER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("intake queue full for " + CALLER_TIMEOUT.toSeconds() + " s");
            }
            return submission.done().get(CALLER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the intake writer", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "the intake writer did not answer within " + CALLER_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void loop() {
        List<Submission> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Submission first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int messages = first.size();
                Submission next;
                while (messages < MAX_BATCH_MESSAGES && (next = queue.poll()) != null) {
                    batch.add(next);
                    messages += next.size();
                }
                long start = System.nanoTime();
                commit(batch);
                transactions.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                batchSizes.record(messages);
                statistics.written(messages);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Submission> batch) {
        try {
            List<Runnable> completions = transact(batch);
            completions.forEach(Runnable::run);
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(batchFailed);
                return;
            }
            log.debug("Batch of {} calls failed, retrying one by one", batch.size(), batchFailed);
            for (Submission alone : batch) {
                try {
                    List<Runnable> completions = transact(List.of(alone));
                    completions.forEach(Runnable::run);
                } catch (RuntimeException failed) {
                    alone.done().completeExceptionally(failed);
                }
            }
        }
    }

    /**
     * Projects calls in one transaction, again when the database rolled it back to break a deadlock
     * or a serialization conflict with another writer (the loyalty earner locking the same points
     * accounts as a merge, say): nothing of it was kept, so the retry writes the same thing.
     */
    private List<Runnable> transact(List<Submission> calls) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> projector.apply(calls));
            } catch (ConcurrencyFailureException lost) {
                if (attempt == CONFLICT_ATTEMPTS) {
                    throw lost;
                }
                log.debug("Intake transaction lost a lock conflict (attempt {}), retrying", attempt, lost);
            }
        }
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::loop, "reservoir-intake-writer");
        thread.setDaemon(false);
        thread.start();
    }

    /** Stops taking calls and writes what is queued before the database goes away. */
    @Override
    public void stop() {
        running = false;
        Thread writer = thread;
        if (writer != null) {
            try {
                writer.join(CALLER_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Start after the data source and stop before it: a late phase among the lifecycle beans. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }
}
