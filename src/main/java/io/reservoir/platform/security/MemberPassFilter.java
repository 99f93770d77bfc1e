package io.reservoir.platform.security;

import io.reservoir.platform.tenancy.MemberPasses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/** Signs in the bearer of a valid member token ({@code Authorization: Bearer rmp_…}) as that member. */
class MemberPassFilter extends OncePerRequestFilter {

    static final String MEMBER = "MEMBER";

    private final MemberPasses passes;

    MemberPassFilter(MemberPasses passes) {
        this.passes = passes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ApiKeyFilter.presentedKey(request.getHeader(HttpHeaders.AUTHORIZATION))
                .filter(token -> token.startsWith(MemberPasses.PREFIX))
                .flatMap(passes::verify)
                .ifPresent(pass -> {
                    var context = SecurityContextHolder.createEmptyContext();
                    context.setAuthentication(new PreAuthenticatedAuthenticationToken(
                            pass, null, List.of(new SimpleGrantedAuthority(MEMBER))));
                    SecurityContextHolder.setContext(context);
                });
        chain.doFilter(request, response);
    }
}
