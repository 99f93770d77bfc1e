package io.reservoir.loyalty;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Every second, each workspace with a loyalty program earns the points of its new orders. */
@Component
class PointsEarningSchedule {

    private static final Logger log = LoggerFactory.getLogger(PointsEarningSchedule.class);

    private final PointsEarner earner;

    PointsEarningSchedule(PointsEarner earner) {
        this.earner = earner;
    }

    @Scheduled(fixedDelayString = "${reservoir.loyalty.earn-interval:1s}")
    void run() {
        for (long workspaceId : earner.workspacesWithPrograms()) {
            try {
                while (earner.catchUp(workspaceId, PointsEarner.BATCH) == PointsEarner.BATCH) {
                    // one committed batch at a time until the log is read
                }
            } catch (RuntimeException e) {
                log.warn("Earning points in workspace {} failed; retrying next round", workspaceId, e);
            }
        }
    }
}
