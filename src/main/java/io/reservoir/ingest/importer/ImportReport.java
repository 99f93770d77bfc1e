package io.reservoir.ingest.importer;

import java.nio.file.Path;
import java.util.Map;

/**
 * What an import did, counted over the whole file, including the part a resumed run had already
 * done before it was interrupted.
 *
 * @param rows data rows read (NDJSON: non-blank lines)
 * @param accepted messages written to the event log
 * @param duplicates messages already in the log (a re-run, or a chunk redone after a crash)
 * @param rejected rows refused, each listed in {@code rejectsFile} with the field and the reason
 * @param skipped rows that are deliberately not imported (e.g. a Tmall order closed unpaid), by reason
 * @param resumedAtRow the row this run started at when it resumed from a checkpoint; 0 otherwise
 * @param finished false when the run stopped before the end of the file (its checkpoint is kept)
 * @param encoding the charset the file was read with
 */
public record ImportReport(
        long rows,
        long accepted,
        long duplicates,
        long rejected,
        long skipped,
        Map<String, Long> skipReasons,
        double seconds,
        long resumedAtRow,
        boolean finished,
        Path rejectsFile,
        String encoding,
        ImportRequest.Layout layout) {

    /** The one-line summary the command prints. */
    public String summary() {
        StringBuilder line = new StringBuilder();
        line.append(String.format(
                "%,d rows read, %,d messages accepted, %,d duplicates, %,d rows rejected",
                rows, accepted, duplicates, rejected));
        if (skipped > 0) {
            line.append(String.format(", %,d skipped %s", skipped, skipReasons));
        }
        line.append(String.format(" in %.1f s", seconds));
        return line.toString();
    }
}
