/**
 * Intake: the Segment-compatible HTTP API, bulk import and the brand simulator. Every accepted
 * fact is appended once to the event log; orders and relations are its projections.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Ingest",
        allowedDependencies = {"identity", "platform", "platform :: *"})
package io.reservoir.ingest;
