package io.reservoir.ingest.importer;

/**
 * A row that cannot become a message: the column at fault and why. Thrown per bad row, possibly
 * millions of times, so it carries no stack trace.
 */
final class RowRejected extends RuntimeException {

    private final String field;

    RowRejected(String field, String reason) {
        super(reason, null, false, false);
        this.field = field;
    }

    String field() {
        return field;
    }

    String reason() {
        return getMessage();
    }
}
