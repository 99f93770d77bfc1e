package io.reservoir.audience;

import java.time.Instant;

/**
 * A segment's members frozen at {@code takenAt}: the rule it was taken with and how many
 * customers it held then. Its members are read with {@link Snapshots}; a customer erased since
 * has left it (and a merged one is there as the profile that survived), so the members may be
 * fewer than {@code size}.
 */
public record Snapshot(long id, long segmentId, String segmentName, Instant takenAt, SegmentRule rule, int size) {}
