package io.reservoir.audience;

import io.reservoir.audience.SegmentRule.Range;
import io.reservoir.identity.ConsentChannel;
import io.reservoir.identity.IdentityType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random segment rules over what a workspace holds (its attribute values, brands, tiers, tags,
 * channels, fields, event names and saved segments), a few levels of AND / OR / NOT deep, with
 * operands drawn both from the data and from just beside it, so that edges are hit.
 */
final class RandomRules {

    /** What the rules may name. */
    record Vocabulary(
            Map<String, List<String>> attributeValues,
            List<Long> brands,
            Map<Long, List<String>> tiers,
            Map<String, List<String>> tagValues,
            List<String> channels,
            List<String> fields,
            List<String> events,
            List<Long> segments) {}

    private final SplittableRandom random;
    private final Vocabulary words;

    RandomRules(long seed, Vocabulary words) {
        this.random = new SplittableRandom(seed);
        this.words = words;
    }

    SegmentRule next() {
        return rule(0);
    }

    private SegmentRule rule(int depth) {
        int kind = random.nextInt(depth >= 3 ? 10 : 14);
        return switch (kind) {
            case 10, 11 -> new SegmentRule.All(children(depth));
            case 12 -> new SegmentRule.Any(children(depth));
            case 13 -> new SegmentRule.Not(rule(depth + 1));
            default -> leaf();
        };
    }

    private List<SegmentRule> children(int depth) {
        List<SegmentRule> rules = new ArrayList<>();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            rules.add(rule(depth + 1));
        }
        return rules;
    }

    private SegmentRule leaf() {
        long brand = pick(words.brands());
        return switch (random.nextInt(12)) {
            case 0, 1 -> attribute();
            case 2 -> new SegmentRule.Identity(pick(List.of(IdentityType.values())));
            case 3 -> new SegmentRule.Relation(brand, random.nextBoolean() ? null : pick(words.fields()));
            case 4 -> new SegmentRule.Member(brand);
            case 5 -> {
                List<String> codes = words.tiers().getOrDefault(brand, List.of());
                yield codes.isEmpty()
                        ? new SegmentRule.Member(brand)
                        : new SegmentRule.Tier(brand, List.of(pick(codes)));
            }
            case 6 -> new SegmentRule.Points(brand, range(0, 3_000, true));
            case 7 -> {
                String tag = pick(List.copyOf(words.tagValues().keySet()));
                yield new SegmentRule.Tagged(
                        tag,
                        random.nextBoolean() ? null : pick(words.tagValues().get(tag)));
            }
            case 8 -> new SegmentRule.Consent(pick(List.of(ConsentChannel.values())), random.nextBoolean());
            case 9 ->
                words.segments().isEmpty()
                        ? new SegmentRule.Member(brand)
                        : new SegmentRule.InSegment(pick(words.segments()));
            default -> event(brand);
        };
    }

    private SegmentRule attribute() {
        String name = pick(List.copyOf(words.attributeValues().keySet()));
        List<String> values = new ArrayList<>(words.attributeValues().get(name));
        values.add("不存在");
        String value = pick(values);
        String number = Integer.toString(random.nextInt(15, 70));
        return switch (random.nextInt(10)) {
            case 0 -> new SegmentRule.Attribute(name, SegmentRule.Attribute.Op.EQ, List.of(value));
            case 1 -> new SegmentRule.Attribute(name, SegmentRule.Attribute.Op.NE, List.of(value));
            case 2 -> new SegmentRule.Attribute(name, SegmentRule.Attribute.Op.IN, List.of(value, pick(values)));
            case 3 ->
                new SegmentRule.Attribute(
                        name,
                        SegmentRule.Attribute.Op.CONTAINS,
                        List.of(value.substring(0, Math.min(1, value.length()))));
            case 4 -> new SegmentRule.Attribute(name, SegmentRule.Attribute.Op.EXISTS, List.of());
            case 5 -> new SegmentRule.Attribute("age", SegmentRule.Attribute.Op.GT, List.of(number));
            case 6 -> new SegmentRule.Attribute("age", SegmentRule.Attribute.Op.LTE, List.of(number));
            case 7 ->
                new SegmentRule.Attribute(
                        "age",
                        SegmentRule.Attribute.Op.BETWEEN,
                        List.of(number, Integer.toString(Integer.parseInt(number) + 10)));
            default -> new SegmentRule.Attribute(name, SegmentRule.Attribute.Op.EQ, List.of(value));
        };
    }

    private SegmentRule event(long brand) {
        String name = pick(words.events());
        boolean amount = SegmentRule.hasAmount(name);
        Range count = random.nextInt(3) == 0 ? null : range(0, 4, true);
        Range sum = amount && random.nextInt(3) == 0 ? range(0, 2_000, false) : null;
        Range days = random.nextInt(4) == 0 ? range(0, 3, true) : null;
        return new SegmentRule.Event(
                name,
                random.nextInt(3) == 0 ? brand : null,
                random.nextInt(4) == 0 ? pick(words.channels()) : null,
                random.nextInt(5) == 0 ? pick(words.fields()) : null,
                1 + random.nextInt(random.nextBoolean() ? 30 : 200),
                count,
                sum,
                days);
    }

    private Range range(int low, int high, boolean whole) {
        BigDecimal a = number(low, high, whole);
        BigDecimal b = number(low, high, whole);
        BigDecimal min = a.min(b);
        BigDecimal max = a.max(b);
        return switch (random.nextInt(4)) {
            case 0 -> new Range(min, null);
            case 1 -> new Range(null, max);
            case 2 -> Range.exactly(min);
            default -> new Range(min, max);
        };
    }

    private BigDecimal number(int low, int high, boolean whole) {
        BigDecimal n = BigDecimal.valueOf(random.nextInt(low, high + 1));
        return whole ? n : n.add(BigDecimal.valueOf(random.nextInt(100), 2));
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
