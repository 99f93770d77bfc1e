package io.reservoir.insight;

import io.reservoir.platform.storage.SqlTime;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The FAST+ figures of docs/metrics.md computed a second, plain way: the brand's relations,
 * orders with their refunds, visits, shares and reviews read with straight SQL, each row given to
 * the profile that survived its merges, then one loop per definition. Shares no code with the
 * insight engine; even the period's bounds and P−1 are worked out here from its first and last day.
 */
final class FastOracle {

    static final List<String> LAYERS = List.of("none", "basic", "member", "purchased", "repeat", "koc");

    static final List<String> HELD = LAYERS.subList(1, LAYERS.size());

    static final List<String> FIELDS = List.of(
            "store",
            "membership",
            "group_chat",
            "live_room",
            "dedicated_cs",
            "subscription",
            "mini_program",
            "official_account",
            "guide_wecom",
            "offline_store");

    /** CLV buckets by upper bound in fen (included); the last has none. */
    static final long[] BOUNDS = {0, 100_00, 300_00, 1_000_00, 3_000_00};

    static final List<String> BUCKETS = List.of("0", "0-100", "100-300", "300-1000", "1000-3000", "3000+");

    record Relation(String field, Instant since, Instant until) {
        boolean heldAt(Instant t) {
            return !since.isAfter(t) && (until == null || until.isAfter(t));
        }

        /** Held at the last instant before {@code end}: one closing exactly at the end still counts. */
        boolean heldJustBefore(Instant end) {
            return since.isBefore(end) && (until == null || !until.isBefore(end));
        }

        boolean reachesInto(Span p) {
            return since.isBefore(p.end) && (until == null || until.isAfter(p.start));
        }
    }

    record Order(String id, int buyer, Instant paid, long net, String shareCode, Set<String> products) {}

    record Share(int sharer, String code, Instant at) {}

    record Review(Instant at, BigDecimal rating, String product) {}

    record Visit(String field, Instant at) {}

    /** Days {@code first}..{@code last} in the brand's zone, from {@code start} (included) to {@code end}. */
    record Span(LocalDate first, LocalDate last, Instant start, Instant end) {
        boolean holds(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }
    }

    /** One customer's rows with the brand. */
    static final class Customer {
        final List<Relation> relations = new ArrayList<>();
        final List<Order> orders = new ArrayList<>();
        final List<Order> referred = new ArrayList<>();
        final List<Review> reviews = new ArrayList<>();
        final List<Visit> visits = new ArrayList<>();
    }

    /**
     * What the oracle says about a period: the report's figures, each customer's CLV (layered
     * customers only) and the customers behind every drill-down key.
     */
    record Figures(
            Span span,
            Span previous,
            long capital,
            Map<String, Long> capitalByLayer,
            Map<String, Long> capitalByField,
            FastReport.Conversion conversion,
            List<List<Long>> transitions,
            Map<String, FastReport.Connection> connection,
            FastReport.Clv clv,
            Map<Integer, Long> clvOf,
            Map<String, Set<Integer>> behind) {}

    final ZoneId zone;
    final Duration window;
    final Map<Integer, Customer> customers = new TreeMap<>();
    final List<Share> shares = new ArrayList<>();
    /** Retired customer number → the profile that holds its facts now. */
    final Map<Integer, Integer> survivors = new HashMap<>();

