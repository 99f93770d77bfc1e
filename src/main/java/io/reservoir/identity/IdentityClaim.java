package io.reservoir.identity;

import java.time.Instant;
import java.util.List;

/**
 * The identities one event says belong to one person, in order of precedence: when they cannot
 * all be joined (a unique-per-person conflict), the event belongs to the profile of the first.
 *
 * @param cause what made the claim (a message id), recorded with merges and conflicts
 */
public record IdentityClaim(List<IdentityValue> identities, Instant at, String cause) {

    public IdentityClaim {
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("a claim needs at least one identity");
        }
        identities = List.copyOf(identities);
    }
}
