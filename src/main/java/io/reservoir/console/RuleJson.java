package io.reservoir.console;

import io.reservoir.audience.SegmentRule;
import io.reservoir.console.RuleForm.Condition;
import io.reservoir.console.RuleForm.Group;
import io.reservoir.console.RuleForm.Item;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rule's JSON that the builder's rows make, and where each row is in it.
 *
 * <p>The rows become JSON, not the typed rule: the audience module reads and checks it exactly as
 * it checks API input, typed text included ({@code "abc"} days is a string where a whole number
 * belongs), and {@link Built#rowOf} leads each problem's JSON path back to the row that caused it.
 *
 * <p>A top-level list of one condition or one negated group ({@code {"all": [c]}}) is written as
 * that rule alone, which reads and selects the same.
 */
final class RuleJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RuleJson() {}

    /**
     * The rule the rows make, and where each row is in it.
     *
     * @param rule null when there is no condition at all
     * @param paths of each row, the row's children first
     */
    record Built(JsonNode rule, List<RowPath> paths) {

        /**
         * The row a problem at JSON path {@code field} belongs to: the deepest row whose path
         * leads to it; null when none does (the problem is not the rule's).
         */
        RowPath rowOf(String field) {
            RowPath found = null;
            for (RowPath row : paths) {
                if (within(field, row.outer())
                        && (found == null
                                || row.outer().length() > found.outer().length())) {
                    found = row;
                }
            }
            return found;
        }
    }

    /**
     * Where a row is in the rule's JSON.
     *
     * @param outer the path of the row's JSON, its NOT included ({@code rule.all[1]})
     * @param inner the path of the condition itself ({@code rule.all[1].not} when negated)
     */
    record RowPath(String prefix, String outer, String inner) {

        /** A problem as it reads next to this row: its path relative to the row, and the reason. */
        String describe(String field, String message) {
            String reason = message.startsWith(field + ": ") ? message.substring(field.length() + 2) : message;
            String base = within(field, inner) ? inner : outer;
            String where = field.length() > base.length() ? field.substring(base.length() + 1) : "";
            return where.isEmpty() ? reason : where + ": " + reason;
        }
    }

    private static boolean within(String field, String path) {
        return field.equals(path) || field.startsWith(path + ".") || field.startsWith(path + "[");
    }

    static Built build(Group top) {
        List<RowPath> paths = new ArrayList<>();
        JsonNode rule = node(top, "rule", paths);
        return new Built(rule, paths);
    }

    private static JsonNode node(Item item, String path, List<RowPath> paths) {
        String inner = item.not() ? path + ".not" : path;
        JsonNode body;
        if (item instanceof Group g) {
            List<Item> present =
                    g.items().stream().filter(RuleJson::hasCondition).toList();
            if (present.isEmpty()) {
                return null;
            }
            Item only = present.size() == 1 ? present.get(0) : null;
            if (only != null && g.prefix().isEmpty() && (only instanceof Condition || only.not())) {
                body = node(only, inner, paths); // one condition (or NOT group) alone is the rule
            } else {
                ObjectNode list = NODES.objectNode();
                ArrayNode rules = list.putArray(g.join());
                for (int i = 0; i < present.size(); i++) {
                    rules.add(node(present.get(i), inner + "." + g.join() + "[" + i + "]", paths));
                }
                body = list;
            }
        } else {
            body = condition((Condition) item);
        }
        paths.add(new RowPath(item.prefix(), path, inner));
        if (!item.not()) {
            return body;
        }
        ObjectNode not = NODES.objectNode();
        not.set("not", body);
        return not;
    }

    private static boolean hasCondition(Item item) {
        return item instanceof Condition || ((Group) item).items().stream().anyMatch(RuleJson::hasCondition);
    }

    private static JsonNode condition(Condition c) {
        ObjectNode node = NODES.objectNode();
        switch (c.kind()) {
            case "member" -> number(node.putObject("member"), "brand", c.get("brand"));
            case "tier" -> {
                ObjectNode tier = node.putObject("tier");
                number(tier, "brand", c.get("brand"));
                ArrayNode codes = tier.putArray("in");
                c.tiers().forEach(codes::add);
            }
            case "relation" -> {
                ObjectNode relation = node.putObject("relation");
                number(relation, "brand", c.get("brand"));
                text(relation, "field", c.get("field").strip());
            }
            case "tag" -> {
                node.put("tag", c.get("tag"));
                text(node, "value", c.get("value"));
            }
            case "consent" -> node.put("consent", c.get("channel")).put("granted", !"false".equals(c.get("granted")));
            case "attribute" -> attribute(node, c);
            case "identity" -> node.put("identity", c.get("identity"));
            case "points" -> {
                ObjectNode points = node.putObject("points");
                number(points, "brand", c.get("brand"));
                number(points, "gte", c.get("gte"));
                number(points, "lte", c.get("lte"));
            }
            case "event" -> event(node, c);
            case "segment" -> number(node, "segment", c.get("segment"));
            default -> throw new IllegalStateException(c.kind());
        }
        return node;
    }

    private static void attribute(ObjectNode node, Condition c) {
        node.put("attribute", c.get("attribute").strip());
        String op = c.get("op").isEmpty() ? "eq" : c.get("op");
        node.put("op", op);
        switch (op) {
            case "exists" -> {}
            case "in" -> {
                ArrayNode values = node.putArray("values");
                Arrays.stream(c.get("value").split(","))
                        .map(String::strip)
                        .filter(v -> !v.isEmpty())
                        .forEach(values::add);
            }
            case "between" -> {
                ArrayNode values = node.putArray("values");
                values.add(numberOrText(c.get("value")));
                values.add(numberOrText(c.get("value2")));
            }
            case "gt", "gte", "lt", "lte" -> number(node, "value", c.get("value"));
            default -> node.put("value", c.get("value"));
        }
    }

    private static void event(ObjectNode node, Condition c) {
        node.put("event", c.get("event").strip());
        number(node, "brand", c.get("brand"));
        text(node, "channel", c.get("channel").strip());
        text(node, "field", c.get("field").strip());
        number(node.putObject("within"), "days", c.get("days"));
        range(node, "count", c.get("countGte"), c.get("countLte"));
        range(node, "sum", c.get("sumGte"), c.get("sumLte"));
        range(node, "distinctDays", c.get("daysGte"), c.get("daysLte"));
    }

    private static void range(ObjectNode node, String key, String gte, String lte) {
        if (gte.isBlank() && lte.isBlank()) {
            return;
        }
        ObjectNode range = node.putObject(key);
        number(range, "gte", gte);
        number(range, "lte", lte);
    }

    private static void text(ObjectNode node, String key, String text) {
        if (!text.isEmpty()) {
            node.put(key, text);
        }
    }

    /** A typed number as a JSON number; text that is none stays text, for the reader to refuse. */
    private static void number(ObjectNode node, String key, String text) {
        if (!text.isBlank()) {
            node.set(key, numberOrText(text));
        }
    }

    private static JsonNode numberOrText(String text) {
        String stripped = text.strip();
        return SegmentRule.Attribute.number(stripped)
                .map(n -> {
                    BigDecimal plain = n.signum() == 0 ? BigDecimal.ZERO : n.stripTrailingZeros();
                    return plain.scale() <= 0
                            ? (JsonNode) NODES.numberNode(plain.toBigIntegerExact())
                            : NODES.numberNode(plain);
                })
                .orElseGet(() -> NODES.stringNode(stripped));
    }
}
