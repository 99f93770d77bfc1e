package io.reservoir.audience;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * What computes a model tag's values from a brand's orders: RFM cells, lifecycle stage, preferred
 * category, preferred channel, price sensitivity. The operator's definitions are in
 * {@code docs/segments.md} ("Tags"); the records below hold a model's parameters, check their own
 * invariants ({@link IllegalArgumentException}) and decide a customer's value from the customer's
 * figures. JSON from outside goes through {@link #fromJson}, which names the path of anything
 * wrong.
 *
 * <p>Every model reads the orders of one brand. An order counts when its net amount (paid minus
 * refunded) is above zero: an order refunded in full is no purchase.
 */
sealed interface TagModel {

    /** Windows and day thresholds are 1 to this many days. */
    int MAX_DAYS = 3650;

    /** The brand whose orders the model reads. */
    long brandId();

    /** The model's name in JSON: {@code rfm}, {@code lifecycle}, … */
    String id();

    <R> R accept(Visitor<R> visitor);

    /**
     * Reads the JSON form; parameters left out take their defaults.
     *
     * @param path the name of {@code json} in error messages, e.g. {@code model}
     * @throws io.reservoir.platform.errors.ReservoirException invalid, naming the path of the problem
     *     ({@code model.recencyDays[2]})
     */
    static TagModel fromJson(JsonNode json, String path) {
        return ModelReader.read(json, path);
    }

    /** The canonical JSON form, every parameter written out; {@link #fromJson} reads it back. */
    default JsonNode toJson() {
        return ModelReader.write(this);
    }

    /** One method per model. */
    interface Visitor<R> {
        R rfm(Rfm model);

        R lifecycle(Lifecycle model);

        R preferredCategory(PreferredCategory model);

        R preferredChannel(PreferredChannel model);

        R priceSensitivity(PriceSensitivity model);
    }

    /**
     * RFM cells over the orders paid in the last {@code windowDays} days. Each of recency,
     * frequency and monetary value is scored 1 to 5 by four ascending cut points; the scores give
     * the cell ({@link #cell}). Customers without a counting order in the window have no cell.
     *
     * @param recencyDays days since the last order's day (in the brand's time zone): at most
     *     {@code recencyDays[0]} scores 5, at most {@code [1]} 4, at most {@code [2]} 3, at most
     *     {@code [3]} 2, more 1
     * @param frequency orders in the window: at least {@code frequency[3]} scores 5, at least
     *     {@code [2]} 4, at least {@code [1]} 3, at least {@code [0]} 2, fewer 1
     * @param monetary the net amount of those orders in yuan, scored as {@code frequency}
     */
    record Rfm(
            long brandId, int windowDays, List<Integer> recencyDays, List<Integer> frequency, List<BigDecimal> monetary)
            implements TagModel {

        public static final String ID = "rfm";
        public static final List<String> CELLS =
                List.of("champions", "loyal", "new", "potential", "at_risk", "hibernating", "lost");
        public static final List<Integer> DEFAULT_RECENCY = List.of(30, 90, 180, 270);
        public static final List<Integer> DEFAULT_FREQUENCY = List.of(2, 3, 5, 8);
        public static final List<BigDecimal> DEFAULT_MONETARY = List.of(
                BigDecimal.valueOf(200), BigDecimal.valueOf(500), BigDecimal.valueOf(1000), BigDecimal.valueOf(3000));

        public Rfm {
            window(windowDays);
            recencyDays = ascending(recencyDays, "recencyDays", 0);
            frequency = ascending(frequency, "frequency", 1);
            monetary = List.copyOf(monetary);
            if (monetary.size() != 4) {
                throw new IllegalArgumentException("monetary needs 4 cut points, not " + monetary);
            }
            for (int i = 0; i < 4; i++) {
                BigDecimal cut = monetary.get(i);
                if (cut.signum() <= 0 || cut.stripTrailingZeros().scale() > 2) {
                    throw new IllegalArgumentException("monetary cut points are yuan above 0 with at most 2 decimals");
                }
                if (i > 0 && cut.compareTo(monetary.get(i - 1)) <= 0) {
                    throw new IllegalArgumentException("monetary cut points must ascend: " + monetary);
                }
            }
        }

        @Override
        public String id() {
            return ID;
        }

        public int recencyScore(long days) {
            for (int i = 0; i < 4; i++) {
                if (days <= recencyDays.get(i)) {
                    return 5 - i;
                }
            }
            return 1;
        }

        public int frequencyScore(long orders) {
            for (int i = 3; i >= 0; i--) {
                if (orders >= frequency.get(i)) {
                    return i + 2;
                }
            }
            return 1;
        }

        public int monetaryScore(long netFen) {
            for (int i = 3; i >= 0; i--) {
                if (BigDecimal.valueOf(netFen).compareTo(monetary.get(i).movePointRight(2)) >= 0) {
                    return i + 2;
                }
            }
            return 1;
        }

        /** The cell of scores 1–5: the first row of docs/segments.md's table that holds. */
        public static String cell(int r, int f, int m) {
            if (r >= 4 && f >= 4 && m >= 4) {
                return "champions";
            }
            if (r >= 3 && f >= 3 && m >= 3) {
                return "loyal";
            }
            if (r >= 4 && f == 1) {
                return "new";
            }
            if (r >= 3) {
                return "potential";
            }
            if (f >= 3 || m >= 3) {
                return "at_risk";
            }
            return r == 2 ? "hibernating" : "lost";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.rfm(this);
        }
    }

    /**
     * The lifecycle stage from the days since a customer's first and last counting order (all
     * orders up to now, in the brand's time zone); customers who never bought have no stage.
     */
    record Lifecycle(long brandId, int newDays, int activeDays, int sleepingDays, int churnDays) implements TagModel {

        public static final String ID = "lifecycle";
        public static final List<String> STAGES = List.of("new", "active", "sleeping", "pre_churn", "churned");

        public Lifecycle {
            for (int days : new int[] {newDays, activeDays, sleepingDays, churnDays}) {
                window(days);
            }
            if (newDays > activeDays) {
                throw new IllegalArgumentException("newDays may not exceed activeDays");
            }
            if (!(activeDays < sleepingDays && sleepingDays < churnDays)) {
                throw new IllegalArgumentException("activeDays < sleepingDays < churnDays must hold");
            }
        }

        @Override
        public String id() {
            return ID;
        }

        public String stage(long daysSinceFirst, long daysSinceLast) {
            if (daysSinceFirst <= newDays) {
                return "new";
            }
            if (daysSinceLast <= activeDays) {
                return "active";
            }
            if (daysSinceLast <= sleepingDays) {
                return "sleeping";
            }
            return daysSinceLast <= churnDays ? "pre_churn" : "churned";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.lifecycle(this);
        }
    }

    /** The category a customer spent most on (net) in the window, from the orders' products. */
    record PreferredCategory(long brandId, int windowDays) implements TagModel {

        public static final String ID = "preferred_category";

        public PreferredCategory {
            window(windowDays);
        }

        @Override
        public String id() {
            return ID;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.preferredCategory(this);
        }
    }

    /** The channel of most of a customer's orders in the window. */
    record PreferredChannel(long brandId, int windowDays) implements TagModel {

        public static final String ID = "preferred_channel";

        public PreferredChannel {
            window(windowDays);
        }

        @Override
        public String id() {
            return ID;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.preferredChannel(this);
        }
    }

    /**
     * How much a customer buys with coupons: the share of the window's counting orders that used at
     * least one coupon code, for customers with at least {@code minOrders} such orders.
     *
     * @param high a share of at least this is {@code high}
     * @param medium a share of at least this (and below {@code high}) is {@code medium}; lower is
     *     {@code low}
     */
    record PriceSensitivity(long brandId, int windowDays, int minOrders, BigDecimal high, BigDecimal medium)
            implements TagModel {

        public static final String ID = "price_sensitivity";
        public static final List<String> LEVELS = List.of("high", "medium", "low");

        public PriceSensitivity {
            window(windowDays);
            Objects.requireNonNull(high, "high");
            Objects.requireNonNull(medium, "medium");
            if (minOrders < 1 || minOrders > 1_000) {
                throw new IllegalArgumentException("minOrders is 1 to 1000, not " + minOrders);
            }
            if (!(medium.signum() > 0 && medium.compareTo(high) < 0 && high.compareTo(BigDecimal.ONE) <= 0)) {
                throw new IllegalArgumentException("0 < medium < high ≤ 1 must hold");
            }
        }

        @Override
        public String id() {
            return ID;
        }

        /** The level of a customer with {@code orders} counting orders, {@code withCoupon} of them with a coupon; null below {@code minOrders}. */
        public String level(long orders, long withCoupon) {
            if (orders < minOrders) {
                return null;
            }
            BigDecimal coupons = BigDecimal.valueOf(withCoupon);
            if (coupons.compareTo(high.multiply(BigDecimal.valueOf(orders))) >= 0) {
                return "high";
            }
            return coupons.compareTo(medium.multiply(BigDecimal.valueOf(orders))) >= 0 ? "medium" : "low";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.priceSensitivity(this);
        }
    }

    private static void window(int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("days are 1 to " + MAX_DAYS + ", not " + days);
        }
    }

    private static List<Integer> ascending(List<Integer> cuts, String what, int min) {
        List<Integer> copy = List.copyOf(cuts);
        if (copy.size() != 4) {
            throw new IllegalArgumentException(what + " needs 4 cut points, not " + copy);
        }
        for (int i = 0; i < 4; i++) {
            if (copy.get(i) < min || (i > 0 && copy.get(i) <= copy.get(i - 1))) {
                throw new IllegalArgumentException(what + " cut points must ascend from " + min + ": " + copy);
            }
        }
        return copy;
    }
}
