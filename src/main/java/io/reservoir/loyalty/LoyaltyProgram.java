package io.reservoir.loyalty;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.reservoir.platform.errors.ReservoirException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A brand's loyalty program: how members join, earn and keep their tier.
 *
 * @param pointsPerYuan points per yuan of the net paid amount, before multipliers (0 earns none)
 * @param expiry when earned points expire
 * @param allowDebt whether a refund may take back points already spent, leaving a negative balance
 *     that later credits repay first
 * @param birthdayMultiplier order points are multiplied by it in the member's birthday month (1:
 *     no bonus)
 * @param actions rewards per action, by {@link #ACTIONS} name
 */
public record LoyaltyProgram(
        long brandId,
        int pointsPerYuan,
        Expiry expiry,
        boolean allowDebt,
        BigDecimal birthdayMultiplier,
        Joining joining,
        Tiers tiers,
        Map<String, ActionRule> actions) {

    /** When earned points expire. Spelled in JSON, the database and messages by {@link #id()}. */
    public enum Expiry {
        /** Never. */
        NEVER,
        /** At the end of the year after the one the points were earned in, in the brand's time zone. */
        END_OF_NEXT_YEAR;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The rule spelled {@code id}; a refusal names {@code field}. */
        public static Expiry parse(String field, String id) {
            return Ids.parse(values(), field, id);
        }

        @JsonCreator
        static Expiry fromJson(String id) {
            return Ids.fromJson(values(), id);
        }

        @Override
        public String toString() {
            return id();
        }
    }

    /** What tiers measure over the rolling 12 months. Spelled in JSON and messages by {@link #id()}. */
    public enum TierBasis {
        /** Yuan paid less refunds (thresholds in yuan, measured in fen). */
        NET_SPEND,
        /** Points earned. */
        POINTS,
        /** Orders not fully refunded. */
        ORDERS;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static TierBasis parse(String field, String id) {
            return Ids.parse(values(), field, id);
        }

        @JsonCreator
        static TierBasis fromJson(String id) {
            return Ids.fromJson(values(), id);
        }

        @Override
        public String toString() {
            return id();
        }
    }

    /** Reading the lower-case spellings of this program's closed sets. */
    private static final class Ids {

        static <E extends Enum<E>> E parse(E[] values, String field, String id) {
            try {
                return fromJson(values, id);
            } catch (IllegalArgumentException e) {
                throw ReservoirException.invalid(field, e.getMessage());
            }
        }

        /** Refuses an unknown spelling with the message the API answers under the field's path. */
        static <E extends Enum<E>> E fromJson(E[] values, String id) {
            for (E value : values) {
                if (value.toString().equals(id)) {
                    return value;
                }
            }
            throw new IllegalArgumentException("must be one of "
                    + Arrays.stream(values).map(Object::toString).toList());
        }
    }

    /** The rewarded actions: a daily check-in, a review, a share, the member's first order. */
    public static final List<String> ACTIONS = List.of("check_in", "review", "share", "first_order");

    /**
     * How people join.
     *
     * @param channels where joining counts (empty: every channel)
     * @param giftPoints points for joining (0: none); they never expire
     * @param joinCoupon the coupon template handed out on joining, for the offers module
     * @param paidJoinAmount a paid join (e.g. 0.01 yuan): the member center requires a payment of
     *     exactly this amount; null for a free join
     */
    public record Joining(List<String> channels, Long giftPoints, String joinCoupon, BigDecimal paidJoinAmount) {}

    /**
     * Tiers on a rolling 12-month measure: reaching a threshold upgrades at once; at the tier's
     * anniversary the member keeps it if they still qualify, and otherwise after {@code graceDays}
     * (0: at once) drops to the tier they qualify for.
     *
     * @param basis what the thresholds measure
     * @param levels lowest first; the first has threshold 0 and is every member's starting tier
     */
    public record Tiers(TierBasis basis, Integer graceDays, List<Tier> levels) {

        static Tiers none() {
            return new Tiers(TierBasis.NET_SPEND, 0, List.of());
        }

        Optional<Tier> level(String code) {
            return levels.stream().filter(t -> t.code().equals(code)).findFirst();
        }

        int rank(String code) {
            for (int i = 0; i < levels.size(); i++) {
                if (levels.get(i).code().equals(code)) {
                    return i;
                }
            }
            return -1;
        }

        /** The highest tier whose threshold {@code value} reaches (in {@link Tier#units}). */
        Tier qualifying(long value) {
            Tier best = levels.get(0);
            for (Tier tier : levels) {
                if (value >= tier.units(basis)) {
                    best = tier;
                }
            }
            return best;
        }
    }

    /**
     * @param threshold in yuan for {@link TierBasis#NET_SPEND}, points or orders otherwise
     * @param pointsMultiplier order points are multiplied by it for members of this tier
     */
    public record Tier(
            String code, String name, BigDecimal threshold, BigDecimal pointsMultiplier, TierBenefits benefits) {

        /** The threshold in the basis' smallest unit: fen for net spend, else points or orders. */
        long units(TierBasis basis) {
            return basis == TierBasis.NET_SPEND
                    ? threshold.movePointRight(2).longValueExact()
                    : threshold.longValueExact();
        }
    }

    /** What a tier gives besides the multiplier; the storefront and the offers module act on them. */
    public record TierBenefits(
            Boolean priorityPurchase,
            Boolean freeShipping,
            Boolean exclusiveService,
            String extraGift,
            String birthdayGift) {

        static TierBenefits none() {
            return new TierBenefits(false, false, false, null, null);
        }
    }

    /**
     * @param points per rewarded action
     * @param maxPerDay how many of them earn points per day (null: no cap)
     * @param maxPerMonth likewise per calendar month
     */
    public record ActionRule(Long points, Integer maxPerDay, Integer maxPerMonth) {}

    boolean hasTiers() {
        return !tiers.levels().isEmpty();
    }

    Optional<ActionRule> action(String name) {
        return Optional.ofNullable(actions.get(name)).filter(a -> a.points() > 0);
    }
}
