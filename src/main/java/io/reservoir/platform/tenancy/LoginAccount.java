package io.reservoir.platform.tenancy;

/** What the console login needs to check a password and open a session. */
public record LoginAccount(
        long workspaceId,
        long userId,
        String username,
        String displayName,
        Role role,
        String passwordHash,
        boolean enabled) {

    public Caller caller() {
        return new Caller(workspaceId, Caller.ActorKind.USER, userId, username, role);
    }
}
