package io.reservoir.loyalty;

import io.reservoir.identity.ProfileSection;
import io.reservoir.platform.tenancy.Caller;
import org.springframework.stereotype.Component;

/** The customer 360 view's points: balance and open lots per brand. */
@Component
class PointsSection implements ProfileSection {

    private final PointsLedger ledger;

    PointsSection(PointsLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public String name() {
        return "points";
    }

    @Override
    public Object describe(Caller caller, int customerNo) {
        return ledger.accounts(caller.workspaceId(), customerNo);
    }
}
