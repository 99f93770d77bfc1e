package io.reservoir.loyalty;

import io.reservoir.ingest.BrandSimulating;
import io.reservoir.loyalty.LoyaltyProgram.ActionRule;
import io.reservoir.loyalty.LoyaltyProgram.Expiry;
import io.reservoir.loyalty.LoyaltyProgram.Joining;
import io.reservoir.loyalty.LoyaltyProgram.Tier;
import io.reservoir.loyalty.LoyaltyProgram.TierBasis;
import io.reservoir.loyalty.LoyaltyProgram.TierBenefits;
import io.reservoir.loyalty.LoyaltyProgram.Tiers;
import io.reservoir.platform.tenancy.Caller;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The loyalty program a simulated demo brand comes with, so that Loyalty, the tiers and the
 * member audiences have life on the first day: one point per yuan, a joining gift, four tiers on
 * net spend whose thresholds put about 50, 30, 15 and 4 % of a simulated year's members in
 * each (seed 1, 1,000 members: 496, 315, 153, 36), action points
 * and a small rewards catalog. Installed only on a brand that has no program: an operator's own
 * program is never replaced.
 */
@Component
class DemoProgram {

    static final List<Tier> TIERS = List.of(
            tier("member", "普通会员", 0, "1", TierBenefits.none()),
            tier("silver", "银卡会员", 500, "1.2", new TierBenefits(false, true, false, null, "生日礼券")),
            tier("gold", "金卡会员", 2_000, "1.5", new TierBenefits(true, true, false, "季度新品小样", "生日礼盒")),
            tier("diamond", "钻石会员", 8_000, "2", new TierBenefits(true, true, true, "专属新品首发礼", "生日礼盒")));

    /** name, kind, points price, stock, per-member limit, lowest tier. */
    private record Reward(String name, String kind, long points, Integer stock, Integer perMember, String minTier) {}

    private static final List<Reward> REWARDS = List.of(
            new Reward("新品试用装", "gift", 300, 2_000, 2, null),
            new Reward("满200减20 优惠券", "coupon", 500, null, null, null),
            new Reward("品牌帆布袋", "gift", 800, 500, 1, null),
            new Reward("会员日入场券", "ticket", 1_000, 300, 1, "silver"),
            new Reward("专属顾问一对一", "benefit", 3_000, 50, 1, "gold"));

    private final LoyaltyPrograms programs;
    private final Rewards rewards;

    DemoProgram(LoyaltyPrograms programs, Rewards rewards) {
        this.programs = programs;
        this.rewards = rewards;
    }

    @EventListener
    void install(BrandSimulating simulating) {
        Caller system = Caller.system(simulating.workspaceId());
        for (long brandId : simulating.brandIds()) {
            if (programs.find(simulating.workspaceId(), brandId).isEmpty()) {
                programs.put(system, program(brandId));
                for (Reward r : REWARDS) {
                    rewards.create(
                            system,
                            new RewardItem(
                                    0,
                                    brandId,
                                    r.name(),
                                    r.kind(),
                                    r.points(),
                                    r.stock(),
                                    r.perMember(),
                                    null,
                                    null,
                                    r.minTier()));
                }
            }
        }
    }

    static LoyaltyProgram program(long brandId) {
        return new LoyaltyProgram(
                brandId,
                1,
                Expiry.END_OF_NEXT_YEAR,
                false,
                new BigDecimal("2"),
                new Joining(List.of(), 100L, null, null),
                new Tiers(TierBasis.NET_SPEND, 30, TIERS),
                Map.of(
                        "check_in", new ActionRule(5L, 1, null),
                        "review", new ActionRule(20L, null, 5),
                        "share", new ActionRule(10L, 3, null),
                        "first_order", new ActionRule(200L, null, null)));
    }

    private static Tier tier(String code, String name, long thresholdYuan, String multiplier, TierBenefits benefits) {
        return new Tier(code, name, BigDecimal.valueOf(thresholdYuan), new BigDecimal(multiplier), benefits);
    }
}
