package io.reservoir.console;

import static io.reservoir.console.ConsoleForms.optionalDate;
import static io.reservoir.console.ConsoleForms.optionalInt;
import static io.reservoir.console.ConsoleForms.optionalText;
import static io.reservoir.console.ConsoleForms.wholeInt;
import static io.reservoir.console.ConsoleForms.wholeNumber;

import io.reservoir.loyalty.LoyaltyPrograms;
import io.reservoir.loyalty.RewardItem;
import io.reservoir.loyalty.Rewards;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A brand's redemption catalog: items with price, stock, redemptions and restrictions; add and restock. */
@ConsolePage
class RewardsPage {

    private final Brands brands;
    private final Rewards rewards;
    private final LoyaltyPrograms programs;

    RewardsPage(Brands brands, Rewards rewards, LoyaltyPrograms programs) {
        this.brands = brands;
        this.rewards = rewards;
        this.programs = programs;
    }

    @GetMapping("/loyalty/{brandId}/rewards")
    String catalog(Caller caller, @PathVariable long brandId, Model model) {
        Brand brand = brands.get(caller, brandId);
        model.addAttribute("brand", brand);
        model.addAttribute("zone", ZoneId.of(brand.timeZone()));
        model.addAttribute("items", rewards.catalog(caller.workspaceId(), brand.id()));
        model.addAttribute("redeemed", rewards.redeemed(caller.workspaceId(), brand.id()));
        model.addAttribute("kinds", Rewards.KINDS.stream().sorted().toList());
        model.addAttribute(
                "tiers",
                programs.find(caller.workspaceId(), brand.id())
                        .map(p -> p.tiers().levels())
                        .orElse(List.of()));
        return "console/rewards";
    }

    /** Validity is by whole days in the brand's time zone: from the first day through the last. */
    @PostMapping("/loyalty/{brandId}/rewards")
    String add(
            Caller caller,
            @PathVariable long brandId,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String pointsPrice,
            @RequestParam(required = false) String stock,
            @RequestParam(required = false) String perMemberLimit,
            @RequestParam(required = false) String validFrom,
            @RequestParam(required = false) String validThrough,
            @RequestParam(required = false) String minTier,
            RedirectAttributes redirect) {
        Brand brand = brands.get(caller, brandId);
        ZoneId zone = ZoneId.of(brand.timeZone());
        return UsersPage.Outcome.of(redirect, "/loyalty/" + brand.id() + "/rewards", () -> {
            LocalDate from = optionalDate("validFrom", validFrom);
            LocalDate through = optionalDate("validThrough", validThrough);
            rewards.create(
                    caller,
                    new RewardItem(
                            0,
                            brand.id(),
                            name,
                            kind,
                            wholeNumber("pointsPrice", pointsPrice),
                            optionalInt("stock", stock),
                            optionalInt("perMemberLimit", perMemberLimit),
                            from == null ? null : from.atStartOfDay(zone).toInstant(),
                            through == null
                                    ? null
                                    : through.plusDays(1).atStartOfDay(zone).toInstant(),
                            optionalText(minTier)));
            return "rewards.added";
        });
    }

    @PostMapping("/loyalty/{brandId}/rewards/{itemId}/stock")
    String restock(
            Caller caller,
            @PathVariable long brandId,
            @PathVariable long itemId,
            @RequestParam String add,
            RedirectAttributes redirect) {
        long brand = brands.get(caller, brandId).id();
        return UsersPage.Outcome.of(redirect, "/loyalty/" + brand + "/rewards", () -> {
            rewards.addStock(caller, itemId, wholeInt("add", add));
            return "rewards.restocked";
        });
    }
}
