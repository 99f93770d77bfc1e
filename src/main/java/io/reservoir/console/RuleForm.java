package io.reservoir.console;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.util.MultiValueMap;

/**
 * The segment builder's form: condition rows and groups of rows, as the page posts and shows them.
 *
 * <p><b>Names.</b> Every row has a prefix — {@code c[0]}, {@code c[2].c[1]} for a row of a group —
 * and posts its inputs as {@code prefix.key}; the top level's AND/OR is {@code join}. The page
 * renumbers the rows whenever one is added or removed, so indexes may have gaps in between.
 *
 * <p>{@link RuleJson} makes the rule's JSON of the rows; {@link RuleRows} makes the rows of a rule.
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
}
