package io.reservoir.ingest.importer;

/**
 * How far a running import is, after each committed chunk: the figures of {@link ImportReport}
 * so far.
 *
 * @param seconds time spent by this run
 */
public record ImportProgress(long rows, long accepted, long duplicates, long rejected, long skipped, double seconds) {

    /** Told the progress of a running import; called after each committed chunk, in file order, on the import's commit thread. */
    @FunctionalInterface
    public interface Listener {
        void progressed(ImportProgress progress);
    }
}
