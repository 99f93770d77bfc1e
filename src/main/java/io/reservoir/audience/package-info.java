/**
 * Audiences: tags on customers, and segments — condition trees over profiles, relations,
 * membership, points, tags, consent and event aggregates — with their exact reference evaluator,
 * and what they answer: counts, samples, membership of one customer, snapshots and exports.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Audiences",
        allowedDependencies = {"identity", "ingest", "loyalty", "platform", "platform :: *"})
package io.reservoir.audience;
