package io.reservoir.audience;

import java.time.Instant;

/**
 * A saved segment: a named rule, evaluated whenever it is asked (it holds no members).
 *
 * @param description what the segment is for, in the operator's words; null when none was given
 */
public record Segment(
        long id, String name, String description, SegmentRule rule, Instant createdAt, Instant updatedAt) {

    /** A segment without a description. */
    public Segment(long id, String name, SegmentRule rule, Instant createdAt, Instant updatedAt) {
        this(id, name, null, rule, createdAt, updatedAt);
    }
}
