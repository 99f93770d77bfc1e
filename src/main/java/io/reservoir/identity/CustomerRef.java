package io.reservoir.identity;

/**
 * A customer as other modules and the API refer to it: {@code id} is the public id, stable
 * forever; {@code customerNo} the dense per-workspace number that indexes and tables use.
 *
 * @param mergedInto for a merged profile, the public id of the profile it now belongs to
 */
public record CustomerRef(String id, int customerNo, String status, String mergedInto) {

    public boolean active() {
        return "active".equals(status);
    }
}
