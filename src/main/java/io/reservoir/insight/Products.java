package io.reservoir.insight;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A brand's product ids as small numbers, given out as they are first seen. */
final class Products {

    private final Map<String, Integer> codes = new HashMap<>();
    private final List<String> ids = new ArrayList<>();

    synchronized int code(String id) {
        return codes.computeIfAbsent(id, k -> {
            ids.add(k);
            return ids.size() - 1;
        });
    }

    synchronized String id(int code) {
        return ids.get(code);
    }
}
