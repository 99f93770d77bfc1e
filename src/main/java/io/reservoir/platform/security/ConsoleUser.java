package io.reservoir.platform.security;

import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.LoginAccount;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** A signed-in console user, kept in the session; the password hash is erased after login. */
final class ConsoleUser implements UserDetails, CredentialsContainer {

    private final Caller caller;
    private final String displayName;
    private final boolean enabled;
    private String passwordHash;

    ConsoleUser(LoginAccount account) {
        this.caller = account.caller();
        this.displayName = account.displayName();
        this.enabled = account.enabled();
        this.passwordHash = account.passwordHash();
    }

    Caller caller() {
        return caller;
    }

    String displayName() {
        return displayName;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + caller.role().name()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return caller.actorName();
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }
}
