package io.reservoir.ingest;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.reservoir.platform.errors.ReservoirException;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The first stage of the intake, by group commit (DESIGN.md §3). Callers hand validated messages
 * over and wait; one writer thread takes everything that queued up while the previous transaction
 * committed, appends it to the event log in one transaction ({@link LogAppender}), then releases
 * all its callers at once and wakes the projection ({@link ProjectionWorker}). Under load batches
 * grow by themselves; a lone caller is written at once, with no artificial wait.
 *
 * <p><b>Back-pressure.</b> When the queue is full, or the projection is more than {@code
 * reservoir.intake.max-lag} events behind, a caller that cannot wait (HTTP) is refused at once
 * with a retryable answer (503 and {@code Retry-After}); an in-process caller (an import) waits.
 *
 * <p>If a batch fails as a whole (a constraint another node violated first, a lost connection),
 * each of its calls is retried in a transaction of its own, so that one bad call fails alone.
 */
@Component
class IntakeWriter extends StageThread {

    static final int MAX_BATCH_MESSAGES = 5_000;
    static final Duration CALLER_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(IntakeWriter.class);
    /** How often a transaction that lost a deadlock is tried in all. */
    static final int CONFLICT_ATTEMPTS = 5;

    /** How long a refused HTTP caller is asked to wait before sending again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final BlockingQueue<Submission> queue = new LinkedBlockingQueue<>(2_000);
    private final LogAppender appender;
    private final ProjectionProgress progress;
    private final ProjectionWorker projection;
    private final long maxLag;
    private final TransactionTemplate tx;

    private final Timer transactions;
    private final DistributionSummary batchSizes;

    private final TableStatistics statistics;

    IntakeWriter(
            LogAppender appender,
            ProjectionProgress progress,
            ProjectionWorker projection,
            @Value("${reservoir.intake.max-lag:200000}") long maxLag,
            TransactionTemplate tx,
            MeterRegistry meters,
            TableStatistics statistics) {
        super(
                "reservoir-intake-writer",
                Integer.MAX_VALUE - 2048); // a late phase: started after the data source, stopped before it
        this.appender = appender;
        this.progress = progress;
        this.projection = projection;
        this.maxLag = maxLag;
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

    /**
     * Queues the submission and waits until its batch is logged (or failed).
     *
     * @param canWait whether the caller waits while the intake is behind (in-process) or is refused
     *     with a retryable answer (HTTP)
     */
    Submission.Result write(Submission submission, boolean canWait) {
        if (!running()) {
            throw ReservoirException.busy(
                    "Reservoir is not accepting events yet (starting or shutting down)", RETRY_AFTER);
        }
        try {
            if (!canWait && (progress.lag() > maxLag || !queue.offer(submission))) {
                throw ReservoirException.busy(
                        "the intake is behind (" + progress.lag()
                                + " events waiting to be projected); send again later",
                        RETRY_AFTER);
            } else if (canWait) {
                long deadline = System.nanoTime() + CALLER_TIMEOUT.toNanos();
                while (progress.lag() > maxLag && System.nanoTime() < deadline) {
                    projection.awaitProgress(Duration.ofMillis(100));
                }
                if (!queue.offer(submission, CALLER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw ReservoirException.busy(
                            "intake queue full for " + CALLER_TIMEOUT.toSeconds() + " s", RETRY_AFTER);
                }
            }
            return submission.done().get(CALLER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the intake writer", e);
        } catch (TimeoutException e) {
            throw ReservoirException.busy(
                    "the intake writer did not answer within " + CALLER_TIMEOUT.toSeconds() + " s", RETRY_AFTER);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    void loop() {
        List<Submission> batch = new ArrayList<>();
        while (running() || !queue.isEmpty()) {
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
            logged(transact(batch));
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(batchFailed);
                return;
            }
            log.debug("Batch of {} calls failed, retrying one by one", batch.size(), batchFailed);
            for (Submission alone : batch) {
                try {
                    logged(transact(List.of(alone)));
                } catch (RuntimeException failed) {
                    alone.done().completeExceptionally(failed);
                }
            }
        }
    }

    /** The batch is durable: the projection learns of it, then its callers are answered. */
    private void logged(LogAppender.Appended appended) {
        appended.heads().forEach(progress::logged);
        appended.logged().keySet().forEach(projection::wake);
        appended.completions().forEach(Runnable::run);
    }

    /**
     * Logs calls in one transaction, again when the database rolled it back to break a deadlock or
     * a serialization conflict with another writer: nothing of it was kept, so the retry writes the
     * same thing.
     */
    private LogAppender.Appended transact(List<Submission> calls) {
        for (int attempt = 1; ; attempt++) {
            LogAppender.Appended[] appended = new LogAppender.Appended[1];
            try {
                return tx.execute(status -> appended[0] = appender.append(calls));
            } catch (RuntimeException failed) {
                if (appended[0] != null) {
                    appender.rolledBack(appended[0]); // the commit itself failed
                }
                if (!(failed instanceof ConcurrencyFailureException lost)) {
                    throw failed;
                }
                if (attempt == CONFLICT_ATTEMPTS) {
                    throw lost;
                }
                log.debug("Intake transaction lost a lock conflict (attempt {}), retrying", attempt, lost);
            }
        }
    }
}
