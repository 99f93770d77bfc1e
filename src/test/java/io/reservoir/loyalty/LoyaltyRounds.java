package io.reservoir.loyalty;

import org.springframework.stereotype.Component;

/**
 * The loyalty schedule's round for one workspace, run when a test asks: earning over the whole log,
 * joint enrolments, expiry and tier reviews up to now. Tests that read what the program made call
 * it instead of waiting for the schedule's next round.
 */
@Component
public class LoyaltyRounds {

    private final LoyaltySchedule schedule;

    LoyaltyRounds(LoyaltySchedule schedule) {
        this.schedule = schedule;
    }

    public void runNow(long workspaceId) {
        schedule.round(workspaceId);
    }
}
