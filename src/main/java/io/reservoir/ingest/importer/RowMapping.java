package io.reservoir.ingest.importer;

import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/** Turns rows of one kind of file into Segment messages (docs/events.md). */
interface RowMapping {

    /** What became of a group of rows. */
    sealed interface Mapped {

        record Messages(List<ObjectNode> messages) implements Mapped {}

        /** Deliberately not imported, e.g. an order that was never paid; {@code reason} is counted. */
        record Skipped(String reason) implements Mapped {}
    }

    /**
     * Rows that follow each other with the same non-null key form one group: the item rows of one
     * order. Null: every row stands alone.
     */
    default String groupKey(Row row) {
        return null;
    }

    /**
     * The column names of Reservoir's that {@code --column} may map a file's column to; null: any
     * name (every other column becomes an attribute or property).
     */
    default Set<String> knownColumns() {
        return null;
    }

    /**
     * Refuses a file whose header lacks what this mapping needs, before anything is written.
     *
     * @throws ImportRefused naming the missing column
     */
    void checkHeader(List<String> columns);

    /** @throws RowRejected naming the column at fault */
    Mapped map(List<Row> group);

    /**
     * The file's column an intake error about {@code message} is about ({@code traits.phone} →
     * {@code phone}).
     */
    default String column(String intakeField, ObjectNode message) {
        if (intakeField == null) {
            return "";
        }
        for (String prefix : List.of("traits.", "context.identities.", "context.traits.", "properties.")) {
            if (intakeField.startsWith(prefix)) {
                return intakeField.substring(prefix.length());
            }
        }
        return intakeField;
    }
}
