package io.reservoir.ingest.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A streaming RFC 4180 reader: quoted fields with embedded commas, doubled quotes and line breaks;
 * records end with CRLF, LF or a lone CR.
 *
 * <p>It scans bytes, not characters, and decodes each field on its own. That is safe for UTF-8 and
 * GB18030/GBK, whose multi-byte characters never contain the bytes of {@code , " CR LF} (all below
 * 0x40), and it gives the exact byte offset at which each record starts — what a checkpoint needs
 * to resume mid-file.
 */
final class CsvReader extends OffsetInput {

    /** A record: its fields, where it started in the file and its record number (1 = first record read). */
    record Record(List<String> fields, long start, long number) {}

    private final Charset charset;
    private long number;
    private byte[] field = new byte[256];
    private int fieldLength;

    /**
     * @param in positioned at {@code offset} of the file
     * @param firstNumber the number the next record gets
     */
    CsvReader(InputStream in, Charset charset, long offset, long firstNumber) {
        super(in, offset);
        this.charset = charset;
        this.number = firstNumber - 1;
    }

    /**
     * The next record, or null at the end of the file. An empty line gives a record with one empty
     * field, as a spreadsheet shows an empty row.
     *
     * @throws CsvFormatException when a quoted field is never closed
     */
    Record next() throws IOException {
        if (!fill()) {
            return null;
        }
        long start = position();
        long startNumber = ++number;
        List<String> fields = new ArrayList<>();
        while (true) {
            fieldLength = 0;
            int b = peek();
            if (b == '"') {
                pos++;
                quoted(startNumber);
                // RFC 4180 allows nothing between the closing quote and the separator; be lenient and keep it
                while ((b = peek()) != -1 && b != ',' && b != '\n' && b != '\r') {
                    append((byte) b);
                    pos++;
                }
            } else {
                while ((b = peek()) != -1 && b != ',' && b != '\n' && b != '\r') {
                    append((byte) b);
                    pos++;
                }
            }
            fields.add(new String(field, 0, fieldLength, charset));
            if (b == ',') {
                pos++;
                continue;
            }
            if (b == '\r') {
                pos++;
                if (peek() == '\n') {
                    pos++;
                }
            } else if (b == '\n') {
                pos++;
            }
            return new Record(fields, start, startNumber);
        }
    }

    private void quoted(long recordNumber) throws IOException {
        while (true) {
            if (pos == limit && !fill()) {
                throw new CsvFormatException("record " + recordNumber
                        + ": a quoted field is never closed (missing '\"' before the end of the file)");
            }
            // copy the run up to the next quote in one go: the common case is a field without quotes
            int from = pos;
            while (pos < limit && buffer[pos] != '"') {
                pos++;
            }
            appendRun(from, pos - from);
            if (pos == limit) {
                continue;
            }
            pos++; // the quote
            if (peek() == '"') {
                append((byte) '"');
                pos++;
            } else {
                return;
            }
        }
    }

    private int peek() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buffer[pos] & 0xff;
    }

    private void append(byte b) {
        if (fieldLength == field.length) {
            field = Arrays.copyOf(field, field.length * 2);
        }
        field[fieldLength++] = b;
    }

    private void appendRun(int from, int length) {
        if (fieldLength + length > field.length) {
            field = Arrays.copyOf(field, Math.max(field.length * 2, fieldLength + length));
        }
        System.arraycopy(buffer, from, field, fieldLength, length);
        fieldLength += length;
    }

    /** The file is not CSV as RFC 4180 defines it; the import cannot go on past this point. */
    static final class CsvFormatException extends IOException {
        CsvFormatException(String message) {
            super(message);
        }
    }
}
