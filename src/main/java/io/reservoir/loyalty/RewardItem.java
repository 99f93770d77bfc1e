package io.reservoir.loyalty;

import java.time.Instant;

/**
 * Something members get for points.
 *
 * @param kind {@code gift}, {@code coupon}, {@code ticket} or {@code benefit}
 * @param stock what is left; null: unlimited
 * @param perMemberLimit how many one member may redeem in all; null: no limit
 * @param minTier the lowest tier that may redeem it (a tier code of the brand's program); null: any
 *     member
 * @param disabled taken out of the offer: not redeemable and not shown to members, but kept with
 *     its redemptions
 */
public record RewardItem(
        long id,
        long brandId,
        String name,
        String kind,
        long pointsPrice,
        Integer stock,
        Integer perMemberLimit,
        Instant validFrom,
        Instant validUntil,
        String minTier,
        boolean disabled) {

    /** An item that is offered (not disabled). */
    public RewardItem(
            long id,
            long brandId,
            String name,
            String kind,
            long pointsPrice,
            Integer stock,
            Integer perMemberLimit,
            Instant validFrom,
            Instant validUntil,
            String minTier) {
        this(id, brandId, name, kind, pointsPrice, stock, perMemberLimit, validFrom, validUntil, minTier, false);
    }
}
