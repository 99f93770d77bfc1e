package io.reservoir.ingest.importer;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A file read through one byte buffer, knowing the file offset of every byte: what the CSV and
 * NDJSON readers share so that each record's start can be checkpointed and resumed from.
 */
abstract class OffsetInput implements Closeable {

    private final InputStream in;
    protected final byte[] buffer = new byte[64 * 1024];
    protected int pos;
    protected int limit;
    private long bufferStart;

    /** @param in positioned at {@code offset} of the file */
    OffsetInput(InputStream in, long offset) {
        this.in = in;
        this.bufferStart = offset;
    }

    /** Byte offset of the next unread byte. */
    long position() {
        return bufferStart + pos;
    }

    /** Makes at least one byte available; false at the end of the file. */
    protected boolean fill() throws IOException {
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
