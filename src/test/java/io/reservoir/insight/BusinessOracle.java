package io.reservoir.insight;

import io.reservoir.platform.storage.SqlTime;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The business figures of docs/metrics.md computed a second, plain way: every order, refund and
 * relation of the brand read with straight SQL, then loops over them per definition. Shares no
 * code with the insight module; only the buyers' FAST+ layers (checked by FastOracleIT) come
 * from the engine, for top products by layer.
 */
final class BusinessOracle {

    record Order(
            String id, int customer, String channel, Instant paid, long paidFen, long refundedFen, JsonNode items) {
        long net() {
            return paidFen - refundedFen;
        }
    }

    /** A customer-level refund: a return that names no order; it counts when refunded. */
    record Return(int customer, String channel, Instant at, long fen) {}

    record Relation(int customer, String field, Instant since, Instant until, String source) {
        boolean heldAt(Instant t) {
            return !since.isAfter(t) && (until == null || until.isAfter(t));
        }
    }

    final ZoneId zone;
    final List<Order> orders = new ArrayList<>();
    final List<Relation> relations = new ArrayList<>();
    final List<Return> returns = new ArrayList<>();

    BusinessOracle(JdbcTemplate jdbc, JsonMapper json, long workspaceId, long brandId) {
        zone = ZoneId.of(jdbc.queryForObject(
                "select time_zone from brand where workspace_id = ? and id = ?", String.class, workspaceId, brandId));
        Map<String, Long> refunds = new HashMap<>();
        jdbc.query(
                "select r.order_id, r.amount_fen, r.customer_no, r.refunded_at, e.channel from order_refund r"
                        + " join event_log e on e.workspace_id = r.workspace_id and e.message_id = r.message_id"
                        + " where r.workspace_id = ? and r.brand_id = ?",
                rs -> {
                    if (rs.getString(1) == null) {
                        returns.add(new Return(
                                rs.getInt(3), rs.getString(5), SqlTime.read(rs, "refunded_at"), rs.getLong(2)));
                    } else {
                        refunds.merge(rs.getString(1), rs.getLong(2), Long::sum);
                    }
                },
                workspaceId,
                brandId);
        jdbc.query(
                "select * from customer_order where workspace_id = ? and brand_id = ?",
                rs -> {
                    String items = rs.getString("items");
                    orders.add(new Order(
                            rs.getString("order_id"),
                            rs.getInt("customer_no"),
                            rs.getString("channel"),
                            SqlTime.read(rs, "paid_at"),
                            rs.getLong("paid_fen"),
                            // refunds that came before their order count up to what it was paid
                            Math.min(rs.getLong("paid_fen"), refunds.getOrDefault(rs.getString("order_id"), 0L)),
                            items == null ? null : json.readTree(items)));
                },
                workspaceId,
                brandId);
        jdbc.query(
                "select * from customer_relation where workspace_id = ? and brand_id = ?",
                rs -> {
                    relations.add(new Relation(
                            rs.getInt("customer_no"),
                            rs.getString("field"),
                            SqlTime.read(rs, "since"),
                            SqlTime.read(rs, "until"),
                            rs.getString("source")));
                },
                workspaceId,
                brandId);
    }

    LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, zone);
    }

    boolean inPeriod(Instant t, Period p) {
        LocalDate d = day(t);
        return !d.isBefore(p.first()) && !d.isAfter(p.last());
    }

    boolean memberAt(int customer, Instant t) {
        return relations.stream().anyMatch(r -> r.customer == customer && r.field.equals("membership") && r.heldAt(t));
    }

    /** Customers in the field's scope for the period (all when field is null). */
    Set<Integer> scope(Period p, String field) {
        if (field == null) {
            return null;
        }
        Instant start = p.start(zone);
        Instant end = p.end(zone);
        Set<Integer> in = new HashSet<>();
        for (Relation r : relations) {
            if (r.field.equals(field) && r.since.isBefore(end) && (r.until == null || r.until.isAfter(start))) {
                in.add(r.customer);
            }
        }
        return in;
    }

    List<Order> ordersOf(Period p, String channel, Set<Integer> scope) {
        return orders.stream()
                .filter(o -> inPeriod(o.paid, p))
                .filter(o -> channel == null || o.channel.equals(channel))
                .filter(o -> scope == null || scope.contains(o.customer))
                .toList();
    }

    /** The headline figures by name, as in BusinessReport.figures(). */
    Map<String, BigDecimal> figures(Period p, String channel, String field) {
        Set<Integer> scope = scope(p, field);
        List<Order> in = ordersOf(p, channel, scope);
        long paid = 0;
        long net = 0;
        long refundedOrders = 0;
        long memberOrders = 0;
        long memberNet = 0;
        Map<Integer, Map<LocalDate, Long>> daily = new HashMap<>();
        Map<Integer, Map<LocalDate, Long>> memberDaily = new HashMap<>();
        for (Order o : in) {
            paid += o.paidFen;
            net += o.net();
            if (o.refundedFen > 0) {
                refundedOrders++;
            }
            daily.computeIfAbsent(o.customer, c -> new HashMap<>()).merge(day(o.paid), o.net(), Long::sum);
            if (memberAt(o.customer, o.paid)) {
                memberOrders++;
                memberNet += o.net();
                memberDaily.computeIfAbsent(o.customer, c -> new HashMap<>()).merge(day(o.paid), o.net(), Long::sum);
            }
        }
        for (Return r : returns) {
            if (inPeriod(r.at, p)
                    && (channel == null || r.channel.equals(channel))
                    && (scope == null || scope.contains(r.customer))) {
                net -= r.fen;
                if (memberAt(r.customer, r.at)) {
                    memberNet -= r.fen;
                }
            }
        }
        long buyers = count(daily, 1);
        long repeat = count(daily, 2);
        long memberBuyers = count(memberDaily, 1);
        long memberRepeat = count(memberDaily, 2);
        Map<String, BigDecimal> f = new LinkedHashMap<>();
        f.put("orders", BigDecimal.valueOf(in.size()));
        f.put("gmv", yuan(net));
        f.put("paid", yuan(paid));
        f.put("refunded", yuan(paid - net));
        f.put("refundRate", ratio(paid - net, paid));
        f.put("refundedOrderRate", ratio(refundedOrders, in.size()));
        f.put("memberOrders", BigDecimal.valueOf(memberOrders));
        f.put("memberGmv", yuan(memberNet));
        f.put("memberGmvShare", ratio(memberNet, net));
        f.put("aov", average(net, in.size()));
        f.put("memberAov", average(memberNet, memberOrders));
        f.put("spendPerBuyer", average(net, buyers));
        f.put("buyers", BigDecimal.valueOf(buyers));
        f.put("repeatBuyers", BigDecimal.valueOf(repeat));
        f.put("repurchaseRate", ratio(repeat, buyers));
        f.put("memberBuyers", BigDecimal.valueOf(memberBuyers));
        f.put("memberRepeatBuyers", BigDecimal.valueOf(memberRepeat));
        f.put("memberRepurchaseRate", ratio(memberRepeat, memberBuyers));
        f.put("newMembers", BigDecimal.valueOf(newMembers(p, channel, scope).size()));
        f.put(
                "firstPurchases",
                BigDecimal.valueOf(firstPurchaseDays(p, channel, scope).size()));
        return f;
    }

    private static long count(Map<Integer, Map<LocalDate, Long>> daily, int atLeast) {
        return daily.values().stream()
                .filter(days -> days.values().stream().filter(n -> n > 0).count() >= atLeast)
                .count();
    }

    /** customer → its first membership relation, for customers whose first-ever membership began in P. */
    Map<Integer, Relation> newMembers(Period p, String channel, Set<Integer> scope) {
        Map<Integer, Relation> first = new HashMap<>();
        for (Relation r : relations) {
            if (r.field.equals("membership")) {
                first.merge(r.customer, r, (a, b) -> a.since.isBefore(b.since) ? a : b);
            }
        }
        Map<Integer, Relation> news = new TreeMap<>();
        first.forEach((customer, r) -> {
            if (inPeriod(r.since, p)
                    && (channel == null || channel.equals(r.source))
                    && (scope == null || scope.contains(customer))) {
                news.put(customer, r);
            }
        });
        return news;
    }

    Map<String, Long> newMembersByField(Period p, String channel, String field) {
        Map<String, Long> byField = new TreeMap<>();
        newMembers(p, channel, scope(p, field)).forEach((customer, join) -> {
            Set<String> held = new HashSet<>();
            for (Relation r : relations) {
                if (r.customer == customer && !r.field.equals("membership") && r.heldAt(join.since)) {
                    held.add(r.field);
                }
            }
            if (held.isEmpty()) {
                held.add("none");
            }
            held.forEach(f -> byField.merge(f, 1L, Long::sum));
        });
        return byField;
    }

    Map<String, Long> newMembersByChannel(Period p, String channel, String field) {
        Map<String, Long> byChannel = new TreeMap<>();
        newMembers(p, channel, scope(p, field)).values().forEach(r -> byChannel.merge(r.source, 1L, Long::sum));
        return byChannel;
    }

    /** Days from joining to the first purchase as a member, for those whose first such purchase fell in P. */
    List<Long> firstPurchaseDays(Period p, String channel, Set<Integer> scope) {
        Map<Integer, Order> first = new HashMap<>();
        for (Order o : orders) {
            if ((channel == null || o.channel.equals(channel)) && o.net() > 0 && memberAt(o.customer, o.paid)) {
                first.merge(o.customer, o, (a, b) -> a.paid.isAfter(b.paid) ? b : a);
            }
        }
        List<Long> days = new ArrayList<>();
        first.forEach((customer, o) -> {
            if (inPeriod(o.paid, p) && (scope == null || scope.contains(customer))) {
                Relation held = relations.stream()
                        .filter(r -> r.customer == customer && r.field.equals("membership") && r.heldAt(o.paid))
                        .findFirst()
                        .orElseThrow();
                days.add(day(o.paid).toEpochDay() - day(held.since).toEpochDay());
            }
        });
        days.sort(Comparator.naturalOrder());
        return days;
    }

    /** [cohort][months after] retained customers, and the cohort sizes in the last row. */
    long[][] cohorts(Period p, String channel, String field) {
        Set<Integer> scope = scope(p, field);
        YearMonth last = YearMonth.from(p.last());
        YearMonth firstMonth = last.minusMonths(11);
        long[][] table = new long[13][12];
        Map<Integer, Instant> firstJoin = new HashMap<>();
        for (Relation r : relations) {
            if (r.field.equals("membership")) {
                firstJoin.merge(r.customer, r.since, (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        firstJoin.forEach((customer, joined) -> {
            LocalDate d = day(joined);
            if (d.isAfter(p.last())
                    || YearMonth.from(d).isBefore(firstMonth)
                    || (scope != null && !scope.contains(customer))) {
                return;
            }
            int cohort = (int) firstMonth.until(YearMonth.from(d), java.time.temporal.ChronoUnit.MONTHS);
            table[12][cohort]++;
            Map<LocalDate, Long> daily = new HashMap<>();
            for (Order o : orders) {
                if (o.customer == customer
                        && (channel == null || o.channel.equals(channel))
                        && !day(o.paid).isAfter(p.last())) {
                    daily.merge(day(o.paid), o.net(), Long::sum);
                }
            }
            Set<Integer> months = new HashSet<>();
            daily.forEach((day, net) -> {
                if (net > 0 && !YearMonth.from(day).isBefore(firstMonth)) {
                    months.add((int) firstMonth.until(YearMonth.from(day), java.time.temporal.ChronoUnit.MONTHS));
                }
            });
            for (int m : months) {
                if (m >= cohort) {
                    table[cohort][m - cohort]++;
                }
            }
        });
        return table;
    }

    /** product id → units, orders, buyers over the orders of P by the given buyers. */
    Map<String, long[]> products(Period p, String channel, String field, Set<Integer> buyers) {
        Map<String, long[]> tally = new HashMap<>();
        Map<String, Set<Integer>> who = new HashMap<>();
        for (Order o : ordersOf(p, channel, scope(p, field))) {
            if (!buyers.contains(o.customer) || o.items == null) {
                continue;
            }
            for (JsonNode item : o.items) {
                JsonNode id = item.get("product_id");
                if (id == null || id.isNull()) {
                    continue;
                }
                String product = id.asString();
                long[] t = tally.computeIfAbsent(product, k -> new long[3]);
                JsonNode q = item.get("quantity");
                t[0] += q != null && q.isIntegralNumber() ? q.asLong() : 1;
                t[1]++;
                who.computeIfAbsent(product, k -> new HashSet<>()).add(o.customer);
            }
        }
        who.forEach((product, set) -> tally.get(product)[2] = set.size());
        return tally;
    }

    static BigDecimal yuan(long fen) {
        return BigDecimal.valueOf(fen, 2);
    }

    static BigDecimal ratio(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }

    static BigDecimal average(long fen, long count) {
        return count == 0
                ? null
                : BigDecimal.valueOf(fen)
                        .divide(BigDecimal.valueOf(count), 0, RoundingMode.HALF_UP)
                        .movePointLeft(2);
    }
}
