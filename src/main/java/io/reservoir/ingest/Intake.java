package io.reservoir.ingest;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Accepts Segment-shaped messages (docs/events.md) into a workspace's event log and updates the
 * customers, identities, relations and orders they describe. Both methods return only after the
 * accepted messages are committed to the database; replayed {@code messageId}s change nothing.
 */
public interface Intake {

    /**
     * All or nothing, as an HTTP call: if any message is invalid, none is written.
     *
     * @param messages objects with a {@code type} ({@code track}, {@code identify}, …)
     * @throws io.reservoir.platform.errors.ReservoirException naming the field of the first problem
     */
    Accepted accept(long workspaceId, List<JsonNode> messages);

    /**
     * Row by row, as a bulk import: writes the valid messages and reports each invalid one in
     * {@code rejected} (by its index in {@code messages}).
     */
    Accepted acceptValid(long workspaceId, List<JsonNode> messages, List<Rejected> rejected);

    /** How many messages were written, and how many were replays of messages already logged. */
    record Accepted(int accepted, int duplicates) {}

    /** A message that was not written: its position, the field at fault and why. */
    record Rejected(int index, String field, String reason) {}
}
