package io.reservoir.loyalty;

import io.reservoir.identity.CustomerRef;
import io.reservoir.identity.Customers;
import io.reservoir.identity.ProfileSection;
import io.reservoir.platform.tenancy.Caller;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The customer 360 view's memberships: per brand whose program the customer is an active member
 * of, the tier held (code and name), the points balance and the way to the next tier, measured
 * as the member center measures it.
 */
@Component
class MembershipSection implements ProfileSection {

    /**
     * One brand's membership. {@code current}, {@code nextThreshold} and {@code needed} are in the
     * basis' unit (yuan for {@code net_spend}, else points or orders); the next-tier fields are
     * null at the top tier or without tiers.
     */
    record Standing(
            long brandId,
            String tierCode,
            String tierName,
            long points,
            String basis,
            BigDecimal current,
            String nextTierCode,
            String nextTierName,
            BigDecimal nextThreshold,
            BigDecimal needed) {}

    private final MemberRows rows;
    private final LoyaltyPrograms programs;
    private final Memberships memberships;
    private final MemberCenter center;
    private final Customers customers;

    MembershipSection(
            MemberRows rows,
            LoyaltyPrograms programs,
            Memberships memberships,
            MemberCenter center,
            Customers customers) {
        this.rows = rows;
        this.programs = programs;
        this.memberships = memberships;
        this.center = center;
        this.customers = customers;
    }

    @Override
    public String name() {
        return "membership";
    }

    @Override
    public Object describe(Caller caller, int customerNo) {
        long ws = caller.workspaceId();
        Map<Long, String> tiersByBrand = new TreeMap<>();
        rows.memberships(ws, List.of(customerNo), (no, brandId, tier) -> tiersByBrand.put(brandId, tier));
        if (tiersByBrand.isEmpty()) {
            return List.of();
        }
        CustomerRef ref = customers.get(caller, customerNo);
        List<Standing> standings = new ArrayList<>();
        for (long brandId : tiersByBrand.keySet()) {
            LoyaltyProgram program = programs.find(ws, brandId).orElse(null);
            Member member = memberships.find(ws, brandId, customerNo).orElse(null);
            if (program == null || member == null || !member.active()) {
                continue;
            }
            MemberCenter.Profile profile = center.profile(new MemberCenter.Membership(ws, ref, program, member));
            MemberCenter.Progress progress = profile.progress();
            String nextName = progress == null || progress.nextTier() == null
                    ? null
                    : program.tiers()
                            .level(progress.nextTier())
                            .map(LoyaltyProgram.Tier::name)
                            .orElse(null);
            standings.add(new Standing(
                    brandId,
                    profile.tier() == null ? null : profile.tier().code(),
                    profile.tier() == null ? null : profile.tier().name(),
                    profile.points(),
                    progress == null ? null : progress.basis().id(),
                    progress == null ? null : progress.current(),
                    progress == null ? null : progress.nextTier(),
                    nextName,
                    progress == null ? null : progress.nextThreshold(),
                    progress == null ? null : progress.needed()));
        }
        return standings;
    }
}
