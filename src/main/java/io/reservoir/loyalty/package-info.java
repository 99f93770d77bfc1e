/**
 * Loyalty: the points ledger (every change an entry with an idempotency key, lots consumed
 * oldest-expiring first, balances that always equal their entries), and in time tiers, the
 * redemption catalog and the member center.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Loyalty",
        allowedDependencies = {"identity", "ingest", "platform", "platform :: *"})
package io.reservoir.loyalty;
