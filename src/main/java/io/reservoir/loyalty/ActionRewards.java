package io.reservoir.loyalty;

import java.time.LocalDate;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Points for a member's actions (check-in, review, share, first order) under the program's caps:
 * an action past the day's or the month's cap earns nothing. The key names the cause, so the
 * event log and the member center crediting the same check-in credit it once.
 */
@Component
class ActionRewards {

    private final PointsLedger ledger;

    ActionRewards(PointsLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * Credits the action's points unless a cap is reached; empty when the program does not
     * reward it or a cap stops it.
     *
     * @param day the brand-local day of the action
     * @param cause what names this action once: an event's message id, or the day for a check-in
     */
    Optional<PointsChange> reward(
            long workspaceId, LoyaltyProgram program, int customerNo, String action, LocalDate day, String cause) {
        Optional<LoyaltyProgram.ActionRule> found = program.action(action);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        LoyaltyProgram.ActionRule rule = found.get();
        long brand = program.brandId();
        var credit = new PointsLedger.Credit(
                brand,
                customerNo,
                rule.points(),
                action + ":" + brand + ":" + customerNo + ":" + cause,
                null,
                action.replace('_', ' '),
                action,
                day);
        Optional<PointsChange> earlier = ledger.replay(workspaceId, credit.key());
        if (earlier.isPresent()) {
            return earlier; // answers the first credit, even if the rule's points changed since
        }
        if (rule.maxPerDay() != null
                && ledger.rewardsOf(workspaceId, brand, customerNo, action, day, day) >= rule.maxPerDay()) {
            return Optional.empty();
        }
        if (rule.maxPerMonth() != null
                && ledger.rewardsOf(
                                workspaceId,
                                brand,
                                customerNo,
                                action,
                                day.withDayOfMonth(1),
                                day.withDayOfMonth(day.lengthOfMonth()))
                        >= rule.maxPerMonth()) {
            return Optional.empty();
        }
        return Optional.of(ledger.earn(workspaceId, credit));
    }
}
