package io.reservoir.loyalty;

import java.time.Instant;

/**
 * A customer's membership of one brand's program, with the tier they hold.
 *
 * @param viaBrandId for a joint membership, the brand the customer joined that enrolled them here
 * @param tierReviewAt the tier anniversary, when the tier is reviewed (or the end of the grace)
 * @param graceUntil set while the member keeps a tier they no longer qualify for
 */
public record Member(
        long brandId,
        int customerNo,
        Instant joinedAt,
        String channel,
        Long viaBrandId,
        Long paidJoinFen,
        Instant leftAt,
        String tierCode,
        Instant tierSince,
        Instant tierReviewAt,
        Instant graceUntil) {

    public boolean active() {
        return leftAt == null;
    }
}
