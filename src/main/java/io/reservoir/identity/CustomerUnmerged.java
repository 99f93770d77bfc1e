package io.reservoir.identity;

/**
 * An operator undid a merge: {@code restored} is a profile of its own again and holds the
 * identities it brought into the merge; the rest stays with {@code from}. Published inside the
 * unmerging transaction so that modules re-attribute their per-customer rows in the same commit
 * (use {@link Customers#holders} to tell whose an identity is now).
 */
public record CustomerUnmerged(long workspaceId, int from, int restored) {}
