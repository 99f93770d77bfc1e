package io.reservoir.audience;

import io.reservoir.identity.ConsentChannel;
import io.reservoir.identity.IdentityType;
import io.reservoir.ingest.EventNames;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * A segment's condition: a tree of AND / OR / NOT over conditions on one customer. The JSON form,
 * the text form and the exact meaning of every condition are in {@code docs/segments.md}; this
 * type is its typed model. Every evaluator answers for the workspace's active customers only and
 * must agree with {@link SegmentSql}, the reference.
 *
 * <p>Records check their own invariants ({@link IllegalArgumentException}); JSON from outside goes
 * through {@link #fromJson}, which names the path of anything wrong.
 *
 * <p>Handle every kind with a {@link Visitor}: on Java 17 it is what makes the compiler list the
 * cases a new evaluator has not covered.
 */
public sealed interface SegmentRule {

    /** Rules nest at most this deep (the root is level 1). */
    int MAX_DEPTH = 20;

    /** An event window is 1 to this many days. */
    int MAX_DAYS = 3650;

    /** An event whose occurrences carry an amount: the paid amount of its order. */
    String ORDER_COMPLETED = EventNames.ORDER_COMPLETED;

    /**
     * The other event with an amount: what it refunded, of an order or (a return that names no
     * order) of the customer.
     */
    String ORDER_REFUNDED = EventNames.ORDER_REFUNDED;

    /** Whether the events of this name carry an amount a rule may sum. */
    static boolean hasAmount(String eventName) {
        return ORDER_COMPLETED.equals(eventName) || ORDER_REFUNDED.equals(eventName);
    }

    <R> R accept(Visitor<R> visitor);

    /** The conditions under this rule's AND / OR / NOT, depth first (the rule itself if it is one). */
    default Stream<SegmentRule> conditions() {
        if (this instanceof All all) {
            return all.rules().stream().flatMap(SegmentRule::conditions);
        }
        if (this instanceof Any any) {
            return any.rules().stream().flatMap(SegmentRule::conditions);
        }
        if (this instanceof Not not) {
            return not.rule().conditions();
        }
        return Stream.of(this);
    }

    /**
     * Reads the JSON form.
     *
     * @param path the name of {@code json} in error messages, e.g. {@code rule}
     * @throws io.reservoir.platform.errors.ReservoirException invalid, naming the path of the first
     *     problem ({@code rule.all[2].within.days})
     */
    static SegmentRule fromJson(JsonNode json, String path) {
        return RuleReader.read(json, path);
    }

    /** The canonical JSON form; {@link #fromJson} reads it back to an equal rule. */
    default JsonNode toJson() {
        return RuleWriter.write(this);
    }

    /** One method per kind of rule. */
    interface Visitor<R> {
        R all(All rule);

        R any(Any rule);

        R not(Not rule);

        R attribute(Attribute rule);

        R identity(Identity rule);

        R relation(Relation rule);

        R member(Member rule);

        R tier(Tier rule);

        R points(Points rule);

        R tagged(Tagged rule);

        R consent(Consent rule);

        R event(Event rule);

        R inSegment(InSegment rule);
    }

    /** Every one of {@code rules} holds (AND); at least one rule. */
    record All(List<SegmentRule> rules) implements SegmentRule {
        public All {
            rules = nonEmpty(rules, "all");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.all(this);
        }
    }

    /** At least one of {@code rules} holds (OR); at least one rule. */
    record Any(List<SegmentRule> rules) implements SegmentRule {
        public Any {
            rules = nonEmpty(rules, "any");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.any(this);
        }
    }

    /** {@code rule} does not hold, for an active customer of the workspace. */
    record Not(SegmentRule rule) implements SegmentRule {
        public Not {
            Objects.requireNonNull(rule, "rule");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.not(this);
        }
    }

    /**
     * A test of the profile attribute {@code name}. A customer without the attribute, or whose
     * value is null, matches no op (so neither {@code eq} nor {@code ne}).
     *
     * @param values the op's operands as text: one for eq, ne, contains, gt, gte, lt, lte; one or
     *     more for in; two (low, high) for between; none for exists. Numeric ops' operands are
     *     decimal numbers ({@link #numbers()}).
     */
    record Attribute(String name, Op op, List<String> values) implements SegmentRule {

        /**
         * How the value is tested. Text ops compare exactly (case and spaces count); numeric ops
         * compare the value read by {@link #number(String)} and never match a value that is not a
         * number.
         */
        public enum Op {
            EQ(false, 1),
            NE(false, 1),
            IN(false, -1),
            CONTAINS(false, 1),
            EXISTS(false, 0),
            GT(true, 1),
            GTE(true, 1),
            LT(true, 1),
            LTE(true, 1),
            BETWEEN(true, 2);

            private final boolean numeric;
            private final int operands;

            Op(boolean numeric, int operands) {
                this.numeric = numeric;
                this.operands = operands;
            }

            public boolean numeric() {
                return numeric;
            }

            /** How many operands the op takes; -1: one or more. */
            public int operands() {
                return operands;
            }

            public String id() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }

            public static Optional<Op> of(String id) {
                for (Op op : values()) {
                    if (op.id().equals(id)) {
                        return Optional.of(op);
                    }
                }
                return Optional.empty();
            }
        }

        private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

        public Attribute {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(op, "op");
            values = List.copyOf(values);
            if (op.operands() >= 0 ? values.size() != op.operands() : values.isEmpty()) {
                throw new IllegalArgumentException(op.id() + " takes " + op.operands() + " operands: " + values);
            }
            if (op.numeric()) {
                for (String value : values) {
                    if (number(value).isEmpty()) {
                        throw new IllegalArgumentException(op.id() + " compares numbers, not '" + value + "'");
                    }
                }
                values = values.stream()
                        .map(v -> canonical(number(v).orElseThrow()).toPlainString())
                        .toList();
                if (op == Op.BETWEEN
                        && number(values.get(0))
                                        .orElseThrow()
                                        .compareTo(number(values.get(1)).orElseThrow())
                                > 0) {
                    throw new IllegalArgumentException("between " + values + ": low is greater than high");
                }
            }
        }

        /** The operands of a numeric op as numbers. */
        public List<BigDecimal> numbers() {
            return values.stream().map(v -> number(v).orElseThrow()).toList();
        }

        /**
         * What a numeric op reads from an attribute value: the value without surrounding white
         * space, when it is a decimal number in plain or exponent notation ({@code 42}, {@code -3.5},
         * {@code .5}, {@code 1e3}, {@code +7}); ASCII digits only. Anything else ({@code ""},
         * {@code 1,000}, {@code ¥5}, {@code NaN}) is not a number. The single definition both
         * evaluators use.
         */
        public static Optional<BigDecimal> number(String value) {
            if (value == null) {
                return Optional.empty();
            }
            String text = value.strip();
            if (text.length() > 400 || !NUMBER.matcher(text).matches()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new BigDecimal(text));
            } catch (NumberFormatException exponentOutOfRange) {
                return Optional.empty();
            }
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.attribute(this);
        }
    }

    /** The customer holds at least one identity of {@code type}. */
    record Identity(IdentityType type) implements SegmentRule {
        public Identity {
            Objects.requireNonNull(type, "type");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.identity(this);
        }
    }

    /**
     * The customer holds an open relation with the brand in {@code field}, or in any field when
     * {@code field} is null — that is, is private-domain for the brand now.
     */
    record Relation(long brandId, String field) implements SegmentRule {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.relation(this);
        }
    }

    /** The customer is an active member of the brand's program (has not left). */
    record Member(long brandId) implements SegmentRule {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.member(this);
        }
    }

    /** The customer is an active member of the brand holding one of the tiers {@code codes}. */
    record Tier(long brandId, List<String> codes) implements SegmentRule {
        public Tier {
            codes = nonEmpty(codes, "codes");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.tier(this);
        }
    }

    /** The customer's points balance with the brand lies in {@code balance}; no account is 0 points. */
    record Points(long brandId, Range balance) implements SegmentRule {
        public Points {
            Objects.requireNonNull(balance, "balance");
            balance.requireWhole("points");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.points(this);
        }
    }

    /** The customer holds the tag named {@code name}; with that value when {@code value} is not null. */
    record Tagged(String name, String value) implements SegmentRule {
        public Tagged {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.tagged(this);
        }
    }

    /**
     * The customer's recorded consent on {@code channel} is {@code granted}. A customer with no
     * decision on the channel matches neither {@code true} nor {@code false}.
     */
    record Consent(ConsentChannel channel, boolean granted) implements SegmentRule {
        public Consent {
            Objects.requireNonNull(channel, "channel");
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.consent(this);
        }
    }

    /**
     * Aggregates of the customer's track events named {@code name} that occurred in the window
     * (after {@code now − days × 24 h}, up to and including {@code now}), optionally only those of
     * a brand, channel and field. A customer without such events has count 0, sum 0 and 0 distinct
     * days. Every given range must hold; with none given, {@code count} is "at least 1".
     *
     * @param brandId null: any brand
     * @param channel null: any channel
     * @param field null: any field or none
     * @param count how many such events
     * @param sum for {@value #ORDER_COMPLETED}: the paid amount in yuan of the orders these events
     *     recorded (refunds are not subtracted); for {@value #ORDER_REFUNDED}: the amount in yuan these
     *     events refunded, of orders (also of orders not received yet) and of customers (returns
     *     that name no order); no other event has one
     * @param distinctDays on how many calendar days, each event's day taken in its brand's time zone
     */
    record Event(
            String name,
            Long brandId,
            String channel,
            String field,
            int days,
            Range count,
            Range sum,
            Range distinctDays)
            implements SegmentRule {
        public Event {
            Objects.requireNonNull(name, "name");
            if (days < 1 || days > MAX_DAYS) {
                throw new IllegalArgumentException("a window is 1 to " + MAX_DAYS + " days, not " + days);
            }
            if (sum != null && !hasAmount(name)) {
                throw new IllegalArgumentException(
                        "only " + ORDER_COMPLETED + " and " + ORDER_REFUNDED + " events have an amount");
            }
            if (count == null && sum == null && distinctDays == null) {
                count = Range.atLeast(BigDecimal.ONE);
            }
            if (count != null) {
                count.requireWhole("count");
            }
            if (distinctDays != null) {
                distinctDays.requireWhole("distinctDays");
            }
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.event(this);
        }
    }

    /** The customer is in the saved segment {@code segmentId} (evaluated at the same time). */
    record InSegment(long segmentId) implements SegmentRule {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.inSegment(this);
        }
    }

    /**
     * Inclusive bounds, either of them open (null) but not both.
     *
     * @param gte the least value that matches
     * @param lte the greatest value that matches
     */
    record Range(BigDecimal gte, BigDecimal lte) {
        public Range {
            gte = gte == null ? null : canonical(gte);
            lte = lte == null ? null : canonical(lte);
            if (gte == null && lte == null) {
                throw new IllegalArgumentException("a range needs gte, lte or both");
            }
            if (gte != null && lte != null && gte.compareTo(lte) > 0) {
                throw new IllegalArgumentException("gte " + gte + " is greater than lte " + lte);
            }
        }

        public static Range atLeast(BigDecimal value) {
            return new Range(value, null);
        }

        public static Range exactly(BigDecimal value) {
            return new Range(value, value);
        }

        /** Both bounds given and equal (the JSON form writes it as {@code eq}). */
        public boolean exact() {
            return gte != null && lte != null && gte.compareTo(lte) == 0;
        }

        public boolean contains(BigDecimal value) {
            return (gte == null || value.compareTo(gte) >= 0) && (lte == null || value.compareTo(lte) <= 0);
        }

        public boolean contains(long value) {
            return contains(BigDecimal.valueOf(value));
        }

        void requireWhole(String what) {
            for (BigDecimal bound : new BigDecimal[] {gte, lte}) {
                if (bound != null && bound.scale() > 0) {
                    throw new IllegalArgumentException(what + " bounds are whole numbers, not " + bound);
                }
            }
        }
    }

    /** Equal numbers, one representation: {@code 100.00} and {@code 1E+2} are {@code 100}. */
    private static BigDecimal canonical(BigDecimal value) {
        BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static <T> List<T> nonEmpty(List<T> list, String what) {
        List<T> copy = List.copyOf(list);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(what + " needs at least one element");
        }
        return copy;
    }
}
