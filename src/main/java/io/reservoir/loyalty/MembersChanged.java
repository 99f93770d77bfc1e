package io.reservoir.loyalty;

import java.util.Set;

/**
 * Customers whose membership, tier or points may have changed, published inside the changing
 * transaction (listeners that keep copies, such as the audience index, act after its commit).
 */
public record MembersChanged(long workspaceId, Set<Integer> customerNos) {}
