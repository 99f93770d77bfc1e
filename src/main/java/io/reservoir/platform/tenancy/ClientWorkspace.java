package io.reservoir.platform.tenancy;

import java.time.Instant;

/**
 * A workspace as the service provider sees it.
 *
 * @param status {@code active} or {@code suspended}
 * @param suspendedAt when it was suspended; null while active
 */
public record ClientWorkspace(long id, String name, String status, Instant createdAt, Instant suspendedAt) {

    public boolean suspended() {
        return suspendedAt != null;
    }
}
