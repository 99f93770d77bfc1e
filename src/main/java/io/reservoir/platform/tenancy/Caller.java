package io.reservoir.platform.tenancy;

import io.reservoir.platform.errors.ReservoirException;
import java.io.Serializable;
import java.util.Set;

/**
 * Who is acting, in which workspace, with which role. Every module API takes one and confines
 * its reads and writes to {@link #workspaceId()}; the audit log records it as the actor.
 *
 * @param actorId the user's or key's id; {@code null} for the system
 */
public record Caller(long workspaceId, ActorKind kind, Long actorId, String actorName, Role role)
        implements Serializable {

    public enum ActorKind {
        USER,
        API_KEY,
        SYSTEM
    }

    /** Reservoir itself, e.g. first-start set-up or scheduled jobs. */
    public static Caller system(long workspaceId) {
        return new Caller(workspaceId, ActorKind.SYSTEM, null, "system", Role.ADMIN);
    }

    /** Refuses everyone but admins. */
    public void requireAdmin() {
        require();
    }

    /** Refuses everyone but the service provider (who holds no other right). */
    public void requireProvider() {
        if (role != Role.PROVIDER) {
            throw ReservoirException.forbidden("only the service provider may manage workspaces");
        }
    }

    /** Refuses unless the caller holds one of {@code roles}; admins always may. */
    public void require(Role... roles) {
        if (role == Role.ADMIN || Set.of(roles).contains(role)) {
            return;
        }
        throw ReservoirException.forbidden("role " + role.id() + " may not do this");
    }
}