    FastOracle(JdbcTemplate jdbc, JsonMapper json, long workspaceId, long brandId, Duration window) {
        this.window = window;
        zone = ZoneId.of(jdbc.queryForObject(
                "select time_zone from brand where workspace_id = ? and id = ?", String.class, workspaceId, brandId));
        jdbc.query(
                "select customer_no, merged_into from customer where workspace_id = ? and status = 'merged'",
                rs -> {
                    survivors.put(rs.getInt(1), rs.getInt(2));
                },
                workspaceId);
        jdbc.query(
                "select customer_no, field, since, until from customer_relation where workspace_id = ? and brand_id = ?",
                rs -> {
                    customer(rs.getInt(1))
                            .relations
                            .add(new Relation(rs.getString(2), SqlTime.read(rs, "since"), SqlTime.read(rs, "until")));
                },
                workspaceId,
                brandId);
        Map<String, Long> refunded = new HashMap<>();
        jdbc.query(
                // returns that name no order belong to no order: FAST+ leaves them out (docs/metrics.md)
                "select order_id, amount_fen from order_refund where workspace_id = ? and brand_id = ?"
                        + " and order_id is not null",
                rs -> {
                    refunded.merge(rs.getString(1), rs.getLong(2), Long::sum);
                },
                workspaceId,
                brandId);
        List<Order> orders = new ArrayList<>();
        jdbc.query(
                "select order_id, customer_no, paid_at, paid_fen, share_code, items from customer_order"
                        + " where workspace_id = ? and brand_id = ?",
                rs -> {
                    String id = rs.getString(1);
                    Set<String> products = new HashSet<>();
                    String items = rs.getString(6);
                    if (items != null) {
                        for (JsonNode item : json.readTree(items)) {
                            JsonNode product = item.get("product_id");
                            if (product != null && product.isValueNode() && !product.isNull()) {
                                products.add(product.asString());
                            }
                        }
                    }
                    Order order = new Order(
                            id,
                            survivor(rs.getInt(2)),
                            SqlTime.read(rs, "paid_at"),
                            // refunds that came before their order count up to what it was paid
                            rs.getLong(4) - Math.min(rs.getLong(4), refunded.getOrDefault(id, 0L)),
                            rs.getString(5),
                            products);
                    orders.add(order);
                    customer(order.buyer).orders.add(order);
                },
                workspaceId,
                brandId);
        jdbc.query(
                "select customer_no, event_name, field, occurred_at, payload from event_log"
                        + " where workspace_id = ? and brand_id = ? and msg_type = 'track'"
                        + " and event_name in ('Field Visited', 'Live Watched', 'Content Shared', 'Review Posted')",
                rs -> {
                    int no = survivor(rs.getInt(1));
                    Instant at = SqlTime.read(rs, "occurred_at");
                    JsonNode properties = json.readTree(rs.getString(5)).path("properties");
                    switch (rs.getString(2)) {
                        case "Field Visited" -> customer(no).visits.add(new Visit(rs.getString(3), at));
                        case "Live Watched" -> customer(no).visits.add(new Visit("live_room", at));
                        case "Content Shared" -> {
                            String code = text(properties.get("share_code"));
                            if (code != null) {
                                shares.add(new Share(no, code, at));
                            }
                        }
                        default -> {
                            JsonNode rating = properties.get("rating");
                            if (rating != null && rating.isNumber()) {
                                customer(no)
                                        .reviews
                                        .add(new Review(at, rating.decimalValue(), text(properties.get("product_id"))));
                            }
                        }
                    }
                },
                workspaceId,
                brandId);
        for (Order order : orders) {
            Integer sharer = sharerOf(order);
            if (sharer != null) {
                customer(sharer).referred.add(order);
            }
        }
    }

    private int survivor(int customerNo) {
        return survivors.getOrDefault(customerNo, customerNo);
    }

    private Customer customer(int customerNo) {
        return customers.computeIfAbsent(survivor(customerNo), c -> new Customer());
    }

    private static String text(JsonNode node) {
        return node == null || !node.isValueNode() || node.isNull() ? null : node.asString();
    }

    /**
     * Who an order is attributed to: the latest share of its code at or before the payment by
     * someone else, if at most the window before it; at one instant, the lower customer number.
     */
    Integer sharerOf(Order order) {
        if (order.shareCode == null) {
            return null;
        }
        Share best = null;
        for (Share s : shares) {
            if (!s.code.equals(order.shareCode) || s.sharer == order.buyer || s.at.isAfter(order.paid)) {
                continue;
            }
            if (best == null || s.at.isAfter(best.at) || (s.at.equals(best.at) && s.sharer < best.sharer)) {
                best = s;
            }
        }
        if (best == null || Duration.between(best.at, order.paid).compareTo(window) > 0) {
            return null;
        }
        return best.sharer;
    }

