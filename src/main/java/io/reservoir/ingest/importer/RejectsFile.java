package io.reservoir.ingest.importer;

import io.reservoir.platform.csv.CsvWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The rejected rows, one CSV line each: {@code row} (as numbered in a spreadsheet, the header row
 * being row 1; for NDJSON the line number), {@code field}, {@code reason} and the {@code raw} row.
 * UTF-8 with a byte-order mark so that spreadsheets show Chinese text right. Created on the first
 * rejected row; a resumed run cuts it back to what its checkpoint covered and appends.
 */
final class RejectsFile implements AutoCloseable {

    static final String HEADER = "row,field,reason,raw";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final Path path;
    private OutputStream out;
    private long length;

    private RejectsFile(Path path, long length) {
        this.path = path;
        this.length = length;
    }

    /** A fresh start: any rejects file of an earlier run is removed. */
    static RejectsFile fresh(Path path) throws IOException {
        Files.deleteIfExists(path);
        return new RejectsFile(path, 0);
    }

    /** Resuming: keeps the first {@code length} bytes, written before the checkpoint. */
    static RejectsFile resumed(Path path, long length) throws IOException {
        if (length == 0 || !Files.exists(path)) {
            Files.deleteIfExists(path);
            return new RejectsFile(path, 0);
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.truncate(length);
        }
        return new RejectsFile(path, length);
    }

    void add(long row, String field, String reason, String raw) throws IOException {
        if (out == null) {
            boolean created = length == 0;
            out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (created) {
                write(BOM);
                write((HEADER + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        StringBuilder line = new StringBuilder();
        line.append(row).append(',');
        CsvWriter.field(line, field);
        line.append(',');
        CsvWriter.field(line, reason);
        line.append(',');
        CsvWriter.field(line, raw);
        write(line.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Makes the lines written so far durable before a checkpoint counts them; returns the length. */
    long flush() throws IOException {
        if (out != null) {
            out.flush();
        }
        return length;
    }

    Path path() {
        return path;
    }

    boolean exists() {
        return length > 0;
    }

    private void write(byte[] bytes) throws IOException {
        out.write(bytes);
        length += bytes.length;
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
