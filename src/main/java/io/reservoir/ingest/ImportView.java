package io.reservoir.ingest;

import java.time.Instant;

/**
 * A console import and its figures so far.
 *
 * @param rowsImported rows that were not rejected or skipped (also those already imported before)
 * @param seconds time spent reading and storing
 * @param failure why a failed import stopped (the importer's words), or null
 * @param hasRejects whether a rejects file can be downloaded
 */
public record ImportView(
        long id,
        String fileName,
        long fileBytes,
        String type,
        String layout,
        ImportState state,
        long rowsRead,
        long rowsImported,
        long rowsRejected,
        long rowsSkipped,
        long messagesAccepted,
        long duplicates,
        double seconds,
        String encoding,
        String zone,
        String failure,
        String startedBy,
        Instant startedAt,
        Instant finishedAt,
        boolean hasRejects) {

    /** Rows read per second, 0 before the first chunk. */
    public long rowsPerSecond() {
        return seconds <= 0 ? 0 : Math.round(rowsRead / seconds);
    }
}
