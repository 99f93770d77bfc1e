package io.reservoir.loyalty;

import java.time.Instant;

/**
 * One line of a member's tier history.
 *
 * @param reason {@code join}, {@code upgrade}, {@code retained}, {@code grace}, {@code downgrade}
 *     or {@code left}
 * @param basisValue the 12-month measure that decided it (fen, points or orders)
 */
public record TierChange(String fromTier, String toTier, String reason, long basisValue, Instant at) {}
