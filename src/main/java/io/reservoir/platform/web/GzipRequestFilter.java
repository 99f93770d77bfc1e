package io.reservoir.platform.web;

import io.reservoir.platform.PlatformSettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
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

    private final PlatformSettings settings;

    GzipRequestFilter(PlatformSettings settings) {
        this.settings = settings;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String encoding = request.getHeader("Content-Encoding");
        return encoding == null || !encoding.strip().equalsIgnoreCase("gzip");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new Decompressed(request, RequestSizeLimitFilter.limit(request, settings)), response);
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
                stream = new BoundedInput(new GZIPInputStream(super.getInputStream()), limit);
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
}