    /** The span of the days {@code first} to {@code last}. */
    Span span(LocalDate first, LocalDate last) {
        return new Span(
                first,
                last,
                first.atStartOfDay(zone).toInstant(),
                last.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /** P−1: the period of the same kind just before; for a window, as many days just before. */
    Span previous(Period.Kind kind, LocalDate first, LocalDate last) {
        LocalDate before = first.minusDays(1);
        return switch (kind) {
            case DAY -> span(before, before);
            case WEEK -> span(first.minusDays(7), before);
            case MONTH -> span(first.minusMonths(1), before);
            case QUARTER -> span(first.minusMonths(3), before);
            case WINDOW -> span(first.minusDays(last.toEpochDay() - first.toEpochDay() + 1), before);
        };
    }

    String layer(Customer c, Span p) {
        if (c.relations.stream().noneMatch(r -> r.heldJustBefore(p.end))) {
            return "none";
        }
        boolean member = c.relations.stream().anyMatch(r -> r.field.equals("membership") && r.heldJustBefore(p.end));
        if (!member) {
            return "basic";
        }
        Map<LocalDate, Long> byDay = new HashMap<>();
        for (Order o : c.orders) {
            if (p.holds(o.paid) && memberAt(c, o.paid)) {
                byDay.merge(LocalDate.ofInstant(o.paid, zone), o.net, Long::sum);
            }
        }
        long purchaseDays = byDay.values().stream().filter(net -> net > 0).count();
        if (purchaseDays == 0) {
            return "member";
        }
        if (purchaseDays == 1) {
            return "purchased";
        }
        return propagated(c, p) ? "koc" : "repeat";
    }

    private static boolean memberAt(Customer c, Instant t) {
        return c.relations.stream().anyMatch(r -> r.field.equals("membership") && r.heldAt(t));
    }

    private static boolean propagated(Customer c, Span p) {
        for (Order o : c.referred) {
            if (p.holds(o.paid)) {
                return true;
            }
        }
        for (Review r : c.reviews) {
            if (p.holds(r.at)
                    && r.rating.compareTo(BigDecimal.valueOf(4)) >= 0
                    && r.product != null
                    && c.orders.stream().anyMatch(o -> !o.paid.isAfter(r.at) && o.products.contains(r.product))) {
                return true;
            }
        }
        return false;
    }

    /** Own net GMV plus the net of orders attributed to the customer, paid before the end. */
    long clv(Customer c, Span p) {
        long sum = 0;
        for (Order o : c.orders) {
            if (o.paid.isBefore(p.end)) {
                sum += o.net;
            }
        }
        for (Order o : c.referred) {
            if (o.paid.isBefore(p.end)) {
                sum += o.net;
            }
        }
        return sum;
    }

    /** The figures of the period of {@code kind} from {@code first} to {@code last}. */
    Figures figures(Period.Kind kind, LocalDate first, LocalDate last) {
        Span p = span(first, last);
        Span before = previous(kind, first, last);
        Map<String, Set<Integer>> behind = new LinkedHashMap<>();
        Map<Integer, Long> clvOf = new TreeMap<>();
        Map<Integer, String> layerOf = new TreeMap<>();
        int[][] matrix = new int[LAYERS.size()][LAYERS.size()];
        long previousCapital = 0;
        for (var entry : customers.entrySet()) {
            int no = entry.getKey();
            Customer c = entry.getValue();
            String now = layer(c, p);
            String then = layer(c, before);
            if (!then.equals("none")) {
                previousCapital++;
            }
            if (!now.equals("none") || !then.equals("none")) {
                matrix[LAYERS.indexOf(then)][LAYERS.indexOf(now)]++;
                add(behind, "transition." + then + "." + now, no);
            }
            if (LAYERS.indexOf(now) > LAYERS.indexOf(then)) {
                add(behind, "deepened", no);
            }
            if (!now.equals("none")) {
                layerOf.put(no, now);
                clvOf.put(no, clv(c, p));
                add(behind, "capital", no);
                add(behind, "capital.layer." + now, no);
                add(behind, "clv.layer." + now, no);
            }
            for (Relation r : c.relations) {
                if (r.heldJustBefore(p.end)) {
                    add(behind, "capital.field." + r.field, no);
                }
            }
            for (Visit v : c.visits) {
                if (p.holds(v.at)) {
                    add(behind, "connection." + v.field + ".visitors", no);
                    if (c.relations.stream().anyMatch(r -> r.field.equals(v.field) && r.reachesInto(p))) {
                        add(behind, "connection." + v.field + ".active", no);
                    }
                }
            }
        }
        long capital = layerOf.size();
        long deepened = count(behind, "deepened");

        Map<String, Long> byLayer = new LinkedHashMap<>();
        Map<String, FastReport.ClvFigures> clvByLayer = new LinkedHashMap<>();
        for (String layer : HELD) {
            byLayer.put(layer, count(behind, "capital.layer." + layer));
            List<Long> values = new ArrayList<>();
            layerOf.forEach((no, l) -> {
                if (l.equals(layer)) {
                    values.add(clvOf.get(no));
                }
            });
            clvByLayer.put(layer, clvFigures(values));
        }
        Map<String, Long> byField = new LinkedHashMap<>();
        Map<String, FastReport.Connection> connection = new LinkedHashMap<>();
        for (String field : FIELDS) {
            byField.put(field, count(behind, "capital.field." + field));
            long visitors = count(behind, "connection." + field + ".visitors");
            long active = count(behind, "connection." + field + ".active");
            connection.put(field, new FastReport.Connection(visitors, active, ratio(active, visitors)));
        }
        List<List<Long>> transitions = new ArrayList<>();
        for (int[] row : matrix) {
            List<Long> counts = new ArrayList<>();
            for (int n : row) {
                counts.add((long) n);
            }
            transitions.add(counts);
        }
        return new Figures(
                p,
                before,
                capital,
                byLayer,
                byField,
                new FastReport.Conversion(deepened, previousCapital, ratio(deepened, previousCapital)),
                transitions,
                connection,
                new FastReport.Clv(clvFigures(new ArrayList<>(clvOf.values())), clvByLayer),
                clvOf,
                behind);
    }

    /** Every drill-down key the report has, for the lists that are empty too. */
    static List<String> keys() {
        List<String> keys = new ArrayList<>();
        keys.add("capital");
        keys.add("deepened");
        for (String layer : HELD) {
            keys.add("capital.layer." + layer);
            keys.add("clv.layer." + layer);
        }
        for (String field : FIELDS) {
            keys.add("capital.field." + field);
            keys.add("connection." + field + ".visitors");
            keys.add("connection." + field + ".active");
        }
        for (String from : LAYERS) {
            for (String to : LAYERS) {
                if (!from.equals("none") || !to.equals("none")) {
                    keys.add("transition." + from + "." + to);
                }
            }
        }
        return keys;
    }

    private static void add(Map<String, Set<Integer>> behind, String key, int customer) {
        behind.computeIfAbsent(key, k -> new TreeSet<>()).add(customer);
    }

    private static long count(Map<String, Set<Integer>> behind, String key) {
        return behind.getOrDefault(key, Set.of()).size();
    }

    static FastReport.ClvFigures clvFigures(List<Long> values) {
        long sum = 0;
        long[] buckets = new long[BUCKETS.size()];
        for (long fen : values) {
            sum += fen;
            int b = 0;
            while (b < BOUNDS.length && fen > BOUNDS[b]) {
                b++;
            }
            buckets[b]++;
        }
        Map<String, Long> distribution = new LinkedHashMap<>();
        for (int b = 0; b < buckets.length; b++) {
            distribution.put(BUCKETS.get(b), buckets[b]);
        }
        String average = values.isEmpty()
                ? null
                : BigDecimal.valueOf(sum)
                        .divide(BigDecimal.valueOf(values.size()), 0, RoundingMode.HALF_UP)
                        .movePointLeft(2)
                        .toPlainString();
        return new FastReport.ClvFigures(values.size(), yuan(sum), average, distribution);
    }

    static String yuan(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }

    static BigDecimal ratio(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }
}
