package io.reservoir.ingest.importer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The data rows of a file, from a byte offset on; blank lines are passed over. */
interface RowSource extends Closeable {

    /** The next row, or null at the end of the file. */
    Row next() throws IOException;

    /** Byte offset after the last row returned. */
    long position();

    /** The header's column names; empty for NDJSON, whose lines name their own. */
    List<String> columns();

    /**
     * @param bom bytes of byte-order mark to pass over
     * @param offset where to start reading rows; 0 means after the header
     * @param nextRow the number of the row at {@code offset} (ignored when {@code offset} is 0)
     */
    static RowSource csv(Path file, Charset charset, int bom, long offset, long nextRow) throws IOException {
        return csv(file, charset, bom, offset, nextRow, Map.of());
    }

    /**
     * @param columns Reservoir's column name → the file's ({@code --column order_id=Invoice}): the
     *     file's column is read under Reservoir's name
     * @throws ImportRefused when the file has no column of that name
     */
    static RowSource csv(Path file, Charset charset, int bom, long offset, long nextRow, Map<String, String> columns)
            throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            channel.position(bom);
            CsvReader headerReader = new CsvReader(Channels.newInputStream(channel), charset, bom, 1);
            CsvReader.Record header = headerReader.next();
            if (header == null) {
                throw ImportRefused.file(file + " is empty: a CSV file needs a header row");
            }
            CsvReader rows = headerReader; // the rows follow the header, numbered from 2
            if (offset > 0) {
                channel.position(offset);
                rows = new CsvReader(Channels.newInputStream(channel), charset, offset, nextRow);
            }
            return new Csv(rows, Row.Header.of(header.fields()).renamed(columns));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    static RowSource ndjson(Path file, Charset charset, JsonMapper json, int bom, long offset, long nextRow)
            throws IOException {
        return ndjson(file, charset, json, bom, offset, nextRow, Map.of());
    }

    /** @param columns as for {@link #csv}: each line's key of the file's name is renamed to Reservoir's */
    static RowSource ndjson(
            Path file,
            Charset charset,
            JsonMapper json,
            int bom,
            long offset,
            long nextRow,
            Map<String, String> columns)
            throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        long start = Math.max(bom, offset);
        channel.position(start);
        return new Ndjson(
                new LineReader(Channels.newInputStream(channel), charset, start, offset > 0 ? nextRow : 1),
                json,
                columns);
    }

    /** A CSV file; rows are numbered as a spreadsheet numbers them (the header is row 1). */
    final class Csv implements RowSource {

        private final CsvReader reader;
        private final Row.Header header;

        Csv(CsvReader reader, Row.Header header) {
            this.reader = reader;
            this.header = header;
        }

        @Override
        public Row next() throws IOException {
            CsvReader.Record record;
            while ((record = reader.next()) != null) {
                List<String> fields = record.fields();
                if (fields.size() == 1 && fields.get(0).isBlank()) {
                    continue;
                }
                return new Row.Csv(header, fields, record.number(), record.start());
            }
            return null;
        }

        @Override
        public long position() {
            return reader.position();
        }

        @Override
        public List<String> columns() {
            return header.names();
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /** An NDJSON file; rows are numbered by line. A line that is not a JSON object becomes an unreadable row. */
    final class Ndjson implements RowSource {

        private final LineReader reader;
        private final JsonMapper json;
        private final Map<String, String> columns;

        Ndjson(LineReader reader, JsonMapper json, Map<String, String> columns) {
            this.reader = reader;
            this.json = json;
            this.columns = columns;
        }

        private void rename(ObjectNode object) {
            columns.forEach((own, theirs) -> {
                if (object.has(theirs)) {
                    object.set(own, object.remove(theirs));
                }
            });
        }

        @Override
        public Row next() throws IOException {
            LineReader.Line line;
            while ((line = reader.next()) != null) {
                if (line.text().isBlank()) {
                    continue;
                }
                try {
                    JsonNode node = json.readTree(line.text());
                    if (node instanceof ObjectNode object) {
                        rename(object);
                        return new Row.Json(object, line.text(), line.number(), line.start());
                    }
                    return new Row.Unreadable(line.text(), "is not a JSON object", line.number(), line.start());
                } catch (RuntimeException e) {
                    return new Row.Unreadable(
                            line.text(), "is not JSON: " + firstLine(e.getMessage()), line.number(), line.start());
                }
            }
            return null;
        }

        private static String firstLine(String message) {
            if (message == null) {
                return "unreadable";
            }
            int end = message.indexOf('\n');
            return end < 0 ? message : message.substring(0, end);
        }

        @Override
        public long position() {
            return reader.position();
        }

        @Override
        public List<String> columns() {
            return List.of();
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
