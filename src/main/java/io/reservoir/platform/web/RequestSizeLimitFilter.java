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
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code reservoir.max-request-bytes} with 413 before anything is
 * parsed: at once when the declared length is too large, or when a chunked body grows past it. CSV
 * uploads to the management API may reach {@code reservoir.max-upload-bytes}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final PlatformSettings settings;
    private final ErrorResponses errors;

    RequestSizeLimitFilter(PlatformSettings settings, ErrorResponses errors) {
        this.settings = settings;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limit(request, settings);
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
