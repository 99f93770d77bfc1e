package io.reservoir.console;

import io.reservoir.audience.SegmentRule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The segment builder's form: condition rows and groups of rows, as the page posts and shows them.
 *
 * <p><b>Names.</b> Every row has a prefix — {@code c[0]}, {@code c[2].c[1]} for a row of a group —
 * and posts its inputs as {@code prefix.key}; the top level's AND/OR is {@code join}. The page
 * renumbers the rows whenever one is added or removed, so indexes may have gaps in between.
 *
 * <p><b>Checking.</b> The form becomes the rule's JSON, not the typed rule: the audience module
 * reads and checks it exactly as it checks API input, typed text included ({@code "abc"} days is a
 * string where a whole number belongs), and {@link Built#rowOf} leads each problem's JSON path back
 * to the row that caused it.
 *
 * <p><b>Round trip.</b> Rows made from a rule build an equal rule, but for two cases that read and
 * select the same: a top-level list of one condition or one negated group ({@code {"all": [c]}})
 * builds as that rule alone, and a double negation ({@code {"not": {"not": r}}}) as {@code r}
 * (NOT is taken among active customers, so it cancels).
 */
final class RuleForm {

    /** The kinds of condition a row can be, in the order the selector offers them. */
    static final List<String> KINDS = List.of(
            "tier", "member", "relation", "tag", "consent", "attribute", "identity", "points", "event", "segment");

    /** Groups nest at most this deep below the top level (the page offers groups down to it). */
    static final int MAX_DEPTH = 3;

    /** At most this many rows are read from one post. */
    static final int MAX_ROWS = 300;

    private static final Pattern FIELD = Pattern.compile("((?:c\\[\\d{1,4}]\\.){0,8}c\\[\\d{1,4}])\\.([A-Za-z]+)");
    private static final Pattern INDEX = Pattern.compile("c\\[(\\d+)]");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RuleForm() {}

    /** A row or a group of rows. */
    sealed interface Item permits Group, Condition {

        /** Empty for the top level. */
        String prefix();

        boolean not();

        Item withPrefix(String prefix);

        Item withNot(boolean not);

        default boolean isGroup() {
            return this instanceof Group;
        }

        /** The name of one of this row's inputs. */
        default String name(String key) {
            return prefix().isEmpty() ? key : prefix() + "." + key;
        }

        /** How deep the row is: 0 for the top level, 1 for its rows and groups, … */
        default int depth() {
            return prefix().isEmpty() ? 0 : prefix().split("\\.").length;
        }

        /** An HTML id part for the row: {@code c0-c1} for {@code c[0].c[1]}. */
        default String domId() {
            return domId(prefix());
        }

        static String domId(String prefix) {
            return prefix.isEmpty()
                    ? "top"
                    : prefix.replace("[", "").replace("]", "").replace('.', '-');
        }
    }

    /** Rows joined by AND ({@code all}) or OR ({@code any}), negated as a whole when {@code not}. */
    record Group(String prefix, boolean not, String join, List<Item> items) implements Item {
        Group {
            join = "any".equals(join) ? "any" : "all";
            items = List.copyOf(items);
        }

        @Override
        public Group withPrefix(String prefix) {
            return new Group(prefix, not, join, items);
        }

        @Override
        public Group withNot(boolean not) {
            return new Group(prefix, not, join, items);
        }
    }

    /**
     * One condition: its kind, the text of its inputs by key, and the tier codes ticked (the one
     * input with several values).
     */
    record Condition(String prefix, boolean not, String kind, Map<String, String> values, List<String> tiers)
            implements Item {
        Condition {
            values = Map.copyOf(values);
            tiers = List.copyOf(tiers);
        }

        /** The text of input {@code key}, empty when not given. */
        public String get(String key) {
            return values.getOrDefault(key, "");
        }

        @Override
        public Condition withPrefix(String prefix) {
            return new Condition(prefix, not, kind, values, tiers);
        }

        @Override
        public Condition withNot(boolean not) {
            return new Condition(prefix, not, kind, values, tiers);
        }
    }

    /** An empty top level: one condition of the default kind. */
    static Group start(String brandId) {
        return renumber(new Group("", false, "all", List.of(blank(brandId))));
    }

    /** A new row: membership of the given brand. */
    static Condition blank(String brandId) {
        return new Condition("", false, "member", brandId == null ? Map.of() : Map.of("brand", brandId), List.of());
    }

    // ---- reading the posted form ----

    /** The rows as posted; inputs of other names are ignored. */
    static Group read(MultiValueMap<String, String> params) {
        Map<String, Map<String, List<String>>> rows = new HashMap<>();
        for (var entry : params.entrySet()) {
            Matcher field = FIELD.matcher(entry.getKey());
            if (field.matches() && (rows.size() < MAX_ROWS || rows.containsKey(field.group(1)))) {
                rows.computeIfAbsent(field.group(1), p -> new HashMap<>()).put(field.group(2), entry.getValue());
            }
        }
        return new Group("", false, params.getFirst("join"), children("", rows));
    }

    private static List<Item> children(String parent, Map<String, Map<String, List<String>>> rows) {
        List<String> prefixes = rows.keySet().stream()
                .filter(p -> parent(p).equals(parent))
                .sorted((a, b) -> Integer.compare(lastIndex(a), lastIndex(b)))
                .toList();
        List<Item> items = new ArrayList<>();
        for (String prefix : prefixes) {
            Map<String, List<String>> fields = rows.get(prefix);
            boolean not = fields.containsKey("not");
            String kind = first(fields.get("kind"));
            if ("group".equals(kind)) {
                items.add(new Group(prefix, not, first(fields.get("join")), children(prefix, rows)));
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            fields.forEach((key, texts) -> {
                if (!key.equals("kind") && !key.equals("not") && !key.equals("tiers")) {
                    values.put(key, first(texts));
                }
            });
            List<String> tiers = fields.getOrDefault("tiers", List.of()).stream()
                    .filter(t -> t != null && !t.isBlank())
                    .distinct()
                    .toList();
            items.add(new Condition(prefix, not, KINDS.contains(kind) ? kind : "member", values, tiers));
        }
        return items;
    }

    private static String parent(String prefix) {
        int dot = prefix.lastIndexOf('.');
        return dot < 0 ? "" : prefix.substring(0, dot);
    }

    private static int lastIndex(String prefix) {
        Matcher index = INDEX.matcher(prefix.substring(prefix.lastIndexOf('.') + 1));
        return index.matches() ? Integer.parseInt(index.group(1)) : Integer.MAX_VALUE;
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() || values.get(0) == null ? "" : values.get(0);
    }

    // ---- changing the rows ----

    /**
     * Applies a change the page asks for: {@code add:<group>} a condition, {@code group:<group>} a
     * group with one condition, {@code remove:<row>}; anything else changes nothing (the page then
     * shows the rows again, e.g. with the inputs of a newly chosen kind). Rows are renumbered.
     */
    static Group apply(Group top, String op, String brandId) {
        String target = op == null || op.indexOf(':') < 0 ? "" : op.substring(op.indexOf(':') + 1);
        String verb = op == null || op.indexOf(':') < 0 ? "" : op.substring(0, op.indexOf(':'));
        Group changed = switch (verb) {
            case "add" -> inGroup(top, target, g -> with(g, blank(brandId)));
            case "group" ->
                inGroup(
                        top,
                        target,
                        g -> g.depth() >= MAX_DEPTH
                                ? g
                                : with(g, new Group("", false, "any", List.of(blank(brandId)))));
            case "remove" -> remove(top, target);
            default -> top;
        };
        return renumber(changed);
    }

    private static Group with(Group group, Item item) {
        List<Item> items = new ArrayList<>(group.items());
        items.add(item);
        return new Group(group.prefix(), group.not(), group.join(), items);
    }

    private static Group inGroup(Group group, String prefix, UnaryOperator<Group> change) {
        if (group.prefix().equals(prefix)) {
            return change.apply(group);
        }
        List<Item> items = group.items().stream()
                .map(i -> i instanceof Group g ? inGroup(g, prefix, change) : i)
                .toList();
        return new Group(group.prefix(), group.not(), group.join(), items);
    }

    private static Group remove(Group group, String prefix) {
        List<Item> items = group.items().stream()
                .filter(i -> !i.prefix().equals(prefix))
                .map(i -> i instanceof Group g ? remove(g, prefix) : i)
                .toList();
        return new Group(group.prefix(), group.not(), group.join(), items);
    }

    /**
     * The rows with a value for every input that cannot be blank but is (a kind just chosen): the
     * value its selector shows first, so that what the page shows is what is counted.
     *
     * @param defaults by kind, by input key
     */
    static Group withDefaults(Group top, Map<String, Map<String, String>> defaults) {
        List<Item> items = top.items().stream()
                .map(i -> i instanceof Group g ? withDefaults(g, defaults) : withDefaults((Condition) i, defaults))
                .toList();
        return new Group(top.prefix(), top.not(), top.join(), items);
    }

    private static Item withDefaults(Condition c, Map<String, Map<String, String>> defaults) {
        Map<String, String> values = new LinkedHashMap<>(c.values());
        defaults.getOrDefault(c.kind(), Map.of()).forEach((key, value) -> {
            if (c.get(key).isBlank() && !value.isBlank()) {
                values.put(key, value);
            }
        });
        return new Condition(c.prefix(), c.not(), c.kind(), values, c.tiers());
    }

    /** The same rows numbered 0, 1, 2… in every group. */
    static Group renumber(Group top) {
        return (Group) renumber(top, "");
    }

    private static Item renumber(Item item, String prefix) {
        if (item instanceof Group g) {
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < g.items().size(); i++) {
                String child = (prefix.isEmpty() ? "" : prefix + ".") + "c[" + i + "]";
                items.add(renumber(g.items().get(i), child));
            }
            return new Group(prefix, g.not(), g.join(), items);
        }
        return item.withPrefix(prefix);
    }

    /** Every row's prefix, groups included (the top level is ""). */
    static List<String> prefixes(Group top) {
        List<String> all = new ArrayList<>();
        collect(top, all);
        return all;
    }

    private static void collect(Item item, List<String> into) {
        into.add(item.prefix());
        if (item instanceof Group g) {
            g.items().forEach(i -> collect(i, into));
        }
    }

    // ---- the rule's JSON ----

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
                    g.items().stream().filter(RuleForm::hasCondition).toList();
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
        return item instanceof Condition || ((Group) item).items().stream().anyMatch(RuleForm::hasCondition);
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

    // ---- a rule shown as rows ----

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
        Group numbered = renumber(top);
        if (deepest(numbered) > MAX_DEPTH) {
            throw new Unrepresentable("groups nest deeper than " + MAX_DEPTH + " levels");
        }
        return numbered;
    }

    /** The depth of the deepest group. */
    private static int deepest(Item item) {
        if (item instanceof Group g) {
            return Math.max(
                    g.depth(),
                    g.items().stream().mapToInt(RuleForm::deepest).max().orElse(0));
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
