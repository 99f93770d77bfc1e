package io.reservoir.platform.security;

import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.LoginAccount;
import io.reservoir.platform.tenancy.Users;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureDisabledEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the console's sign-ins, failed sign-ins and sign-outs to the audit log of the user's
 * workspace, from Spring Security's authentication events. A failed sign-in records the user name
 * as typed, never the password; one with a name nobody holds belongs to no workspace and is not
 * recorded (the login throttle still counts it).
 */
@Component
class SignInAudit {

    static final String SIGNED_IN = "user.signed_in";
    static final String SIGN_IN_FAILED = "user.sign_in_failed";
    static final String SIGNED_OUT = "user.signed_out";

    /** User names longer than this are cut in the log: the login form takes any text. */
    private static final int MAX_TYPED = 100;

    private final AuditLog audit;
    private final Users users;
    private final TransactionTemplate tx;

    SignInAudit(AuditLog audit, Users users, TransactionTemplate tx) {
        this.audit = audit;
        this.users = users;
        this.tx = tx;
    }

    @EventListener
    void on(AuthenticationSuccessEvent success) {
        if (success.getAuthentication().getPrincipal() instanceof ConsoleUser user) {
            tx.executeWithoutResult(status ->
                    audit.record(user.caller(), SIGNED_IN, "user", user.caller().actorId(), Map.of()));
        }
    }

    @EventListener
    void on(AbstractAuthenticationFailureEvent failure) {
        String typed = failure.getAuthentication().getName();
        if (typed == null || typed.isBlank()) {
            return;
        }
        users.findLogin(typed).ifPresent(account -> {
            String reason = failure instanceof AuthenticationFailureDisabledEvent ? "disabled" : "bad_credentials";
            tx.executeWithoutResult(status -> audit.record(
                    asTyped(account, typed),
                    SIGN_IN_FAILED,
                    "user",
                    account.userId(),
                    Map.of("username", cut(typed), "reason", reason)));
        });
    }

    @EventListener
    void on(LogoutSuccessEvent signedOut) {
        if (signedOut.getAuthentication() != null
                && signedOut.getAuthentication().getPrincipal() instanceof ConsoleUser user) {
            tx.executeWithoutResult(status -> audit.record(
                    user.caller(), SIGNED_OUT, "user", user.caller().actorId(), Map.of()));
        }
    }

    /** The account's user, named as typed (the person who failed is not known to be them). */
    private static Caller asTyped(LoginAccount account, String typed) {
        Caller owner = account.caller();
        return new Caller(
                owner.workspaceId(),
                owner.kind(),
                owner.actorId(),
                cut(typed.strip().toLowerCase(Locale.ROOT)),
                owner.role());
    }

    private static String cut(String typed) {
        return typed.length() <= MAX_TYPED ? typed : typed.substring(0, MAX_TYPED);
    }
}
