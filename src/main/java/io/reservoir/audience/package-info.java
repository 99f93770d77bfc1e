/**
 * Audiences: tags on customers, and segments — condition trees over profiles, relations,
 * membership, points, tags, consent and event aggregates — with their exact reference evaluator.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audiences")
package io.reservoir.audience;
