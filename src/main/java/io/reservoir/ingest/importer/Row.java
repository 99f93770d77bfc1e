package io.reservoir.ingest.importer;

import io.reservoir.platform.csv.CsvWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** One data row of the file, read by column name. Values come {@link Cells#clean cleaned}: null when blank. */
sealed interface Row {

    /** The row's number as the rejects file reports it: the spreadsheet row for CSV, the line for NDJSON. */
    long number();

    /** Byte offset where the row starts in the file. */
    long start();

    String get(String column);

    List<String> columns();

    /** The row as it stood in the file, for the rejects file. */
    String raw();

    /** A CSV record under its header row. */
    record Csv(Header header, List<String> fields, long number, long start) implements Row {

        @Override
        public String get(String column) {
            Integer i = header.index(column);
            return i == null || i >= fields.size() ? null : Cells.clean(fields.get(i));
        }

        @Override
        public List<String> columns() {
            return header.names();
        }

        @Override
        public String raw() {
            return CsvWriter.line(fields);
        }
    }

    /** An NDJSON line: a flat object of column → value, or (for events) a whole Segment message. */
    record Json(ObjectNode node, String line, long number, long start) implements Row {

        @Override
        public String get(String column) {
            JsonNode value = node.get(column);
            if (value == null || value.isNull()) {
                return null;
            }
            return Cells.clean(value.isValueNode() ? value.asString() : value.toString());
        }

        @Override
        public List<String> columns() {
            return new ArrayList<>(node.propertyNames());
        }

        @Override
        public String raw() {
            return line;
        }
    }

    /** An NDJSON line that is not a JSON object: it can only be rejected. */
    record Unreadable(String line, String reason, long number, long start) implements Row {

        @Override
        public String get(String column) {
            return null;
        }

        @Override
        public List<String> columns() {
            return List.of();
        }

        @Override
        public String raw() {
            return line;
        }
    }

    /** Column names of a CSV file, in order, with a lookup by name. */
    record Header(List<String> names, Map<String, Integer> positions) {

        static Header of(List<String> raw) {
            List<String> names = new ArrayList<>(raw.size());
            Map<String, Integer> positions = new HashMap<>();
            for (int i = 0; i < raw.size(); i++) {
                String name = Cells.clean(raw.get(i));
                name = name == null ? "" : name;
                names.add(name);
                positions.putIfAbsent(name, i);
            }
            return new Header(List.copyOf(names), Map.copyOf(positions));
        }

        /**
         * The file's column {@code theirs} read as {@code own} for each entry; a column of the file
         * that already had an own name taken by a mapping is no longer read.
         *
         * @throws ImportRefused when the file has no column {@code theirs}
         */
        Header renamed(Map<String, String> columns) {
            if (columns.isEmpty()) {
                return this;
            }
            List<String> renamed = new ArrayList<>(names);
            if (new HashSet<>(columns.values()).size() < columns.size()) {
                throw ImportRefused.option("--column", "a column of the file is mapped twice: " + columns);
            }
            for (Map.Entry<String, String> e : columns.entrySet()) {
                if (!positions.containsKey(e.getValue())) {
                    throw ImportRefused.option(
                            "--column",
                            e.getKey() + "=" + e.getValue() + ": the file has no column '" + e.getValue()
                                    + "'; its columns are " + names);
                }
            }
            for (int i = 0; i < renamed.size(); i++) {
                if (columns.containsKey(renamed.get(i))
                        && !columns.get(renamed.get(i)).equals(renamed.get(i))) {
                    renamed.set(i, ""); // replaced by the column mapped to this name
                }
            }
            for (Map.Entry<String, String> e : columns.entrySet()) {
                renamed.set(positions.get(e.getValue()), e.getKey());
            }
            return of(renamed);
        }

        Integer index(String name) {
            return positions.get(name);
        }

        boolean has(String name) {
            return positions.containsKey(name);
        }
    }
}
