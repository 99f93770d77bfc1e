package io.reservoir.loyalty;

import java.time.Instant;

/** Points credited by one entry and what is left of them; {@code expiresAt} null: never. */
public record PointsLot(long entryId, long earned, long remaining, Instant earnedAt, Instant expiresAt) {}
