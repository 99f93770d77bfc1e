package io.reservoir.audience;

import io.reservoir.audience.SegmentRule.Range;
import java.math.BigDecimal;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Writes the canonical JSON form of a rule: what is stored, and what {@link RuleReader} reads back. */
final class RuleWriter implements SegmentRule.Visitor<JsonNode> {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final RuleWriter INSTANCE = new RuleWriter();

    private RuleWriter() {}

    static JsonNode write(SegmentRule rule) {
        return rule.accept(INSTANCE);
    }

    @Override
    public JsonNode all(SegmentRule.All rule) {
        return list("all", rule.rules());
    }

    @Override
    public JsonNode any(SegmentRule.Any rule) {
        return list("any", rule.rules());
    }

    private JsonNode list(String kind, List<SegmentRule> rules) {
        ObjectNode node = NODES.objectNode();
        ArrayNode children = node.putArray(kind);
        rules.forEach(r -> children.add(r.accept(this)));
        return node;
    }

    @Override
    public JsonNode not(SegmentRule.Not rule) {
        ObjectNode node = NODES.objectNode();
        node.set("not", rule.rule().accept(this));
        return node;
    }

    @Override
    public JsonNode attribute(SegmentRule.Attribute rule) {
        ObjectNode node = NODES.objectNode();
        node.put("attribute", rule.name());
        node.put("op", rule.op().id());
        switch (rule.op()) {
            case EXISTS -> {}
            case EQ, NE, CONTAINS -> node.put("value", rule.values().get(0));
            case IN -> rule.values().forEach(node.putArray("values")::add);
            case GT, GTE, LT, LTE -> node.set("value", number(rule.numbers().get(0)));
            case BETWEEN -> {
                ArrayNode values = node.putArray("values");
                rule.numbers().forEach(n -> values.add(number(n)));
            }
        }
        return node;
    }

    @Override
    public JsonNode identity(SegmentRule.Identity rule) {
        return NODES.objectNode().put("identity", rule.type().id());
    }

    @Override
    public JsonNode relation(SegmentRule.Relation rule) {
        ObjectNode node = NODES.objectNode();
        ObjectNode relation = node.putObject("relation").put("brand", rule.brandId());
        if (rule.field() != null) {
            relation.put("field", rule.field());
        }
        return node;
    }

    @Override
    public JsonNode member(SegmentRule.Member rule) {
        ObjectNode node = NODES.objectNode();
        node.putObject("member").put("brand", rule.brandId());
        return node;
    }

    @Override
    public JsonNode tier(SegmentRule.Tier rule) {
        ObjectNode node = NODES.objectNode();
        ObjectNode tier = node.putObject("tier").put("brand", rule.brandId());
        rule.codes().forEach(tier.putArray("in")::add);
        return node;
    }

    @Override
    public JsonNode points(SegmentRule.Points rule) {
        ObjectNode node = NODES.objectNode();
        ObjectNode points = node.putObject("points").put("brand", rule.brandId());
        if (rule.balance().gte() != null) {
            points.set("gte", number(rule.balance().gte()));
        }
        if (rule.balance().lte() != null) {
            points.set("lte", number(rule.balance().lte()));
        }
        return node;
    }

    @Override
    public JsonNode tagged(SegmentRule.Tagged rule) {
        ObjectNode node = NODES.objectNode().put("tag", rule.name());
        if (rule.value() != null) {
            node.put("value", rule.value());
        }
        return node;
    }

    @Override
    public JsonNode consent(SegmentRule.Consent rule) {
        return NODES.objectNode().put("consent", rule.channel().id()).put("granted", rule.granted());
    }

    @Override
    public JsonNode event(SegmentRule.Event rule) {
        ObjectNode node = NODES.objectNode().put("event", rule.name());
        if (rule.brandId() != null) {
            node.put("brand", rule.brandId());
        }
        if (rule.channel() != null) {
            node.put("channel", rule.channel());
        }
        if (rule.field() != null) {
            node.put("field", rule.field());
        }
        node.putObject("within").put("days", rule.days());
        range(node, "count", rule.count());
        range(node, "sum", rule.sum());
        range(node, "distinctDays", rule.distinctDays());
        return node;
    }

    private static void range(ObjectNode parent, String key, Range range) {
        if (range == null) {
            return;
        }
        ObjectNode node = parent.putObject(key);
        if (range.exact()) {
            node.set("eq", number(range.gte()));
            return;
        }
        if (range.gte() != null) {
            node.set("gte", number(range.gte()));
        }
        if (range.lte() != null) {
            node.set("lte", number(range.lte()));
        }
    }

    @Override
    public JsonNode inSegment(SegmentRule.InSegment rule) {
        return NODES.objectNode().put("segment", rule.segmentId());
    }

    /** Numbers are canonical (see {@link SegmentRule.Range}): whole ones are written as integers. */
    private static JsonNode number(BigDecimal value) {
        return value.scale() <= 0 ? NODES.numberNode(value.toBigIntegerExact()) : NODES.numberNode(value);
    }
}
