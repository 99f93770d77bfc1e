package io.reservoir.audience;

import java.time.Instant;

/** A saved segment: a named rule, evaluated whenever it is asked (it holds no members). */
public record Segment(long id, String name, SegmentRule rule, Instant createdAt, Instant updatedAt) {}
