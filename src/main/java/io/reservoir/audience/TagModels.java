package io.reservoir.audience;

import io.reservoir.identity.ProfileRows;
import io.reservoir.ingest.OrderRows;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.roaringbitmap.RoaringBitmap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Computes a model tag's values from the brand's orders and refunds, read with SQL from the order
 * projection ({@code customer_order}, {@code order_refund}) as the reference evaluator reads them:
 * an order belongs to the customer number it carries now, and only active customers get a value
 * (merged profiles' orders are their survivor's; erased customers never get one).
 *
 * <p>One pass over the window's orders, each with its refunded amount from a sub-select on the
 * refund index (RFM's monetary also less the window's returns that name no order); per customer only running figures are kept, so memory grows with customers, not
 * orders.
 */
@Component
class TagModels {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OrderRows orderBook;
    private final ProfileRows profiles;
    private final Brands brands;

    TagModels(OrderRows orderBook, ProfileRows profiles, Brands brands) {
        this.orderBook = orderBook;
        this.profiles = profiles;
        this.brands = brands;
    }

    /** One counting order (paid − refunded above zero); {@code items} only when asked for. */
    record Order(int customerNo, Instant paidAt, long netFen, String channel, String coupons, String items) {}

    /** Each active customer's value at {@code now}; customers without one are absent. */
    Map<Integer, String> values(long workspaceId, TagModel model, Instant now) {
        ZoneId zone = zone(workspaceId, model.brandId());
        LocalDate today = now.atZone(zone).toLocalDate();
        return model.accept(new TagModel.Visitor<>() {
            @Override
            public Map<Integer, String> rfm(TagModel.Rfm m) {
                Map<Integer, long[]> figures = new HashMap<>(); // last paid (epoch s), orders, net fen
                orders(workspaceId, m.brandId(), m.windowDays(), now, false, o -> {
                    long[] f = figures.computeIfAbsent(o.customerNo(), c -> new long[] {Long.MIN_VALUE, 0, 0});
                    f[0] = Math.max(f[0], o.paidAt().getEpochSecond());
                    f[1]++;
                    f[2] += o.netFen();
                });
                // a return that names no order lowers the net spend of the window it was made in
                orderBook.customerRefunds(
                        workspaceId,
                        OrderRows.Selection.ofBrand(m.brandId())
                                .paid(m.windowDays() == 0 ? null : now.minus(Duration.ofDays(m.windowDays())), now),
                        r -> {
                            long[] f = figures.get(r.customerNo());
                            if (f != null) {
                                f[2] -= r.amountFen();
                            }
                        });
                Map<Integer, String> cells = new HashMap<>();
                figures.forEach((customer, f) -> {
                    long days = daysBetween(Instant.ofEpochSecond(f[0]), today, zone);
                    cells.put(
                            customer,
                            TagModel.Rfm.cell(m.recencyScore(days), m.frequencyScore(f[1]), m.monetaryScore(f[2])));
                });
                return cells;
            }

            @Override
            public Map<Integer, String> lifecycle(TagModel.Lifecycle m) {
                Map<Integer, long[]> firstLast = new HashMap<>();
                orders(workspaceId, m.brandId(), 0, now, false, o -> {
                    long at = o.paidAt().getEpochSecond();
                    long[] f = firstLast.computeIfAbsent(o.customerNo(), c -> new long[] {at, at});
                    f[0] = Math.min(f[0], at);
                    f[1] = Math.max(f[1], at);
                });
                Map<Integer, String> stages = new HashMap<>();
                firstLast.forEach((customer, f) -> stages.put(
                        customer,
                        m.stage(
                                daysBetween(Instant.ofEpochSecond(f[0]), today, zone),
                                daysBetween(Instant.ofEpochSecond(f[1]), today, zone))));
                return stages;
            }

            @Override
            public Map<Integer, String> preferredCategory(TagModel.PreferredCategory m) {
                Map<Integer, Map<String, BigDecimal>> spent = new HashMap<>();
                orders(workspaceId, m.brandId(), m.windowDays(), now, true, o -> {
                    Map<String, BigDecimal> shares = categoryShares(o);
                    if (!shares.isEmpty()) {
                        Map<String, BigDecimal> mine = spent.computeIfAbsent(o.customerNo(), c -> new HashMap<>());
                        shares.forEach((category, fen) -> mine.merge(category, fen, BigDecimal::add));
                    }
                });
                Map<Integer, String> preferred = new HashMap<>();
                spent.forEach((customer, categories) -> categories.entrySet().stream()
                        .filter(e -> e.getValue().signum() > 0)
                        .min((a, b) -> {
                            int byAmount = b.getValue().compareTo(a.getValue());
                            return byAmount != 0 ? byAmount : a.getKey().compareTo(b.getKey());
                        })
                        .ifPresent(e -> preferred.put(customer, e.getKey())));
                return preferred;
            }

            @Override
            public Map<Integer, String> preferredChannel(TagModel.PreferredChannel m) {
                // channel → {orders, last paid (epoch µs)}
                Map<Integer, Map<String, long[]>> channels = new HashMap<>();
                orders(workspaceId, m.brandId(), m.windowDays(), now, false, o -> {
                    long at = ChronoUnit.MICROS.between(Instant.EPOCH, o.paidAt());
                    long[] c = channels.computeIfAbsent(o.customerNo(), x -> new HashMap<>())
                            .computeIfAbsent(o.channel(), x -> new long[] {0, Long.MIN_VALUE});
                    c[0]++;
                    c[1] = Math.max(c[1], at);
                });
                Map<Integer, String> preferred = new HashMap<>();
                channels.forEach((customer, byChannel) -> byChannel.entrySet().stream()
                        .min((a, b) -> {
                            int byOrders = Long.compare(b.getValue()[0], a.getValue()[0]);
                            if (byOrders != 0) {
                                return byOrders;
                            }
                            int byRecency = Long.compare(b.getValue()[1], a.getValue()[1]);
                            return byRecency != 0 ? byRecency : a.getKey().compareTo(b.getKey());
                        })
                        .ifPresent(e -> preferred.put(customer, e.getKey())));
                return preferred;
            }

            @Override
            public Map<Integer, String> priceSensitivity(TagModel.PriceSensitivity m) {
                Map<Integer, long[]> counts = new HashMap<>(); // orders, with a coupon
                orders(workspaceId, m.brandId(), m.windowDays(), now, false, o -> {
                    long[] c = counts.computeIfAbsent(o.customerNo(), x -> new long[2]);
                    c[0]++;
                    if (o.coupons() != null && !o.coupons().isBlank()) {
                        c[1]++;
                    }
                });
                Map<Integer, String> levels = new HashMap<>();
                counts.forEach((customer, c) -> {
                    String level = m.level(c[0], c[1]);
                    if (level != null) {
                        levels.put(customer, level);
                    }
                });
                return levels;
            }
        });
    }

