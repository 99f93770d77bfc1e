package io.reservoir.ingest.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * @param zone the time zone of the file's times without an offset
 * @param gathered documents (orders, refunds) whose rows lay apart in the file, each imported whole
 * @param decimalIds identity values written like {@code 17850.0}, by column
 * @param integerIds whether those were read as whole numbers ({@code --integer-ids})
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
        ImportRequest.Layout layout,
        String zone,
        long gathered,
        Map<String, Long> decimalIds,
        boolean integerIds) {

    /** The one-line summary the command prints. */
    public String summary() {
        StringBuilder line = new StringBuilder();
        line.append(String.format(
                "%,d rows read, %,d messages accepted, %,d duplicates, %,d rows rejected",
                rows, accepted, duplicates, rejected));
        if (skipped > 0) {
            line.append(String.format(", %,d skipped %s", skipped, skipReasons));
        }
        if (gathered > 0) {
            line.append(String.format(", %,d orders gathered from rows apart in the file", gathered));
        }
        line.append(String.format(" in %.1f s; times without an offset read in %s", seconds, zone));
        return line.toString();
    }

    /**
     * Identity values such as {@code 17850.0} — a spreadsheet's rendering of the id {@code 17850}:
     * what was done with them and the option that does the other thing; empty when there were none.
     */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        decimalIds.forEach((column, count) -> warnings.add(
                integerIds
                        ? String.format(
                                "%,d values of %s such as 17850.0 were imported as whole numbers (17850) by --integer-ids",
                                count, column)
                        : String.format(
                                "%,d values of %s look like 17850.0, a spreadsheet's rendering of a whole number: kept as"
                                        + " written; --integer-ids imports them as 17850",
                                count, column)));
        return warnings;
    }
}
