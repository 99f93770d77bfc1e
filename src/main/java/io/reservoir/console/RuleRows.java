package io.reservoir.console;

import io.reservoir.audience.SegmentRule;
import io.reservoir.console.RuleForm.Condition;
import io.reservoir.console.RuleForm.Group;
import io.reservoir.console.RuleForm.Item;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The builder's rows that show a rule (a saved segment's, a template's, the JSON editor's). Their
 * JSON ({@link RuleJson}) reads back as an equal rule, but for two cases that read and select the
 * same: a top-level list of one condition or one negated group ({@code {"all": [c]}}) comes back
 * as that rule alone, and a double negation ({@code {"not": {"not": r}}}) as {@code r} (NOT is
 * taken among active customers, so it cancels).
 */
final class RuleRows {

    private RuleRows() {}

    /** The rule cannot be shown as rows (too deep, or a value the inputs cannot hold); edit it as JSON. */
    static final class Unrepresentable extends RuntimeException {
        Unrepresentable(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * The rows that make {@code rule}; building them gives back an equal rule.
     *
     * @throws Unrepresentable when rows cannot show it
     */
    static Group of(SegmentRule rule) {
        Item item = item(rule);
        Group top = item instanceof Group g && !g.not()
                ? new Group("", false, g.join(), g.items())
                : new Group("", false, "all", List.of(item));
        Group numbered = RuleForm.renumber(top);
        if (deepest(numbered) > RuleForm.MAX_DEPTH) {
            throw new Unrepresentable("groups nest deeper than " + RuleForm.MAX_DEPTH + " levels");
        }
        return numbered;
    }

    /** The depth of the deepest group. */
    private static int deepest(Item item) {
        if (item instanceof Group g) {
            return Math.max(
                    g.depth(),
                    g.items().stream().mapToInt(RuleRows::deepest).max().orElse(0));
        }
        return 0;
    }

    private static Item item(SegmentRule rule) {
        if (rule instanceof SegmentRule.Not not) {
            Item inner = item(not.rule());
            return inner.withNot(!inner.not());
        }
        if (rule instanceof SegmentRule.All all) {
            return group("all", all.rules());
        }
        if (rule instanceof SegmentRule.Any any) {
            return group("any", any.rules());
        }
        return leaf(rule);
    }

    private static Group group(String join, List<SegmentRule> rules) {
        List<Item> items = new ArrayList<>();
        for (SegmentRule r : rules) {
            items.add(item(r));
        }
        return new Group("", false, join, items);
    }

    private static Condition leaf(SegmentRule rule) {
        return rule.accept(new Leaf());
    }

    /** A condition's inputs from its rule; lists (all, any, not) are handled by {@link #item}. */
    private static final class Leaf implements SegmentRule.Visitor<Condition> {

        @Override
        public Condition all(SegmentRule.All rule) {
            throw new IllegalStateException("a list is no condition");
        }

        @Override
        public Condition any(SegmentRule.Any rule) {
            throw new IllegalStateException("a list is no condition");
        }

        @Override
        public Condition not(SegmentRule.Not rule) {
            throw new IllegalStateException("a list is no condition");
        }

        @Override
        public Condition attribute(SegmentRule.Attribute a) {
            Map<String, String> v = new LinkedHashMap<>();
            v.put("attribute", a.name());
            v.put("op", a.op().id());
            switch (a.op()) {
                case EXISTS -> {}
                case IN -> {
                    for (String value : a.values()) {
                        if (value.contains(",") || value.isEmpty() || !value.equals(value.strip())) {
                            throw new Unrepresentable("the list value '" + value + "'");
                        }
                    }
                    v.put("value", String.join(", ", a.values()));
                }
                case BETWEEN -> {
                    v.put("value", a.values().get(0));
                    v.put("value2", a.values().get(1));
                }
                default -> v.put("value", a.values().get(0));
            }
            return condition("attribute", v);
        }

        @Override
        public Condition identity(SegmentRule.Identity rule) {
            return condition("identity", Map.of("identity", rule.type().id()));
        }

        @Override
        public Condition relation(SegmentRule.Relation rule) {
            return condition(
                    "relation",
                    Map.of("brand", Long.toString(rule.brandId()), "field", rule.field() == null ? "" : rule.field()));
        }

        @Override
        public Condition member(SegmentRule.Member rule) {
            return condition("member", Map.of("brand", Long.toString(rule.brandId())));
        }

        @Override
        public Condition tier(SegmentRule.Tier rule) {
            return new Condition("", false, "tier", Map.of("brand", Long.toString(rule.brandId())), rule.codes());
        }

        @Override
        public Condition points(SegmentRule.Points rule) {
            return condition(
                    "points",
                    Map.of(
                            "brand", Long.toString(rule.brandId()),
                            "gte", plain(rule.balance().gte()),
                            "lte", plain(rule.balance().lte())));
        }

        @Override
        public Condition tagged(SegmentRule.Tagged rule) {
            return condition("tag", Map.of("tag", rule.name(), "value", rule.value() == null ? "" : rule.value()));
        }

        @Override
        public Condition consent(SegmentRule.Consent rule) {
            return condition(
                    "consent", Map.of("channel", rule.channel().id(), "granted", Boolean.toString(rule.granted())));
        }

        @Override
        public Condition event(SegmentRule.Event e) {
            Map<String, String> v = new LinkedHashMap<>();
            v.put("event", e.name());
            v.put("brand", e.brandId() == null ? "" : e.brandId().toString());
            v.put("channel", e.channel() == null ? "" : e.channel());
            v.put("field", e.field() == null ? "" : e.field());
            v.put("days", Integer.toString(e.days()));
            bounds(v, "count", e.count());
            bounds(v, "sum", e.sum());
            bounds(v, "days", e.distinctDays());
            return condition("event", v);
        }

        @Override
        public Condition inSegment(SegmentRule.InSegment rule) {
            return condition("segment", Map.of("segment", Long.toString(rule.segmentId())));
        }

        private static Condition condition(String kind, Map<String, String> values) {
            return new Condition("", false, kind, values, List.of());
        }
    }

    private static void bounds(Map<String, String> values, String key, SegmentRule.Range range) {
        values.put(key + "Gte", range == null ? "" : plain(range.gte()));
        values.put(key + "Lte", range == null ? "" : plain(range.lte()));
    }

    private static String plain(BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }
}
