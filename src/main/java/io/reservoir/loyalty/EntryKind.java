package io.reservoir.loyalty;

import java.util.Locale;

/**
 * What a ledger entry records. Held in {@code points_entry.kind} and in {@link PointsEntry#kind} as
 * {@link #id()}, the lower-case name (V4); the enum only gives the ledger's writes an exhaustive
 * switch.
 */
enum EntryKind {
    EARN,
    SPEND,
    EXPIRE,
    REVERSE,
    ADJUST;

    /** The kind as the database and {@link PointsEntry} spell it. */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** As {@link #id()}, so that a call printed in a message reads as before. */
    @Override
    public String toString() {
        return id();
    }
}
