package io.reservoir.ingest.simulator;

/**
 * What a simulation generated.
 *
 * @param people persons who appeared (each may show up as several customer profiles until linked)
 * @param members persons who joined as members
 * @param links identify calls that link two channels of one person (they merge profiles)
 * @param referredOrders orders carrying another customer's share code
 */
public record SimulationCounts(
        long messages,
        long people,
        long members,
        long orders,
        long refunds,
        long reviews,
        long shares,
        long referredOrders,
        long guideOrders,
        long links,
        long consentWithdrawals) {}
