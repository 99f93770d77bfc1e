package io.reservoir.ingest.importer;

import io.reservoir.ingest.Intake;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Commits the chunks of an import on one background thread while the importing thread reads and
 * maps the next: chunks are committed strictly in file order, each one's rejects and then its
 * checkpoint written only after its commit. At most one chunk waits while one is being committed,
 * so memory stays bounded. A failure stops the committing; the importing thread is told at its
 * next hand-off, or by {@link #finish()}.
 */
final class ChunkCommitter {

    /** Rows of one order (or a single row) that become messages together and are rejected together. */
    static final class Group {
        private final List<Row> rows = new ArrayList<>(1);

        List<Row> rows() {
            return rows;
        }
    }

    /**
     * A chunk read and mapped: the groups to store with their messages (in file order), the
     * groups already refused by the mapping, what the chunk adds to the figures, and where the
     * import stands after it.
     *
     * @param decimalIds the counts of decimal-looking identities after this chunk (a copy)
     * @param offset byte offset of the first row after the chunk (the end of the file after the last)
     * @param nextRow that row's number (0 at the end)
     */
    record Chunk(
            Map<Group, List<ObjectNode>> messages,
            Map<Group, Intake.Rejected> refused,
            long rows,
            long skipped,
            Map<String, Long> skipReasons,
            long gathered,
            Map<String, Long> decimalIds,
            long offset,
            long nextRow) {}

    /** The import's figures, as of the last committed chunk. */
    static final class Totals {
        long rows;
        long accepted;
        /** The event log's position after the last chunk stored: the import waits for its projection. */
        long logPosition;

        long duplicates;
        long rejected;
        long skipped;
        long gathered;
        long offset;
        final Map<String, Long> skipReasons = new LinkedHashMap<>();
        Map<String, Long> decimalIds = Map.of();
    }

    private static final Object END = new Object();

    private final ImportRequest request;
    private final Importer.Plan plan;
    private final String kind;
    private final Intake intake;
    private final RowMapping mapping;
    private final RejectsFile rejects;
    private final Path checkpointFile;
    private final ProgressBar progress;
    private final long started;
    private final Totals totals;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(1);
    private final Thread thread;
    private volatile Throwable failure;

    ChunkCommitter(
            ImportRequest request,
            Importer.Plan plan,
            String kind,
            Intake intake,
            RowMapping mapping,
            RejectsFile rejects,
            ProgressBar progress,
            long started,
            Totals totals) {
        this.request = request;
        this.plan = plan;
        this.kind = kind;
        this.intake = intake;
        this.mapping = mapping;
        this.rejects = rejects;
        this.checkpointFile = request.checkpointFile();
        this.progress = progress;
        this.started = started;
        this.totals = totals;
        this.thread =
                new Thread(this::commitAll, "import-commit-" + request.file().getFileName());
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Hands the chunk over, waiting while another one already waits.
     *
     * @throws InterruptedIOException when the importing thread is interrupted while waiting
     * @throws RuntimeException or IOException: the failure that stopped the committing
     */
    void submit(Chunk chunk) throws IOException {
        rethrowFailure();
        try {
            queue.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted();
        }
        rethrowFailure(); // a failure while this waited stops the reading now
    }

    /**
     * Waits until every chunk handed over is committed; the figures are then final.
     *
     * @throws RuntimeException or IOException: the failure that stopped the committing
     */
    Totals finish() throws IOException {
        try {
            queue.put(END);
            thread.join();
        } catch (InterruptedException e) {
            abort();
            throw interrupted();
        }
        rethrowFailure();
        return totals;
    }

    /**
     * Stops at once: chunks not yet committed are dropped (their rows are read again on
     * resumption), the commit under way is interrupted and its checkpoint not written.
     */
    void abort() {
        boolean interrupted = Thread.interrupted();
        queue.clear();
        queue.offer(END);
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static InterruptedIOException interrupted() {
        return new InterruptedIOException("the import was interrupted; importing the file again resumes it");
    }

    private void rethrowFailure() throws IOException {
        Throwable t = failure;
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (t instanceof Error error) {
            throw error;
        }
    }

    private void commitAll() {
        while (true) {
            Object next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                if (failure == null) {
                    failure = interrupted();
                }
                return;
            }
            if (next == END) {
                return;
            }
            if (failure != null) {
                continue; // stopped: what was handed over after the failure is dropped
            }
            try {
                commit((Chunk) next);
                if (Thread.currentThread().isInterrupted()) {
                    failure = interrupted();
                }
            } catch (Throwable t) {
                failure = t;
            }
        }
    }

    private void commit(Chunk chunk) throws IOException {
        Map<Group, Intake.Rejected> refused = new LinkedHashMap<>(chunk.refused());
        store(new ArrayList<>(chunk.messages().keySet()), chunk.messages(), refused);
        List<Map.Entry<Group, Intake.Rejected>> inOrder = new ArrayList<>(refused.entrySet());
        inOrder.sort((a, b) -> Long.compare(
                a.getKey().rows().get(0).number(), b.getKey().rows().get(0).number()));
        for (var entry : inOrder) {
            for (Row row : entry.getKey().rows()) {
                rejects.add(
                        row.number(), entry.getValue().field(), entry.getValue().reason(), row.raw());
                totals.rejected++;
            }
        }
        totals.rows += chunk.rows();
        totals.skipped += chunk.skipped();
        chunk.skipReasons().forEach((reason, count) -> totals.skipReasons.merge(reason, count, Long::sum));
        totals.gathered += chunk.gathered();
        totals.decimalIds = chunk.decimalIds();
        totals.offset = chunk.offset();
        if (Thread.currentThread().isInterrupted()) {
            return; // stopped: the chunk is sent again on resumption, its messages as duplicates
        }
        new Checkpoint(
                        plan.size(),
                        plan.modified(),
                        kind,
                        chunk.offset(),
                        chunk.nextRow(),
                        totals.rows,
                        totals.accepted,
                        totals.duplicates,
                        totals.rejected,
                        totals.skipped,
                        totals.skipReasons,
                        rejects.flush(),
                        totals.gathered,
                        totals.decimalIds)
                .write(checkpointFile);
        progress.update(totals.rows, chunk.offset(), false);
        if (request.listener() != null) {
            request.listener()
                    .progressed(new ImportProgress(
                            totals.rows,
                            totals.accepted,
                            totals.duplicates,
                            totals.rejected,
                            totals.skipped,
                            (System.nanoTime() - started) / 1e9));
        }
    }

    /**
     * Hands the groups' messages to intake. When intake fails on them with anything but a refusal
     * of a message (a database error such as a value too long for its column), the groups are
     * halved and retried until the group(s) that cannot be stored are found: their rows are
     * rejected with the cause, the others are committed, and the import goes on. An unreachable
     * database is no group's fault, nor is a stop: either stops the import, to be resumed.
     */
    private void store(
            List<Group> groups, Map<Group, List<ObjectNode>> mappedGroups, Map<Group, Intake.Rejected> refused) {
        List<JsonNode> messages = new ArrayList<>();
        List<Group> owners = new ArrayList<>();
        for (Group group : groups) {
            for (ObjectNode message : mappedGroups.get(group)) {
                messages.add(message);
                owners.add(group);
            }
        }
        if (messages.isEmpty()) {
            return;
        }
        List<Intake.Rejected> byIntake = new ArrayList<>();
        Intake.Accepted result;
        try {
            result = intake.acceptValid(request.workspaceId(), messages, byIntake);
        } catch (RuntimeException e) {
            if (StoreFailure.isUnavailable(e) || Thread.currentThread().isInterrupted()) {
                throw e;
            }
            if (groups.size() == 1) {
                refused.put(groups.get(0), StoreFailure.rejection(e));
                return;
            }
            int half = groups.size() / 2;
            store(groups.subList(0, half), mappedGroups, refused);
            store(groups.subList(half, groups.size()), mappedGroups, refused);
            return;
        }
        totals.accepted += result.accepted();
        totals.logPosition = Math.max(totals.logPosition, result.position());
        totals.duplicates += result.duplicates();
        for (Intake.Rejected r : byIntake) {
            refused.putIfAbsent(
                    owners.get(r.index()),
                    new Intake.Rejected(
                            r.index(),
                            mapping.column(r.field(), (ObjectNode) messages.get(r.index())),
                            reason(r.field(), r.reason())));
        }
    }

    /** Intake's messages start with the field ({@code properties.total: …}); the rejects file has its own column. */
    private static String reason(String field, String message) {
        String prefix = field + ": ";
        return field != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** For the progress line after a stop: where the committed rows end. */
    long committedOffset() {
        return totals.offset;
    }
}
