package io.reservoir.platform.errors;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems of one request, gathered so that a form shows them all at once instead of one per
 * try: each check adds its problem and goes on; {@link #check()} then refuses the request with
 * every problem found ({@link ReservoirException#invalid(List)}).
 */
public final class Problems {

    private final List<ReservoirException> found = new ArrayList<>();

    /** Notes that {@code field} is wrong, {@code reason} saying why in plain words. */
    public void add(String field, String reason) {
        found.add(ReservoirException.invalid(field, reason));
    }

    /** Notes a refusal already made (its problems, if it lists several). */
    public void add(ReservoirException refused) {
        found.add(refused);
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    /** @throws ReservoirException invalid, listing every problem added, if there is any */
    public void check() {
        if (!found.isEmpty()) {
            throw ReservoirException.invalid(found);
        }
    }
}
