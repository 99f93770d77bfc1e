package io.reservoir.platform.security;

import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ErrorResponses;
import io.reservoir.platform.reads.ReadBarrier;
import io.reservoir.platform.tenancy.ApiKeys;
import io.reservoir.platform.tenancy.MemberPasses;
import io.reservoir.platform.tenancy.Role;
import io.reservoir.platform.tenancy.Users;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Five doors, five filter chains:
 *
 * <ul>
 *   <li>{@code /v1/**} — ingestion, HTTP Basic with a write key (or a management key), stateless;
 *   <li>{@code /api/v1/member-center/**} — a member's token or the management key, stateless;
 *   <li>{@code /api/v1/workspaces/**} — the service provider's API, {@code Bearer} provider key;
 *   <li>{@code /api/v1/**} — the management API, {@code Bearer} management key, stateless;
 *   <li>everything else — the console: form login, session, CSRF on, login rate limit.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String[] PUBLIC = {
        "/login",
        "/error",
        "/assets/**",
        "/webjars/**",
        "/favicon.ico",
        "/actuator/health",
        "/actuator/health/**",
        "/actuator/info",
        "/actuator/prometheus",
        "/v3/api-docs",
        "/v3/api-docs/**",
        "/swagger-ui.html",
        "/swagger-ui/**"
    };

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    @Order(1)
    @ConditionalOnWebApplication // commands (reservoir simulate, import) run without a web server
    SecurityFilterChain ingestion(HttpSecurity http, ApiKeys keys, ErrorResponses errors) throws Exception {
        return keyChain(http.securityMatcher("/v1/**"), new ApiKeyFilter(keys, true, errors), errors)
                .authorizeHttpRequests(a -> a.anyRequest().hasAnyAuthority(ApiKeyFilter.WRITE, ApiKeyFilter.MANAGEMENT))
                .build();
    }

    @Bean
    @Order(2)
    @ConditionalOnWebApplication // commands (reservoir simulate, import) run without a web server
    SecurityFilterChain memberCenterApi(HttpSecurity http, ApiKeys keys, MemberPasses passes, ErrorResponses errors)
            throws Exception {
        return keyChain(http.securityMatcher("/api/v1/member-center/**"), new ApiKeyFilter(keys, false, errors), errors)
                .addFilterBefore(new MemberPassFilter(passes), ApiKeyFilter.class)
                .authorizeHttpRequests(
                        a -> a.anyRequest().hasAnyAuthority(MemberPassFilter.MEMBER, ApiKeyFilter.MANAGEMENT))
                .build();
    }

    /** The service provider's door: only its key, and its key nowhere else. */
    @Bean
    @Order(3)
    @ConditionalOnWebApplication // commands (reservoir simulate, import) run without a web server
    SecurityFilterChain providerApi(HttpSecurity http, ApiKeys keys, ErrorResponses errors) throws Exception {
        return keyChain(
                        http.securityMatcher("/api/v1/workspaces", "/api/v1/workspaces/**"),
                        new ApiKeyFilter(keys, false, errors),
                        errors)
                .authorizeHttpRequests(a -> a.anyRequest().hasAuthority(ApiKeyFilter.PROVIDER))
                .build();
    }

    @Bean
    @Order(4)
    @ConditionalOnWebApplication // commands (reservoir simulate, import) run without a web server
    SecurityFilterChain managementApi(HttpSecurity http, ApiKeys keys, ErrorResponses errors) throws Exception {
        return keyChain(http.securityMatcher("/api/v1/**"), new ApiKeyFilter(keys, false, errors), errors)
                .authorizeHttpRequests(a -> a.anyRequest().hasAuthority(ApiKeyFilter.MANAGEMENT))
                .build();
    }

    private static HttpSecurity keyChain(HttpSecurity http, ApiKeyFilter keys, ErrorResponses errors) throws Exception {
        return http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .addFilterBefore(keys, BasicAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> errors.write(
                                response,
                                ErrorKind.UNAUTHORIZED,
                                "unauthorized",
                                "missing or invalid API key: send the management key as 'Authorization: Bearer <key>'"
                                        + " (/api/v1; a member's token in the member center) or the write key"
                                        + " as the HTTP Basic user name (/v1)"))
                        .accessDeniedHandler((request, response, ex) -> errors.write(
                                response,
                                ErrorKind.FORBIDDEN,
                                "forbidden",
                                "this key may not use " + request.getRequestURI()
                                        + ": write keys only send events to /v1; the management API needs a management key;"
                                        + " /api/v1/workspaces needs the service provider's key")));
    }

    @Bean
    @Order(5)
    @ConditionalOnWebApplication // commands (reservoir simulate, import) run without a web server
    SecurityFilterChain console(HttpSecurity http, LoginThrottle throttle, Users users) throws Exception {
        AuthenticationSuccessHandler success = (request, response, authentication) -> {
            throttle.succeeded(request.getParameter("username"), request.getRemoteAddr());
            boolean provider = authentication.getPrincipal() instanceof ConsoleUser user
                    && user.caller().role() == Role.PROVIDER;
            response.sendRedirect(request.getContextPath() + (provider ? "/workspaces" : "/"));
        };
        AuthenticationFailureHandler failure = (request, response, ex) -> {
            throttle.failed(request.getParameter("username"), request.getRemoteAddr());
            response.sendRedirect(
                    request.getContextPath() + (ex instanceof DisabledException ? "/login?disabled" : "/login?error"));
        };
        return http.authorizeHttpRequests(
                        a -> a.requestMatchers(PUBLIC).permitAll().anyRequest().authenticated())
                .formLogin(f -> f.loginPage("/login")
                        .successHandler(success)
                        .failureHandler(failure)
                        .permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .addFilterBefore(new LoginThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(new SessionRefreshFilter(users), UsernamePasswordAuthenticationFilter.class)
                .build();
    }

    @Bean
    UserDetailsService consoleUsers(Users users) {
        return username -> users.findLogin(username)
                .map(ConsoleUser::new)
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }

    @Bean
    WebMvcConfigurer callerResolver(List<ReadBarrier> barriers) {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
                resolvers.add(new MemberPassArgumentResolver());
            }

            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new ReadBarrierInterceptor(barriers));
            }
        };
    }
}