    /** Whole calendar days from {@code at}'s day to {@code today}, in the brand's zone (0: today). */
    static long daysBetween(Instant at, LocalDate today, ZoneId zone) {
        return Math.max(0, ChronoUnit.DAYS.between(at.atZone(zone).toLocalDate(), today));
    }

    /**
     * The counting orders of active customers of the brand paid in the last {@code windowDays}
     * days up to {@code now} ({@code now − days × 24 h < paid_at ≤ now}, as event windows), or
     * all up to {@code now} when {@code windowDays} is 0.
     */
    private void orders(
            long workspaceId, long brandId, int windowDays, Instant now, boolean withItems, Consumer<Order> each) {
        Instant from = windowDays == 0 ? null : now.minus(Duration.ofDays(windowDays));
        RoaringBitmap active = new RoaringBitmap();
        profiles.active(workspaceId, null, active::add);
        orderBook.orders(workspaceId, OrderRows.Selection.ofBrand(brandId).paid(from, now), withItems, o -> {
            if (o.netFen() > 0 && active.contains(o.customerNo())) {
                each.accept(new Order(o.customerNo(), o.paidAt(), o.netFen(), o.channel(), o.couponCodes(), o.items()));
            }
        });
    }

    /**
     * An order's net amount shared among its products' categories, in proportion to each product's
     * price × quantity (quantity 1 when not given); when no product has a price, in proportion to
     * quantity. Products without a category keep their share out of every category.
     */
    static Map<String, BigDecimal> categoryShares(Order order) {
        if (order.items() == null) {
            return Map.of();
        }
        JsonNode products;
        try {
            products = JSON.readTree(order.items());
        } catch (RuntimeException unreadable) {
            return Map.of();
        }
        if (!products.isArray() || products.isEmpty()) {
            return Map.of();
        }
        List<String> categories = new ArrayList<>();
        List<BigDecimal> prices = new ArrayList<>();
        List<BigDecimal> quantities = new ArrayList<>();
        boolean anyPrice = false;
        for (JsonNode product : products) {
            categories.add(category(product.get("category")));
            BigDecimal price = decimal(product.get("price"));
            anyPrice |= price != null && price.signum() > 0;
            prices.add(price == null ? BigDecimal.ZERO : price);
            BigDecimal quantity = decimal(product.get("quantity"));
            quantities.add(quantity == null ? BigDecimal.ONE : quantity);
        }
        List<BigDecimal> weights = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < categories.size(); i++) {
            BigDecimal weight = anyPrice ? prices.get(i).multiply(quantities.get(i)) : quantities.get(i);
            weights.add(weight);
            total = total.add(weight);
        }
        Map<String, BigDecimal> shares = new HashMap<>();
        if (total.signum() <= 0) {
            return shares;
        }
        BigDecimal net = BigDecimal.valueOf(order.netFen());
        for (int i = 0; i < categories.size(); i++) {
            if (categories.get(i) != null && weights.get(i).signum() > 0) {
                shares.merge(
                        categories.get(i),
                        net.multiply(weights.get(i)).divide(total, MathContext.DECIMAL64),
                        BigDecimal::add);
            }
        }
        return shares;
    }

    /** A category usable as a tag value, or null. */
    private static String category(JsonNode node) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            return null;
        }
        String text = node.asString().strip();
        if (text.isEmpty() || text.length() > Tags.MAX_VALUE || text.chars().anyMatch(Character::isISOControl)) {
            return null;
        }
        return text;
    }

    /** A non-negative number, from a JSON number or numeric text; null otherwise. */
    private static BigDecimal decimal(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        BigDecimal value = node.isNumber()
                ? node.decimalValue()
                : node.isString()
                        ? SegmentRule.Attribute.number(node.asString()).orElse(null)
                        : null;
        return value == null || value.signum() < 0 || value.precision() - value.scale() > 15 ? null : value;
    }

    private ZoneId zone(long workspaceId, long brandId) {
        return ZoneId.of(brands.get(Caller.system(workspaceId), brandId).timeZone());
    }
}
