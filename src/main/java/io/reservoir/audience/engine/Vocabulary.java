package io.reservoir.audience.engine;

import java.util.HashMap;
import java.util.Map;

/** Short codes for the few strings an event column repeats (channels, fields); 0 is "none". */
final class Vocabulary {

    private final Map<String, Short> codes = new HashMap<>();

    short code(String word) {
        if (word == null) {
            return 0;
        }
        return codes.computeIfAbsent(word, w -> {
            if (codes.size() >= Short.MAX_VALUE - 1) {
                throw new IllegalStateException("more than " + Short.MAX_VALUE + " distinct values");
            }
            return (short) (codes.size() + 1);
        });
    }

    /** The code of a known word, or -2 (matches nothing) for a word never seen. */
    int find(String word) {
        Short code = codes.get(word);
        return code == null ? -2 : code;
    }
}
