package io.reservoir.loyalty;

/**
 * The outcome of a ledger call: the entry it wrote (or, for a replayed key, the entry written the
 * first time) and the balance after it.
 */
public record PointsChange(PointsEntry entry, long balance, boolean replay) {}
