package io.reservoir.loyalty;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every second, in each workspace with a loyalty program: earn the points of new orders (and take
 * back refunded ones), then expire the lots whose time has come. Each batch commits on its own;
 * a failed round is retried by the next.
 */
@Component
class LoyaltySchedule {

    static final int EXPIRY_BATCH = 1_000;
    private static final Logger log = LoggerFactory.getLogger(LoyaltySchedule.class);

    private final PointsEarner earner;
    private final PointsLedger ledger;
    private final Clock clock;

    LoyaltySchedule(PointsEarner earner, PointsLedger ledger, Clock clock) {
        this.earner = earner;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${reservoir.loyalty.interval:1s}")
    void run() {
        for (long workspaceId : earner.workspacesWithPrograms()) {
            try {
                while (earner.catchUp(workspaceId, PointsEarner.BATCH) == PointsEarner.BATCH) {
                    // one committed batch at a time until the log is read
                }
                while (ledger.expire(workspaceId, clock.instant(), EXPIRY_BATCH) == EXPIRY_BATCH) {
                    // likewise for lots due
                }
            } catch (RuntimeException e) {
                log.warn("Loyalty round in workspace {} failed; retrying next round", workspaceId, e);
            }
        }
    }
}
