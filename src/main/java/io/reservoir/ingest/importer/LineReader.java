package io.reservoir.ingest.importer;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.Arrays;

/** Reads NDJSON line by line from bytes, so that each line's byte offset is known (see {@link CsvReader}). */
final class LineReader implements Closeable {

    /** One line without its line break, where it started, and its line number (1-based). */
    record Line(String text, long start, long number) {}

    private final InputStream in;
    private final Charset charset;
    private final byte[] buffer = new byte[64 * 1024];
    private int pos;
    private int limit;
    private long bufferStart;
    private long number;
    private byte[] line = new byte[1024];
    private int length;

    LineReader(InputStream in, Charset charset, long offset, long firstNumber) {
        this.in = in;
        this.charset = charset;
        this.bufferStart = offset;
        this.number = firstNumber - 1;
    }

    long position() {
        return bufferStart + pos;
    }

    Line next() throws IOException {
        if (!fill()) {
            return null;
        }
        long start = position();
        length = 0;
        while (true) {
            int from = pos;
            while (pos < limit && buffer[pos] != '\n') {
                pos++;
            }
            int end = pos;
            if (length + end - from > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + end - from));
            }
            System.arraycopy(buffer, from, line, length, end - from);
            length += end - from;
            if (pos < limit) {
                pos++; // the line feed
                break;
            }
            if (!fill()) {
                break;
            }
        }
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        return new Line(new String(line, 0, end, charset), start, ++number);
    }

    private boolean fill() throws IOException {
        if (pos < limit) {
            return true;
        }
        bufferStart += limit;
        pos = 0;
        limit = 0;
        int read;
        while ((read = in.read(buffer, 0, buffer.length)) == 0) {
            // a stream may return 0 bytes; ask again
        }
        if (read < 0) {
            return false;
        }
        limit = read;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
