package io.reservoir.platform.tenancy;

import java.time.Instant;

/** A key as listed: never the secret, only its first characters. */
public record ApiKey(long id, KeyKind kind, String name, String prefix, Instant createdAt, Instant revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}
