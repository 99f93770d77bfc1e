package io.reservoir.ingest;

import io.reservoir.platform.errors.ReservoirException;
import tools.jackson.databind.JsonNode;

/** The plain values of a message (ids, text) read the one way every field is read, and where they sit. */
final class MessageValues {

    /** The longest id or name: message ids, event names, order and refund ids. */
    static final int MAX_ID = 200;

    private MessageValues() {}

    /** Builds field paths relative to the message's place in the request ({@code batch[3].properties.total}). */
    record Fields(String path) {
        String at(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }
    }

    static String requiredId(JsonNode node, String field) {
        String id = id(node, field);
        if (id == null) {
            throw ReservoirException.invalid(field, "is required");
        }
        return id;
    }

    static String id(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!(node.isString() || node.isIntegralNumber())) {
            throw ReservoirException.invalid(field, "must be a string");
        }
        return text(node, field, MAX_ID);
    }

    static String text(JsonNode node, String field, int max) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw ReservoirException.invalid(field, "must be text");
        }
        String text = node.asString().strip();
        if (text.isEmpty()) {
            return null;
        }
        if (text.length() > max) {
            throw ReservoirException.invalid(field, "is longer than " + max + " characters");
        }
        if (text.chars().anyMatch(c -> c < 0x20)) {
            throw ReservoirException.invalid(field, "contains control characters");
        }
        return text;
    }
}
