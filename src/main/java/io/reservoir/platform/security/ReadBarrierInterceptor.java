package io.reservoir.platform.security;

import io.reservoir.platform.reads.ReadBarrier;
import io.reservoir.platform.tenancy.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Passes every read of a signed-in caller through the {@link ReadBarrier}s before its handler runs,
 * so that a caller reads what was written (docs/architecture.md, Intake: what a caller can count on).
 */
class ReadBarrierInterceptor implements HandlerInterceptor {

    private final List<ReadBarrier> barriers;

    ReadBarrierInterceptor(List<ReadBarrier> barriers) {
        this.barriers = barriers;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (barriers.isEmpty() || !("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))) {
            return true;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Object principal = authentication == null ? null : authentication.getPrincipal();
        Caller caller = principal instanceof Caller c ? c : principal instanceof ConsoleUser u ? u.caller() : null;
        if (caller != null) {
            String named = request.getHeader(ReadBarrier.AFTER_HEADER);
            String wait = request.getHeader(ReadBarrier.WAIT_HEADER);
            barriers.forEach(barrier -> barrier.awaitReadable(caller, named, wait));
        }
        return true;
    }
}
