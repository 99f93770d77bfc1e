package io.reservoir.ingest;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Accepts Segment-shaped messages (docs/events.md) into a workspace's event log and updates the
 * customers, identities, relations and orders they describe, in two stages (docs/architecture.md,
 * Intake): a message is durable once it is in the log, and projected shortly after. Replayed
 * {@code messageId}s change nothing.
 */
public interface Intake {

    /** How long {@link #accept} waits for the projection of what it logged. */
    java.time.Duration PROJECTION_WAIT = java.time.Duration.ofSeconds(60);

    /**
     * All or nothing, as an HTTP call: if any message is invalid, none is written. Returns once the
     * messages are logged and projected, so the caller reads what it wrote.
     *
     * @param messages objects with a {@code type} ({@code track}, {@code identify}, …)
     * @throws io.reservoir.platform.errors.ReservoirException naming the field of the first problem
     */
    Accepted accept(long workspaceId, List<JsonNode> messages);

    /**
     * Row by row, as a bulk import: writes the valid messages and reports each invalid one in
     * {@code rejected} (by its index in {@code messages}). Returns once they are logged; {@link
     * #awaitProjected} waits for their projection.
     */
    Accepted acceptValid(long workspaceId, List<JsonNode> messages, List<Rejected> rejected);

    /**
     * Waits until the workspace's log is projected through {@code position}, at most {@code timeout}.
     *
     * @return whether it was
     */
    boolean awaitProjected(long workspaceId, long position, java.time.Duration timeout);

    /**
     * How many messages were written, how many were replays of messages already logged, and the
     * log's position after them (what {@link #awaitProjected} waits for).
     */
    record Accepted(int accepted, int duplicates, long position) {}

    /** A message that was not written: its position, the field at fault and why. */
    record Rejected(int index, String field, String reason) {}
}
