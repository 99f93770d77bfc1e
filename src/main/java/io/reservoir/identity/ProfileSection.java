package io.reservoir.identity;

import io.reservoir.platform.tenancy.Caller;

/**
 * A part of the customer 360 view contributed by another module (orders, relations, points, …).
 * Modules implement it as a bean; the identity module asks each for its section without knowing
 * the modules — the dependency points from them to identity.
 */
public interface ProfileSection {

    /** The key of the section in the 360 answer, e.g. {@code orders}. */
    String name();

    /** The section for one customer (its current number, merged numbers already folded in). */
    Object describe(Caller caller, int customerNo);
}
