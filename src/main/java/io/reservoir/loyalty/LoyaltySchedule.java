package io.reservoir.loyalty;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every second, in each workspace with a loyalty program: run the programs over the new events
 * (joins, orders, refunds, actions), enroll joint members in the other brands, expire the lots
 * whose time has come and review the tiers whose anniversary has come. Each batch commits on its
 * own; a failed round is retried by the next.
 */
@Component
class LoyaltySchedule {

    static final int EXPIRY_BATCH = 1_000;
    static final int REVIEW_BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(LoyaltySchedule.class);

    private final PointsEarner earner;
    private final PointsLedger ledger;
    private final TierKeeper tiers;
    private final JointEnroller joint;
    private final Clock clock;

    LoyaltySchedule(PointsEarner earner, PointsLedger ledger, TierKeeper tiers, JointEnroller joint, Clock clock) {
        this.earner = earner;
        this.ledger = ledger;
        this.tiers = tiers;
        this.joint = joint;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${reservoir.loyalty.interval:1s}")
    void run() {
        for (long workspaceId : earner.workspacesWithPrograms()) {
            try {
                round(workspaceId);
            } catch (RuntimeException e) {
                log.warn("Loyalty round in workspace {} failed; retrying next round", workspaceId, e);
            }
        }
    }

    /**
     * One workspace's round, up to now: what the schedule does for it every second. Rounds take
     * turns (one at a time in this node): a round asked for while the schedule runs one would
     * otherwise update the same members in another order, in tier reviews and upgrades at once.
     */
    synchronized void round(long workspaceId) {
        while (earner.catchUp(workspaceId, PointsEarner.BATCH) == PointsEarner.BATCH) {
            // one committed batch at a time until the log is read
        }
        while (joint.send(workspaceId) == JointEnroller.BATCH) {
            // likewise for joint enrolments
        }
        while (ledger.expire(workspaceId, clock.instant(), EXPIRY_BATCH) == EXPIRY_BATCH) {
            // lots due
        }
        while (tiers.review(workspaceId, clock.instant(), REVIEW_BATCH) == REVIEW_BATCH) {
            // tier anniversaries due
        }
    }
}
