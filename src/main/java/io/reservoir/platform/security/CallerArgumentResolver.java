package io.reservoir.platform.security;

import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.MemberPass;
import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets any controller take the acting {@link Caller} as a parameter, whoever signed in and how. A
 * member (signed in by a member token, only ever admitted to the member center) is no caller of
 * the workspace: null, and the member center reads their {@code MemberPass} instead.
 */
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mav,
            NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        return current(SecurityContextHolder.getContext().getAuthentication());
    }

    static Caller current(Authentication authentication) {
        Object principal = authentication == null ? null : authentication.getPrincipal();
        if (principal instanceof Caller caller) {
            return caller;
        }
        if (principal instanceof ConsoleUser user) {
            return user.caller();
        }
        if (principal instanceof MemberPass) {
            return null;
        }
        throw new AuthenticationCredentialsNotFoundException("not signed in");
    }
}
