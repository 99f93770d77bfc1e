package io.reservoir.platform.security;

import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ErrorResponses;
import io.reservoir.platform.tenancy.ApiKeys;
import io.reservoir.platform.tenancy.AuthenticatedKey;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by the API key it presents: {@code Authorization: Bearer <key>}, or
 * HTTP Basic with the key as user name and an empty password (what Segment's clients send). An
 * unknown, revoked or malformed key leaves the request anonymous, so the entry point answers 401
 * without telling whether the key or its workspace ever existed.
 */
class ApiKeyFilter extends OncePerRequestFilter {

    static final String MANAGEMENT = "KEY_MANAGEMENT";
    static final String WRITE = "KEY_WRITE";
    static final String PROVIDER = "KEY_PROVIDER";

    private final ApiKeys keys;
    private final boolean acceptsBodyKey;
    private final ErrorResponses errors;

    /** @param acceptsBodyKey whether a {@code writeKey} in a JSON body counts (the ingestion door) */
    ApiKeyFilter(ApiKeys keys, boolean acceptsBodyKey, ErrorResponses errors) {
        this.keys = keys;
        this.acceptsBodyKey = acceptsBodyKey;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> presented = presentedKey(request.getHeader(HttpHeaders.AUTHORIZATION));
        HttpServletRequest forward = request;
        if (presented.isEmpty() && acceptsBodyKey && "POST".equals(request.getMethod())) {
            try {
                BodyWriteKey.Peeked peeked = BodyWriteKey.peek(request);
                forward = peeked.request();
                presented = peeked.writeKey();
            } catch (IOException tooLargeOrBroken) {
                errors.write(response, ErrorKind.PAYLOAD_TOO_LARGE, "payload_too_large", tooLargeOrBroken.getMessage());
                return;
            }
        }
        presented.flatMap(keys::authenticate).ifPresent(ApiKeyFilter::signIn);
        chain.doFilter(forward, response);
    }

    private static void signIn(AuthenticatedKey key) {
        String authority = switch (key.kind()) {
            case MANAGEMENT -> MANAGEMENT;
            case WRITE -> WRITE;
            case PROVIDER -> PROVIDER;
        };
        var authentication = new PreAuthenticatedAuthenticationToken(
                key.caller(), null, List.of(new SimpleGrantedAuthority(authority)));
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
    }

    static Optional<String> presentedKey(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(value.substring(7).strip());
        }
        if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded =
                        new String(Base64.getDecoder().decode(value.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return Optional.of(colon < 0 ? decoded : decoded.substring(0, colon));
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
