package io.reservoir.ingest.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.Arrays;

/** Reads NDJSON line by line from bytes, so that each line's byte offset is known (see {@link CsvReader}). */
final class LineReader extends OffsetInput {

    /** One line without its line break, where it started, and its line number (1-based). */
    record Line(String text, long start, long number) {}

    private final Charset charset;
    private long number;
    private byte[] line = new byte[1024];
    private int length;

    LineReader(InputStream in, Charset charset, long offset, long firstNumber) {
        super(in, offset);
        this.charset = charset;
        this.number = firstNumber - 1;
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
}
