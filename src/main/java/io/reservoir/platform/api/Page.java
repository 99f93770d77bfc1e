package io.reservoir.platform.api;

import java.util.List;

/**
 * A list answer. {@code next} is the cursor for the following page ({@code ?before=next}), or
 * absent on the last page.
 */
record Page<T>(List<T> items, String next) {

    static <T> Page<T> of(List<T> items) {
        return new Page<>(items, null);
    }
}
