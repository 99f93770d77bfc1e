package io.reservoir.audience;

import static io.reservoir.audience.JsonValues.at;
import static io.reservoir.audience.JsonValues.id;
import static io.reservoir.audience.JsonValues.list;
import static io.reservoir.audience.JsonValues.number;
import static io.reservoir.audience.JsonValues.object;
import static io.reservoir.audience.JsonValues.text;
import static io.reservoir.audience.JsonValues.whole;

import io.reservoir.audience.SegmentRule.Attribute;
import io.reservoir.audience.SegmentRule.Range;
import io.reservoir.identity.ConsentChannel;
import io.reservoir.identity.IdentityType;
import io.reservoir.ingest.Channels;
import io.reservoir.platform.errors.ReservoirException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Reads the JSON form of a rule (docs/segments.md) into a {@link SegmentRule}, checking everything
 * that needs no database: keys, ops, types, windows, ranges, depth. Each error names the JSON path
 * of what is wrong, e.g. {@code rule.all[2].within.days}; the conditions of a list are all read, so
 * one refusal lists the problem of every wrong condition ({@link ReservoirException#problems()}),
 * the first in document order being the error's own. References to brands, tiers, tags and
 * saved segments are checked against a workspace by {@link RuleChecker}.
 */
final class RuleReader {

    /** The key that says which condition an object is; exactly one per object. */
    static final List<String> KINDS = List.of(
            "all",
            "any",
            "not",
            "attribute",
            "identity",
            "relation",
            "member",
            "tier",
            "points",
            "tag",
            "consent",
            "event",
            "segment");

    private static final Map<String, Set<String>> KEYS = Map.ofEntries(
            Map.entry("all", Set.of("all")),
            Map.entry("any", Set.of("any")),
            Map.entry("not", Set.of("not")),
            Map.entry("attribute", Set.of("attribute", "op", "value", "values")),
            Map.entry("identity", Set.of("identity")),
            Map.entry("relation", Set.of("relation")),
            Map.entry("member", Set.of("member")),
            Map.entry("tier", Set.of("tier")),
            Map.entry("points", Set.of("points")),
            Map.entry("tag", Set.of("tag", "value")),
            Map.entry("consent", Set.of("consent", "granted")),
            Map.entry("event", Set.of("event", "brand", "channel", "field", "within", "count", "sum", "distinctDays")),
            Map.entry("segment", Set.of("segment")));

    static final int MAX_NAME = 100;
    static final int MAX_EVENT_NAME = 200;
    static final int MAX_ATTRIBUTE_VALUE = 2_000;
    static final int MAX_TAG_VALUE = 200;

    private RuleReader() {}

    static SegmentRule read(JsonNode json, String path) {
        if (json == null || json.isMissingNode() || json.isNull()) {
            throw ReservoirException.invalid(path, "is required");
        }
        return rule(json, path, 1);
    }

    private static SegmentRule rule(JsonNode node, String path, int level) {
        if (!node.isObject()) {
            throw ReservoirException.invalid(path, "must be an object such as {\"attribute\": \"city\", …}");
        }
        if (level > SegmentRule.MAX_DEPTH) {
            throw ReservoirException.invalid(path, "is nested deeper than " + SegmentRule.MAX_DEPTH + " levels");
        }
        List<String> kinds = new ArrayList<>();
        for (var entry : node.properties()) {
            if (KINDS.contains(entry.getKey())) {
                kinds.add(entry.getKey());
            }
        }
        if (kinds.isEmpty()) {
            if (node.isEmpty()) {
                throw ReservoirException.invalid(path, "is empty; a rule has one of " + String.join(", ", KINDS));
            }
            String first = node.properties().iterator().next().getKey();
            throw ReservoirException.invalid(
                    at(path, first), "is not a condition; a rule has one of " + String.join(", ", KINDS));
        }
        if (kinds.size() > 1) {
            throw ReservoirException.invalid(
                    path, "has both " + kinds.get(0) + " and " + kinds.get(1) + "; a rule is one condition");
        }
        String kind = kinds.get(0);
        for (var entry : node.properties()) {
            if (!KEYS.get(kind).contains(entry.getKey())) {
                throw ReservoirException.invalid(
                        at(path, entry.getKey()),
                        "is not a key of " + kind + " rules; they take "
                                + String.join(", ", new TreeSet<>(KEYS.get(kind))));
            }
        }
        return switch (kind) {
            case "all" -> new SegmentRule.All(children(node.get("all"), at(path, "all"), level));
            case "any" -> new SegmentRule.Any(children(node.get("any"), at(path, "any"), level));
            case "not" -> new SegmentRule.Not(rule(node.get("not"), at(path, "not"), level + 1));
            case "attribute" -> attribute(node, path);
            case "identity" -> identity(node.get("identity"), at(path, "identity"));
            case "relation" ->
                relation(object(node.get("relation"), at(path, "relation"), "brand", "field"), at(path, "relation"));
            case "member" ->
                new SegmentRule.Member(
                        brand(object(node.get("member"), at(path, "member"), "brand"), at(path, "member")));
            case "tier" -> tier(object(node.get("tier"), at(path, "tier"), "brand", "in"), at(path, "tier"));
            case "points" ->
                points(object(node.get("points"), at(path, "points"), "brand", "gte", "lte"), at(path, "points"));
            case "tag" ->
                new SegmentRule.Tagged(
                        text(node.get("tag"), at(path, "tag"), 1, MAX_NAME),
                        node.has("value") ? text(node.get("value"), at(path, "value"), 1, MAX_TAG_VALUE) : null);
            case "consent" -> consent(node, path);
            case "event" -> event(node, path);
            case "segment" -> new SegmentRule.InSegment(id(node.get("segment"), at(path, "segment"), "a segment id"));
            default -> throw new IllegalStateException(kind);
        };
    }

    private static List<SegmentRule> children(JsonNode node, String path, int level) {
        if (!node.isArray()) {
            throw ReservoirException.invalid(path, "must be a list of rules");
        }
        if (node.isEmpty()) {
            throw ReservoirException.invalid(path, "is empty; it needs at least one rule");
        }
        if (node.size() > JsonValues.MAX_LIST) {
            throw ReservoirException.invalid(path, "has more than " + JsonValues.MAX_LIST + " rules");
        }
        List<SegmentRule> rules = new ArrayList<>();
        List<ReservoirException> problems = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            try {
                rules.add(rule(node.get(i), path + "[" + i + "]", level + 1));
            } catch (ReservoirException e) {
                // read the siblings too, so that one answer names every wrong condition
                problems.add(e);
            }
        }
        if (!problems.isEmpty()) {
            throw ReservoirException.invalid(problems);
        }
        return rules;
    }

    private static SegmentRule attribute(JsonNode node, String path) {
        String name = text(node.get("attribute"), at(path, "attribute"), 1, MAX_NAME);
        JsonNode opNode = node.get("op");
        if (opNode == null || opNode.isNull()) {
            throw ReservoirException.invalid(at(path, "op"), "is required");
        }
        if (!opNode.isString()) {
            throw ReservoirException.invalid(at(path, "op"), "must be a string");
        }
        Attribute.Op op = Attribute.Op.of(opNode.asString())
                .orElseThrow(() -> ReservoirException.invalid(
                        at(path, "op"),
                        "'" + opNode.asString() + "' is not an attribute op; one of "
                                + String.join(
                                        ", ",
                                        Arrays.stream(Attribute.Op.values())
                                                .map(Attribute.Op::id)
                                                .toList())));
        boolean list = op == Attribute.Op.IN || op == Attribute.Op.BETWEEN;
        String used = op == Attribute.Op.EXISTS ? null : list ? "values" : "value";
        for (String key : List.of("value", "values")) {
            if (node.has(key) && !key.equals(used)) {
                throw ReservoirException.invalid(
                        at(path, key), "is not used by op " + op.id() + (used == null ? "" : "; it takes " + used));
            }
        }
        if (used != null && !node.has(used)) {
            throw ReservoirException.invalid(at(path, used), "is required by op " + op.id());
        }
        List<String> values = new ArrayList<>();
        switch (op) {
            case EXISTS -> {}
            case EQ, NE -> values.add(text(node.get("value"), at(path, "value"), 0, MAX_ATTRIBUTE_VALUE));
            case CONTAINS -> values.add(text(node.get("value"), at(path, "value"), 1, MAX_ATTRIBUTE_VALUE));
            case IN -> {
                JsonNode array = list(node.get("values"), at(path, "values"));
                for (int i = 0; i < array.size(); i++) {
                    values.add(text(array.get(i), at(path, "values") + "[" + i + "]", 0, MAX_ATTRIBUTE_VALUE));
                }
            }
            case GT, GTE, LT, LTE ->
                values.add(number(node.get("value"), at(path, "value")).toPlainString());
            case BETWEEN -> {
                JsonNode array = list(node.get("values"), at(path, "values"));
                if (array.size() != 2) {
                    throw ReservoirException.invalid(at(path, "values"), "must be [low, high]");
                }
                BigDecimal low = number(array.get(0), at(path, "values") + "[0]");
                BigDecimal high = number(array.get(1), at(path, "values") + "[1]");
                if (low.compareTo(high) > 0) {
                    throw ReservoirException.invalid(
                            at(path, "values"),
                            "low " + low.toPlainString() + " is greater than high " + high.toPlainString());
                }
                values.add(low.toPlainString());
                values.add(high.toPlainString());
            }
        }
        return new Attribute(name, op, values);
    }

    private static SegmentRule identity(JsonNode node, String path) {
        if (node == null || !node.isString()) {
            throw ReservoirException.invalid(path, "must be an identity type such as phone");
        }
        return new SegmentRule.Identity(IdentityType.parse(path, node.asString()));
    }

    private static SegmentRule relation(JsonNode node, String path) {
        long brand = brand(node, path);
        String field = node.has("field") ? field(node.get("field"), at(path, "field")) : null;
        return new SegmentRule.Relation(brand, field);
    }

    private static SegmentRule tier(JsonNode node, String path) {
        long brand = brand(node, path);
        if (!node.has("in")) {
            throw ReservoirException.invalid(at(path, "in"), "is required: the tier codes");
        }
        JsonNode array = list(node.get("in"), at(path, "in"));
        Set<String> codes = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            codes.add(text(array.get(i), at(path, "in") + "[" + i + "]", 1, 30));
        }
        return new SegmentRule.Tier(brand, List.copyOf(codes));
    }

    private static SegmentRule points(JsonNode node, String path) {
        long brand = brand(node, path);
        BigDecimal gte = node.has("gte") ? whole(node.get("gte"), at(path, "gte"), null) : null;
        BigDecimal lte = node.has("lte") ? whole(node.get("lte"), at(path, "lte"), null) : null;
        if (gte == null && lte == null) {
            throw ReservoirException.invalid(path, "needs gte, lte or both");
        }
        return new SegmentRule.Points(brand, range(gte, lte, path));
    }

    private static SegmentRule consent(JsonNode node, String path) {
        JsonNode channel = node.get("consent");
        if (!channel.isString()) {
            throw ReservoirException.invalid(at(path, "consent"), "must be a channel such as sms");
        }
        JsonNode granted = node.get("granted");
        if (granted == null || granted.isNull()) {
            throw ReservoirException.invalid(at(path, "granted"), "is required: true or false");
        }
        if (!granted.isBoolean()) {
            throw ReservoirException.invalid(at(path, "granted"), "must be true or false");
        }
        return new SegmentRule.Consent(
                ConsentChannel.parse(at(path, "consent"), channel.asString()), granted.booleanValue());
    }

    private static SegmentRule event(JsonNode node, String path) {
        String name = text(node.get("event"), at(path, "event"), 1, MAX_EVENT_NAME);
        Long brand = node.has("brand") ? id(node.get("brand"), at(path, "brand"), "a brand id") : null;
        String channel = null;
        if (node.has("channel")) {
            channel = text(node.get("channel"), at(path, "channel"), 1, 30);
            if (!Channels.CHANNELS.contains(channel)) {
                throw ReservoirException.invalid(
                        at(path, "channel"),
                        "'" + channel + "' is not a channel; one of "
                                + String.join(", ", new TreeSet<>(Channels.CHANNELS)));
            }
        }
        String field = node.has("field") ? field(node.get("field"), at(path, "field")) : null;
        if (!node.has("within")) {
            throw ReservoirException.invalid(at(path, "within"), "is required, e.g. {\"days\": 90}");
        }
        JsonNode within = object(node.get("within"), at(path, "within"), "days");
        if (!within.has("days")) {
            throw ReservoirException.invalid(at(path, "within.days"), "is required");
        }
        BigDecimal days = whole(within.get("days"), at(path, "within.days"), null);
        if (days.compareTo(BigDecimal.ONE) < 0 || days.compareTo(BigDecimal.valueOf(SegmentRule.MAX_DAYS)) > 0) {
            throw ReservoirException.invalid(
                    at(path, "within.days"), "must be 1 to " + SegmentRule.MAX_DAYS + ", not " + days.toPlainString());
        }
        Range count = node.has("count") ? aggregate(node.get("count"), at(path, "count"), false) : null;
        Range sum = null;
        if (node.has("sum")) {
            if (!SegmentRule.hasAmount(name)) {
                throw ReservoirException.invalid(
                        at(path, "sum"),
                        "only " + SegmentRule.ORDER_COMPLETED + " and " + SegmentRule.ORDER_REFUNDED
                                + " events have an amount; '" + name + "' has none");
            }
            sum = aggregate(node.get("sum"), at(path, "sum"), true);
        }
        Range distinctDays =
                node.has("distinctDays") ? aggregate(node.get("distinctDays"), at(path, "distinctDays"), false) : null;
        return new SegmentRule.Event(name, brand, channel, field, days.intValueExact(), count, sum, distinctDays);
    }

    /** {@code {"gte": a, "lte": b}} or {@code {"eq": a}}: whole numbers ≥ 0, or yuan with 2 decimals. */
    private static Range aggregate(JsonNode node, String path, boolean money) {
        object(node, path, "gte", "lte", "eq");
        if (node.has("eq") && (node.has("gte") || node.has("lte"))) {
            throw ReservoirException.invalid(at(path, "eq"), "cannot be combined with gte or lte");
        }
        BigDecimal[] bounds = new BigDecimal[2];
        String[] keys = {"gte", "lte"};
        for (int i = 0; i < 2; i++) {
            if (node.has(keys[i])) {
                bounds[i] = amount(node.get(keys[i]), at(path, keys[i]), money);
            }
        }
        if (node.has("eq")) {
            BigDecimal eq = amount(node.get("eq"), at(path, "eq"), money);
            return Range.exactly(eq);
        }
        return range(bounds[0], bounds[1], path);
    }

    private static BigDecimal amount(JsonNode node, String path, boolean money) {
        if (!money) {
            return whole(node, path, BigDecimal.ZERO);
        }
        BigDecimal value = number(node, path);
        if (value.signum() < 0) {
            throw ReservoirException.invalid(path, "must be 0 or more");
        }
        if (value.stripTrailingZeros().scale() > 2) {
            throw ReservoirException.invalid(path, "has more than 2 decimals (yuan to the fen)");
        }
        return value;
    }

    private static Range range(BigDecimal gte, BigDecimal lte, String path) {
        if (gte == null && lte == null) {
            throw ReservoirException.invalid(path, "needs gte, lte or eq");
        }
        if (gte != null && lte != null && gte.compareTo(lte) > 0) {
            throw ReservoirException.invalid(
                    path, "gte " + gte.toPlainString() + " is greater than lte " + lte.toPlainString());
        }
        return new Range(gte, lte);
    }

    private static String field(JsonNode node, String path) {
        String field = text(node, path, 1, 30);
        if (!Channels.fields().contains(field)) {
            throw ReservoirException.invalid(
                    path, "'" + field + "' is not a field; one of " + String.join(", ", Channels.fields()));
        }
        return field;
    }

    private static long brand(JsonNode node, String path) {
        if (!node.has("brand")) {
            throw ReservoirException.invalid(at(path, "brand"), "is required: a brand id");
        }
        return id(node.get("brand"), at(path, "brand"), "a brand id");
    }
}
