package io.reservoir.audience;

import java.util.HashSet;
import java.util.Set;

/** The names of the tags a rule refers to directly (not through the segments it names). */
final class TagReferences implements SegmentRule.Visitor<Void> {

    private final Set<String> names = new HashSet<>();

    private TagReferences() {}

    static Set<String> of(SegmentRule rule) {
        TagReferences collector = new TagReferences();
        rule.accept(collector);
        return collector.names;
    }

    @Override
    public Void all(SegmentRule.All rule) {
        rule.rules().forEach(r -> r.accept(this));
        return null;
    }

    @Override
    public Void any(SegmentRule.Any rule) {
        rule.rules().forEach(r -> r.accept(this));
        return null;
    }

    @Override
    public Void not(SegmentRule.Not rule) {
        return rule.rule().accept(this);
    }

    @Override
    public Void attribute(SegmentRule.Attribute rule) {
        return null;
    }

    @Override
    public Void identity(SegmentRule.Identity rule) {
        return null;
    }

    @Override
    public Void relation(SegmentRule.Relation rule) {
        return null;
    }

    @Override
    public Void member(SegmentRule.Member rule) {
        return null;
    }

    @Override
    public Void tier(SegmentRule.Tier rule) {
        return null;
    }

    @Override
    public Void points(SegmentRule.Points rule) {
        return null;
    }

    @Override
    public Void tagged(SegmentRule.Tagged rule) {
        names.add(rule.name());
        return null;
    }

    @Override
    public Void consent(SegmentRule.Consent rule) {
        return null;
    }

    @Override
    public Void event(SegmentRule.Event rule) {
        return null;
    }

    @Override
    public Void inSegment(SegmentRule.InSegment rule) {
        return null;
    }
}
