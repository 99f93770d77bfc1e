package io.reservoir.audience;

import java.time.Instant;

/**
 * A tag of a workspace. Customers hold it plainly ({@code vip}) or with a value ({@code rfm} =
 * {@code champions}).
 *
 * @param description null when none was given
 * @param rule the condition of a {@link TagKind#RULE} tag; null for the other kinds
 */
public record Tag(long id, String name, TagKind kind, String description, SegmentRule rule, Instant createdAt) {}
