package io.reservoir.ingest.simulator;

import io.reservoir.ingest.EventNames;
import io.reservoir.ingest.simulator.BrandSimulation.Tally;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Orders with their products, festival coupons, guide and share codes, and the refunds and reviews
 * that follow some of them a few days later.
 */
final class Orders {

    /** Share of orders refunded (in full or in part) within ten days. */
    static final double REFUND_RATE = 0.08;

    private static final double REVIEW_RATE = 0.2;

    private final BrandSimulation simulation;
    private final People people;
    private final SplittableRandom random;
    private final Messages messages;
    private final String seedTag;
    private final Tally tally;
    private final List<String> brands;

    private int day;
    private String festival;
    private int year;

    Orders(
            BrandSimulation simulation,
            People people,
            SplittableRandom random,
            Messages messages,
            String seedTag,
            Tally tally) {
        this.simulation = simulation;
        this.people = people;
        this.random = random;
        this.messages = messages;
        this.seedTag = seedTag;
        this.tally = tally;
        this.brands = simulation.settings().brands();
    }

    void startDay(int newDay, LocalDate date, String newFestival) {
        day = newDay;
        festival = newFestival;
        year = date.getYear() % 100;
    }

    static String guideCode(int guide) {
        return String.format("G%03d", guide + 1);
    }

    /**
     * An order by {@code p} at {@code second} of today.
     *
     * @param shareCode another customer's share code the order came through, or {@code null}
     * @param sharedProduct the shared product's index, bought first; -1 for none
     * @param brandIndex the brand shared; -1 for the person's own brand
     */
    void order(int p, int second, String shareCode, int sharedProduct, int brandIndex) {
        int brand = brandIndex >= 0 ? brandIndex : people.brand[p];
        Channel channel = people.channelOn(p, day, random.nextDouble());
        boolean guided = people.guide[p] != People.NONE;
        if (guided && !channel.guided() && random.nextDouble() < 0.35) {
            channel = Channel.MINI_PROGRAM; // the guide sent a mini-program link
        }
        String orderId = channel.orderPrefix + seedTag + "-" + Long.toString(tally.orders, 36);
        ObjectNode message = messages.track(EventNames.ORDER_COMPLETED, p, channel.id, brandName(brand));
        ObjectNode ids = Messages.identities(message);
        messages.channelIds(ids, p, channel);
        if (people.memberOn(p, day) && (channel.guided())) {
            ids.put("member_no", people.memberNo(p));
        }
        ObjectNode properties = Messages.properties(message);
        properties.put("order_id", orderId);

        ArrayNode products = properties.putArray("products");
        int lines =
                1 + (random.nextDouble() < 0.35 ? 1 : 0) + (people.spend(p) > 3 && random.nextDouble() < 0.5 ? 1 : 0);
        long gross = 0;
        int firstProduct = -1;
        long firstLine = 0;
        for (int i = 0; i < lines; i++) {
            Catalog.Product product =
                    i == 0 && sharedProduct >= 0 ? Catalog.PRODUCTS[sharedProduct] : Catalog.pick(random);
            int quantity = Catalog.quantity(random);
            ObjectNode line = products.addObject();
            line.put("product_id", product.id());
            line.put("sku", product.id() + "-01");
            line.put("name", product.name());
            line.put("category", product.category());
            line.put("price", Messages.yuan(product.priceFen()));
            line.put("quantity", quantity);
            gross += product.priceFen() * quantity;
            if (i == 0) {
                firstProduct = java.util.Arrays.asList(Catalog.PRODUCTS).indexOf(product);
                firstLine = product.priceFen() * quantity;
            }
        }
        long discount = 0;
        if (festival != null && gross >= 30000) {
            // 满减: 50 yuan off every 300 yuan, at most 300 off
            discount = Math.min(30000, gross / 30000 * 5000);
            properties.put("coupon", festival + "-" + year + "-" + discount / 100);
        } else if (people.memberOn(p, day) && random.nextDouble() < 0.1 && gross > 5000) {
            discount = 2000;
            properties.put("coupon", "MEMBER-20");
        }
        long paid = Math.max(1, gross - discount);
        properties.put("total", Messages.yuan(paid));
        properties.put("currency", "CNY");
        if (guided && channel.guided() && random.nextDouble() < 0.7) {
            properties.put("guide_code", guideCode(people.guide[p]));
            tally.guideOrders++;
        }
        if (shareCode != null) {
            properties.put("share_code", shareCode);
        }
        simulation.at(second, message);
        tally.orders++;

        if (random.nextDouble() < REFUND_RATE) {
            // partial: one line of a bigger basket, or part of a single one; never more than paid
            boolean partial = random.nextDouble() < 0.4;
            long amount = !partial ? 0 : lines > 1 ? Math.min(firstLine, paid) : paid * (20 + random.nextInt(60)) / 100;
            if (partial && amount == 0) {
                amount = paid;
            }
            simulation.later(
                    day + 1 + random.nextInt(10),
                    new Pending(Pending.Kind.REFUND, p, channel, brand, orderId, amount, firstProduct));
        }
        if (random.nextDouble() < REVIEW_RATE) {
            simulation.later(
                    day + 2 + random.nextInt(10),
                    new Pending(Pending.Kind.REVIEW, p, channel, brand, orderId, 0, firstProduct));
        }
    }

    /** Order Refunded: a stated part, or (half the time with no amount) the rest of the order. */
    void refund(Pending order, int second) {
        ObjectNode message =
                messages.track(EventNames.ORDER_REFUNDED, order.person(), order.channel().id, brandName(order.brand()));
        messages.channelIds(Messages.identities(message), order.person(), order.channel());
        ObjectNode properties = Messages.properties(message);
        properties.put("order_id", order.code());
        if (order.amountFen() > 0) {
            properties.put("total", Messages.yuan(order.amountFen()));
            properties.put("reason", "partial");
        } else {
            properties.put("reason", random.nextDouble() < 0.5 ? "不想要了" : "质量问题");
        }
        properties.put("currency", "CNY");
        simulation.at(second, message);
        tally.refunds++;
    }

    private String brandName(int index) {
        return brands.isEmpty() ? null : brands.get(index);
    }
}
