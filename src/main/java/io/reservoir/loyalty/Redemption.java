package io.reservoir.loyalty;

import java.time.Instant;

/** A member redeemed {@code quantity} of an item for {@code points}; {@code replay}: asked before. */
public record Redemption(
        long id, long itemId, int customerNo, int quantity, long points, String key, Instant at, boolean replay) {}
