package io.reservoir.ingest;

import java.util.Locale;

/** Where a console import is: waiting for its thread, reading the file, or over. */
public enum ImportState {
    QUEUED,
    RUNNING,
    /** Read to the end; rows that could not be imported are in its rejects file. */
    DONE,
    /** Refused by the file or stopped by an error; the rows before it are committed. */
    FAILED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean over() {
        return this == DONE || this == FAILED;
    }
}
