package io.reservoir.ingest.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * RFC 4180 records read with Apache Commons CSV (quoted fields with embedded commas, doubled quotes
 * and line breaks; records end with CRLF, LF or a lone CR), each with the exact byte offset at which
 * it starts — what a checkpoint needs to resume mid-file.
 *
 * <p>The parser reads characters ahead through its own buffer, so its positions say nothing about
 * bytes. The bytes are therefore cut into physical lines here ({@link OffsetInput} knows the offset
 * of each), each line is decoded on its own and handed to the parser, and the character position
 * at which each line starts is kept with that line's byte offset. A record always starts at the
 * start of a line, so its character position ({@link CSVRecord#getCharacterPosition()}) names its
 * byte offset exactly. Splitting at CR and LF bytes is safe for UTF-8 and GB18030/GBK, whose
 * multi-byte characters never contain the bytes of {@code , " CR LF} (all below 0x40).
 */
final class CsvReader extends OffsetInput {

    /** A record: its fields, where it started in the file and its record number (1 = first record read). */
    record Record(List<String> fields, long start, long number) {}

    /**
     * RFC 4180, an empty line being a record of one empty field (as a spreadsheet shows an empty
     * row, and so that records keep their numbers); text after a closing quote is kept, as
     * spreadsheets do, rather than refused.
     */
    private static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setTrailingData(true).get();

    private final Lines lines;
    private final Iterator<CSVRecord> records;
    private long number;
    private Record ahead;
    private boolean ended;

    /**
     * @param in positioned at {@code offset} of the file
     * @param firstNumber the number the next record gets
     */
    CsvReader(InputStream in, Charset charset, long offset, long firstNumber) throws IOException {
        super(in, offset);
        this.lines = new Lines(charset);
        this.records =
                CSVParser.builder().setReader(lines).setFormat(FORMAT).get().iterator();
        this.number = firstNumber - 1;
    }

    /**
     * The next record, or null at the end of the file. An empty line gives a record with one empty
     * field.
     *
     * @throws CsvFormatException when a quoted field is never closed
     */
    Record next() throws IOException {
        if (ahead != null) {
            Record next = ahead;
            ahead = null;
            return next;
        }
        if (ended) {
            return null;
        }
        CSVRecord record;
        try {
            record = records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            throw failure(e.getCause());
        }
        if (record == null) {
            ended = true;
            return null;
        }
        long start = lines.byteOffset(record.getCharacterPosition());
        return new Record(Arrays.asList(record.values()), start, ++number);
    }

    /** Byte offset after the last record returned: where the next one starts, or the end of the file. */
    @Override
    long position() {
        try {
            if (ahead == null && !ended) {
                ahead = next();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ahead != null ? ahead.start() : super.position();
    }

    private IOException failure(IOException cause) {
        if (cause instanceof CSVException && String.valueOf(cause.getMessage()).contains("EOF reached")) {
            return new CsvFormatException("record " + (number + 1)
                    + ": a quoted field is never closed (missing '\"' before the end of the file)");
        }
        if (cause instanceof CSVException) {
            return new CsvFormatException("record " + (number + 1) + ": " + cause.getMessage());
        }
        return cause; // the file could not be read
    }

    /**
     * The file's characters, decoded line by line, for the parser; remembers the byte offset of
     * each line's first character until a record at or after it has been returned.
     */
    private final class Lines extends Reader {

        private final Charset charset;
        private byte[] line = new byte[256];
        private String text = "";
        private int textPos;
        /** Characters handed to the parser so far. */
        private long chars;
        /** Pairs of (character position, byte offset) of line starts not yet passed, oldest first. */
        private long[] starts = new long[64];

        private int first;
        private int count;

        Lines(Charset charset) {
            this.charset = charset;
        }

        @Override
        public int read(char[] into, int off, int len) throws IOException {
            int written = 0;
            while (written < len) {
                if (textPos == text.length() && !nextLine()) {
                    break;
                }
                int n = Math.min(len - written, text.length() - textPos);
                text.getChars(textPos, textPos + n, into, off + written);
                textPos += n;
                written += n;
                chars += n;
            }
            return written == 0 && len > 0 ? -1 : written;
        }

        /** Decodes the next line, its line break included; false at the end of the file. */
        private boolean nextLine() throws IOException {
            if (!fill()) {
                return false;
            }
            long start = CsvReader.super.position();
            int length = 0;
            boolean broken = false;
            while (!broken && fill()) {
                int from = pos;
                while (pos < limit && buffer[pos] != '\n' && buffer[pos] != '\r') {
                    pos++;
                }
                if (pos < limit) {
                    pos++; // the CR or LF
                    if (buffer[pos - 1] == '\r' && pos < limit && buffer[pos] == '\n') {
                        pos++;
                    } // a CRLF cut by the end of the buffer leaves a line of one LF, where no record starts
                    broken = true;
                }
                if (length + pos - from > line.length) {
                    line = Arrays.copyOf(line, Math.max(line.length * 2, length + pos - from));
                }
                System.arraycopy(buffer, from, line, length, pos - from);
                length += pos - from;
            }
            remember(chars, start);
            text = new String(line, 0, length, charset);
            textPos = 0;
            return true;
        }

        private void remember(long charPosition, long byteOffset) {
            int capacity = starts.length / 2;
            if (count == capacity) {
                long[] grown = new long[starts.length * 2];
                for (int i = 0; i < count; i++) {
                    int at = (first + i) % capacity;
                    grown[2 * i] = starts[2 * at];
                    grown[2 * i + 1] = starts[2 * at + 1];
                }
                starts = grown;
                first = 0;
            }
            int at = (first + count) % (starts.length / 2);
            starts[2 * at] = charPosition;
            starts[2 * at + 1] = byteOffset;
            count++;
        }

        /** The byte offset of the line starting at {@code charPosition}; earlier lines are forgotten. */
        long byteOffset(long charPosition) {
            int capacity = starts.length / 2;
            while (count > 0) {
                long chars = starts[2 * first];
                if (chars == charPosition) {
                    return starts[2 * first + 1];
                }
                if (chars > charPosition) {
                    break;
                }
                first = (first + 1) % capacity;
                count--;
            }
            throw new IllegalStateException("no line starts at character " + charPosition);
        }

        @Override
        public void close() throws IOException {
            CsvReader.this.close();
        }
    }

    /** The file is not CSV as RFC 4180 defines it; the import cannot go on past this point. */
    static final class CsvFormatException extends IOException {
        CsvFormatException(String message) {
            super(message);
        }
    }
}
