package io.reservoir.platform.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that fails with {@link BodyTooLarge} past {@code limit} bytes: the raw body
 * (whose declared length may lie) and the inflated body of a gzip request alike.
 */
final class BoundedInput extends ServletInputStream {

    private final InputStream in;
    private final long limit;
    private long read;
    private boolean finished;

    BoundedInput(InputStream in, long limit) {
        this.in = in;
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            finished = true;
        } else {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            finished = true;
        } else {
            count(n);
        }
        return n;
    }

    private void count(int n) throws BodyTooLarge {
        read += n;
        if (read > limit) {
            throw new BodyTooLarge(limit);
        }
    }

    @Override
    public boolean isFinished() {
        return in instanceof ServletInputStream servlet ? servlet.isFinished() : finished;
    }

    @Override
    public boolean isReady() {
        return !(in instanceof ServletInputStream servlet) || servlet.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        if (!(in instanceof ServletInputStream servlet)) {
            throw new UnsupportedOperationException("this body is read blocking");
        }
        servlet.setReadListener(listener);
    }
}
