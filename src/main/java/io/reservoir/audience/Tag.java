package io.reservoir.audience;

import java.time.Instant;

/**
 * A tag of a workspace. Customers hold it plainly ({@code vip}) or with a value ({@code rfm} =
 * {@code champions}).
 *
 * @param description null when none was given
 * @param rule the condition of a {@link TagKind#RULE} tag; null for the other kinds
 * @param model what computes a {@link TagKind#MODEL} tag's values; null for the other kinds, and
 *     for a model tag whose values are given by calls of {@link Tags#assign}
 */
public record Tag(
        long id, String name, TagKind kind, String description, SegmentRule rule, TagModel model, Instant createdAt) {

    /** A tag without a model. */
    public Tag(long id, String name, TagKind kind, String description, SegmentRule rule, Instant createdAt) {
        this(id, name, kind, description, rule, null, createdAt);
    }

    /** Whether Reservoir recomputes its holders: a rule tag, or a model tag with a model. */
    public boolean computed() {
        return rule != null || model != null;
    }
}
