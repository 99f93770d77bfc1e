package io.reservoir.ingest;

import java.util.List;

/**
 * Published (synchronously) when {@code reservoir simulate} is about to generate a demo brand's events: the
 * modules that give a brand its set-up do it now, so that the simulated events already find it (a
 * brand without a loyalty program gets the demo program, and its members earn from their first
 * order). A brand that has its set-up keeps it.
 */
public record BrandSimulating(long workspaceId, List<Long> brandIds) {}
