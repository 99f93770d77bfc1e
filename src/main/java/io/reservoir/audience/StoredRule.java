package io.reservoir.audience;

import tools.jackson.databind.json.JsonMapper;

/** A rule as the {@code rule} columns keep it: its canonical JSON text. */
final class StoredRule {

    /** Longest stored rule text, in characters (the columns' size). */
    static final int MAX_LENGTH = 100_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StoredRule() {}

    static String write(SegmentRule rule) {
        return JSON.writeValueAsString(rule.toJson());
    }

    /** Reads a stored rule; it was checked when it was saved. */
    static SegmentRule read(String text) {
        return SegmentRule.fromJson(JSON.readTree(text), "rule");
    }
}
