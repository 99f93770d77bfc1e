package io.reservoir.platform.web;

import io.reservoir.platform.PlatformSettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.zip.GZIPInputStream;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Accepts {@code Content-Encoding: gzip} request bodies (Segment clients compress batches). The
 * decompressed body is held to the same limit as any body, so a small "zip bomb" cannot expand
 * into memory: reading past the limit fails with 413.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class GzipRequestFilter extends OncePerRequestFilter {

    private final long limit;

    GzipRequestFilter(PlatformSettings settings) {
        this.limit = settings.maxRequestBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String encoding = request.getHeader("Content-Encoding");
        return encoding == null || !encoding.strip().equalsIgnoreCase("gzip");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new Decompressed(request, limit), response);
    }

    private static final class Decompressed extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Decompressed(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Inflating(new GZIPInputStream(super.getInputStream()), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public String getHeader(String name) {
            return hidden(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public int getContentLength() {
            return -1;
        }

        @Override
        public long getContentLengthLong() {
            return -1;
        }

        private static boolean hidden(String name) {
            return name.equalsIgnoreCase("Content-Encoding") || name.equalsIgnoreCase("Content-Length");
        }
    }

    private static final class Inflating extends ServletInputStream {

        private final InputStream in;
        private final long limit;
        private long read;
        private boolean finished;

        Inflating(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b < 0) {
                finished = true;
            } else if (++read > limit) {
                throw new BodyTooLarge(limit);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n < 0) {
                finished = true;
            } else if ((read += n) > limit) {
                throw new BodyTooLarge(limit);
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return finished;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("gzip bodies are read blocking");
        }
    }
}
