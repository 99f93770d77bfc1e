package io.reservoir.ingest;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Validated messages of one call waiting for the writer. {@code allOrNothing} calls (HTTP) fail
 * whole when one message breaks a rule only the database can check (a refund larger than its
 * order); row-by-row calls (import) lose just that message, reported in {@code rejected}.
 */
record Submission(long workspaceId, List<Incoming> messages, boolean allOrNothing, CompletableFuture<Result> done) {

    /**
     * What became of the messages: written, replays, and (row by row) the ones refused; {@code
     * position} is the log's head after them, which a reader can wait for.
     */
    record Result(int accepted, int duplicates, List<Intake.Rejected> rejected, long position) {}

    int size() {
        return messages.size();
    }
}
