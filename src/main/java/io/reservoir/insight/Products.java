package io.reservoir.insight;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A brand's product ids as small numbers, given out as they are first seen, and their names. */
final class Products {

    private final Map<String, Integer> codes = new HashMap<>();
    private final List<String> ids = new ArrayList<>();
    private final Map<String, String> names = new HashMap<>();

    /** The product's code; {@code name}, when an order line carries one, becomes its name. */
    synchronized int code(String id, String name) {
        if (name != null && !name.isBlank()) {
            names.put(id, name.strip());
        }
        return code(id);
    }

    /** The names known of {@code productIds}, by id. */
    synchronized Map<String, String> names(Collection<String> productIds) {
        Map<String, String> known = new LinkedHashMap<>();
        for (String id : productIds) {
            String name = names.get(id);
            if (name != null) {
                known.put(id, name);
            }
        }
        return known;
    }

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
