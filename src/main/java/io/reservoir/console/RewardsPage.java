package io.reservoir.console;

import static io.reservoir.console.ConsoleForms.wholeInt;

import io.reservoir.loyalty.LoyaltyProgram;
import io.reservoir.loyalty.LoyaltyPrograms;
import io.reservoir.loyalty.RewardItem;
import io.reservoir.loyalty.Rewards;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A brand's redemption catalog: items with price, stock, redemptions and restrictions; add,
 * restock, edit, disable and enable. A refused form shows again as typed, with every problem.
 */
@ConsolePage
class RewardsPage {

    private final Brands brands;
    private final Rewards rewards;
    private final LoyaltyPrograms programs;
    private final Refusals refusals;

    RewardsPage(Brands brands, Rewards rewards, LoyaltyPrograms programs, Refusals refusals) {
        this.brands = brands;
        this.rewards = rewards;
        this.programs = programs;
        this.refusals = refusals;
    }

    @GetMapping("/loyalty/{brandId}/rewards")
    String catalog(Caller caller, @PathVariable long brandId, Model model) {
        Brand brand = brands.get(caller, brandId);
        catalog(caller, brand, model);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", RewardForm.empty());
        }
        return "console/rewards";
    }

    @PostMapping("/loyalty/{brandId}/rewards")
    String add(
            Caller caller,
            @PathVariable long brandId,
            @ModelAttribute("form") RewardForm form,
            Locale locale,
            Model model,
            RedirectAttributes redirect) {
        Brand brand = brands.get(caller, brandId);
        List<ReservoirException> problems = new ArrayList<>();
        RewardItem item = form.toItem(0, brand.id(), zone(brand), problems);
        try {
            if (problems.isEmpty()) {
                rewards.create(caller, item);
                redirect.addFlashAttribute("notice", "rewards.added");
                return "redirect:/loyalty/" + brand.id() + "/rewards";
            }
            problems.addAll(checks(caller, item, problems));
        } catch (ReservoirException refused) {
            if (!Refusals.isForTheForm(refused)) {
                throw refused;
            }
            problems.add(refused);
        }
        model.addAttribute("problems", refusals.problems("rewards", ReservoirException.invalid(problems), locale));
        catalog(caller, brand, model);
        return "console/rewards";
    }

    @GetMapping("/loyalty/{brandId}/rewards/{itemId}")
    String edit(Caller caller, @PathVariable long brandId, @PathVariable long itemId, Model model) {
        Brand brand = brands.get(caller, brandId);
        RewardItem item = item(caller, brand, itemId);
        model.addAttribute("brand", brand);
        model.addAttribute("item", item);
        RewardForm form = RewardForm.of(item, zone(brand));
        model.addAttribute("form", form);
        model.addAttribute("stockShown", form.stock());
        return "console/reward";
    }

    /** Saves an edit of name, price, stock, limit and validity (kind and tier stay as they were). */
    @PostMapping("/loyalty/{brandId}/rewards/{itemId}")
    String save(
            Caller caller,
            @PathVariable long brandId,
            @PathVariable long itemId,
            @ModelAttribute("form") RewardForm form,
            @RequestParam(required = false) String stockShown,
            Locale locale,
            Model model,
            RedirectAttributes redirect) {
        Brand brand = brands.get(caller, brandId);
        RewardItem before = item(caller, brand, itemId);
        List<ReservoirException> problems = new ArrayList<>();
        // A stock left as the page showed it keeps what is left now: redemptions made since the
        // page was opened are not undone.
        boolean stockUntouched = stockShown != null
                && stockShown
                        .strip()
                        .equals(form.stock() == null ? "" : form.stock().strip());
        String stock = stockUntouched && before.stock() != null ? before.stock().toString() : form.stock();
        RewardForm typed = new RewardForm(
                form.name(),
                before.kind(),
                form.pointsPrice(),
                stock,
                form.perMemberLimit(),
                form.validFrom(),
                form.validThrough(),
                before.minTier());
        RewardItem item = typed.toItem(itemId, brand.id(), zone(brand), problems);
        try {
            if (problems.isEmpty()) {
                rewards.update(
                        caller,
                        itemId,
                        new Rewards.Change(
                                item.name(),
                                item.pointsPrice(),
                                item.stock(),
                                item.perMemberLimit(),
                                item.validFrom(),
                                item.validUntil()));
                redirect.addFlashAttribute("notice", "rewards.updated");
                return "redirect:/loyalty/" + brand.id() + "/rewards";
            }
            problems.addAll(checks(caller, item, problems));
        } catch (ReservoirException refused) {
            if (!Refusals.isForTheForm(refused)) {
                throw refused;
            }
            problems.add(refused);
        }
        model.addAttribute("brand", brand);
        model.addAttribute("item", before);
        model.addAttribute("form", typed);
        model.addAttribute("stockShown", stockShown);
        model.addAttribute("problems", refusals.problems("rewards", ReservoirException.invalid(problems), locale));
        return "console/reward";
    }

    /** Disables an item (not redeemable, not offered to members; its history stays) or enables it. */
    @PostMapping("/loyalty/{brandId}/rewards/{itemId}/disabled")
    String setDisabled(
            Caller caller,
            @PathVariable long brandId,
            @PathVariable long itemId,
            @RequestParam boolean disabled,
            RedirectAttributes redirect) {
        Brand brand = brands.get(caller, brandId);
        rewards.setDisabled(caller, item(caller, brand, itemId).id(), disabled);
        redirect.addFlashAttribute("notice", disabled ? "rewards.disabledNotice" : "rewards.enabledNotice");
        return "redirect:/loyalty/" + brand.id() + "/rewards";
    }

    @PostMapping("/loyalty/{brandId}/rewards/{itemId}/stock")
    String restock(
            Caller caller,
            @PathVariable long brandId,
            @PathVariable long itemId,
            @RequestParam String add,
            Locale locale,
            RedirectAttributes redirect) {
        long brand = brands.get(caller, brandId).id();
        try {
            rewards.addStock(caller, itemId, wholeInt("add", add));
            redirect.addFlashAttribute("notice", "rewards.restocked");
        } catch (ReservoirException refused) {
            if (!Refusals.isForTheForm(refused)) {
                throw refused;
            }
            redirect.addFlashAttribute("problems", refusals.problems("rewards", refused, locale));
        }
        return "redirect:/loyalty/" + brand + "/rewards";
    }

    /** The catalog's checks of the fields that parsed (the others hold stand-ins). */
    private List<ReservoirException> checks(Caller caller, RewardItem item, List<ReservoirException> unparsed) {
        List<String> failed = RewardForm.fields(unparsed);
        return rewards.problems(caller, item).stream()
                .filter(p -> !failed.contains(p.field()))
                .toList();
    }

    private void catalog(Caller caller, Brand brand, Model model) {
        model.addAttribute("brand", brand);
        model.addAttribute("zone", zone(brand));
        model.addAttribute("items", rewards.catalog(caller.workspaceId(), brand.id()));
        model.addAttribute("redeemed", rewards.redeemed(caller.workspaceId(), brand.id()));
        model.addAttribute("kinds", Rewards.KINDS.stream().sorted().toList());
        List<LoyaltyProgram.Tier> tiers = programs.find(caller.workspaceId(), brand.id())
                .map(p -> p.tiers().levels())
                .orElse(List.of());
        model.addAttribute("tiers", tiers);
        // the catalog names an item's lowest tier by its name, as the program does
        model.addAttribute(
                "tierNames",
                tiers.stream().collect(Collectors.toMap(LoyaltyProgram.Tier::code, LoyaltyProgram.Tier::name)));
    }

    private RewardItem item(Caller caller, Brand brand, long itemId) {
        return rewards.catalog(caller.workspaceId(), brand.id()).stream()
                .filter(i -> i.id() == itemId)
                .findFirst()
                .orElseThrow(() -> ReservoirException.notFound("reward item", itemId));
    }

    private static ZoneId zone(Brand brand) {
        return ZoneId.of(brand.timeZone());
    }
}
