package io.reservoir.platform.web;

import io.reservoir.platform.PlatformSettings;
import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ErrorResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code reservoir.max-request-bytes} with 413 before anything is
 * parsed: at once when the declared length is too large, or when a chunked body grows past it. CSV
 * uploads to the management API may reach {@code reservoir.max-upload-bytes}; file uploads of the
 * console (multipart forms, e.g. an import's file, streamed to disk) Spring's multipart limit
 * ({@code spring.servlet.multipart.max-request-size}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final PlatformSettings settings;
    private final ErrorResponses errors;
    private final long multipartLimit;

    RequestSizeLimitFilter(
            PlatformSettings settings,
            ErrorResponses errors,
            @Value("${spring.servlet.multipart.max-request-size:1MB}") DataSize multipartLimit) {
        this.settings = settings;
        this.errors = errors;
        this.multipartLimit = multipartLimit.toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = consoleUpload(request) ? multipartLimit : limit(request, settings);
        if (request.getContentLengthLong() > limit) {
            errors.write(
                    response,
                    ErrorKind.PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    "request body is larger than " + limit + " bytes");
            return;
        }
        chain.doFilter(new Limited(request, limit), response);
    }

    /** A multipart form of the console (not of the APIs). */
    private static boolean consoleUpload(HttpServletRequest request) {
        String type = request.getContentType();
        String uri = request.getRequestURI();
        return type != null
                && type.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
                && !uri.startsWith("/api/")
                && !uri.startsWith("/v1/");
    }

    /** The most bytes the body of {@code request} may have. */
    static long limit(HttpServletRequest request, PlatformSettings settings) {
        String type = request.getContentType();
        boolean upload = type != null
                && type.strip().toLowerCase(Locale.ROOT).startsWith("text/csv")
                && request.getRequestURI().startsWith("/api/v1/");
        return upload ? Math.max(settings.maxUploadBytes(), settings.maxRequestBytes()) : settings.maxRequestBytes();
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new BoundedInput(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }
}
