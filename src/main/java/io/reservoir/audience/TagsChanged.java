package io.reservoir.audience;

import java.util.Set;

/** Customers whose tags changed, published inside the changing transaction. */
public record TagsChanged(long workspaceId, Set<Integer> customerNos) {}
