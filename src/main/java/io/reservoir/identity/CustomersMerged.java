package io.reservoir.identity;

/**
 * Two profiles turned out to be one person: {@code loser}'s number is retired and everything it
 * held now belongs to {@code winner}. Published inside the merging transaction, so that modules
 * owning per-customer rows move them in the same commit.
 */
public record CustomersMerged(long workspaceId, int winner, int loser, String cause) {}
