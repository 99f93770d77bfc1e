package io.reservoir.console;

import io.reservoir.identity.CustomerRef;
import io.reservoir.identity.Customers;
import io.reservoir.loyalty.JointProgram;
import io.reservoir.loyalty.JointPrograms;
import io.reservoir.loyalty.LoyaltyProgram;
import io.reservoir.loyalty.LoyaltyPrograms;
import io.reservoir.loyalty.Member;
import io.reservoir.loyalty.Memberships;
import io.reservoir.loyalty.PointsLedger;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A brand's loyalty program at a glance (tier distribution, members with tier and points, joint
 * programs) and one member's ledger: balance, open lots, entries, tier history, and a manual
 * adjustment.
 */
@ConsolePage
class LoyaltyPage {

    static final int MEMBERS_PAGE = 25;
    static final int ENTRIES_PAGE = 30;

    private final Brands brands;
    private final LoyaltyPrograms programs;
    private final Memberships memberships;
    private final PointsLedger ledger;
    private final JointPrograms joint;
    private final Customers customers;

    LoyaltyPage(
            Brands brands,
            LoyaltyPrograms programs,
            Memberships memberships,
            PointsLedger ledger,
            JointPrograms joint,
            Customers customers) {
        this.brands = brands;
        this.programs = programs;
        this.memberships = memberships;
        this.ledger = ledger;
        this.joint = joint;
        this.customers = customers;
    }

    /** A row of the member list. */
    record MemberRow(String customerId, Member member, String tierName, long points) {}

    /** A joint program with what each of its brands gained from the others. */
    record JointRow(JointProgram program, Map<Long, String> brandNames, List<JointPrograms.Gain> gains) {}

    @GetMapping("/loyalty")
    String firstBrand(Caller caller) {
        List<Brand> list = brands.list(caller);
        return list.isEmpty()
                ? "redirect:/"
                : "redirect:/loyalty/" + list.get(0).id();
    }

    @GetMapping("/loyalty/{brandId}")
    String overview(
            Caller caller, @PathVariable long brandId, @RequestParam(required = false) String tier, Model model) {
        Brand brand = brand(caller, brandId, model);
        Optional<LoyaltyProgram> program = programs.find(caller.workspaceId(), brand.id());
        model.addAttribute("program", program.orElse(null));
        program.ifPresent(p -> {
            Map<String, Long> distribution = memberships.distribution(caller.workspaceId(), p);
            model.addAttribute(
                    "tierLabels",
                    distribution.keySet().stream()
                            .map(code -> tierName(p, code))
                            .toList());
            model.addAttribute("tierCounts", distribution.values());
            model.addAttribute(
                    "memberTotal",
                    distribution.values().stream().mapToLong(Long::longValue).sum());
        });
        model.addAttribute("tier", tier == null || tier.isBlank() ? null : tier);
        model.addAttribute("tierName", program.map(p -> tierName(p, tier)).orElse(tier));
        members(caller, brand.id(), program, model.getAttribute("tier") == null ? null : tier, null, model);
        model.addAttribute("joint", jointRows(caller, brand.id()));
        return "console/loyalty";
    }

    @GetMapping("/loyalty/{brandId}/members")
    String moreMembers(
            Caller caller,
            @PathVariable long brandId,
            @RequestParam(required = false) String tier,
            @RequestParam int before,
            Model model) {
        Brand brand = brand(caller, brandId, model);
        members(caller, brand.id(), programs.find(caller.workspaceId(), brand.id()), tier, before, model);
        return "console/loyalty :: members";
    }

    @GetMapping("/loyalty/{brandId}/members/{customerId}")
    String member(
            Caller caller,
            @PathVariable long brandId,
            @PathVariable String customerId,
            @RequestParam(required = false) Long before,
            Model model) {
        Brand brand = brand(caller, brandId, model);
        CustomerRef ref = customers.get(caller, customerId);
        model.addAttribute("customerId", ref.id());
        model.addAttribute(
                "entries", ledger.entries(caller.workspaceId(), brand.id(), ref.customerNo(), before, ENTRIES_PAGE));
        model.addAttribute("entryPage", ENTRIES_PAGE);
        if (before != null) {
            return "console/loyalty-member :: entries";
        }
        Optional<LoyaltyProgram> program = programs.find(caller.workspaceId(), brand.id());
        model.addAttribute("customer", ref);
        model.addAttribute("account", ledger.account(caller.workspaceId(), brand.id(), ref.customerNo()));
        Optional<Member> member = memberships.find(caller.workspaceId(), brand.id(), ref.customerNo());
        model.addAttribute("member", member.orElse(null));
        model.addAttribute(
                "tierName",
                member.map(m -> program.map(p -> tierName(p, m.tierCode())).orElse(m.tierCode()))
                        .orElse(null));
        model.addAttribute("tierHistory", memberships.history(caller.workspaceId(), brand.id(), ref.customerNo()));
        // tier history names tiers by code and measures in the basis' unit (fen for net spend)
        Map<String, String> tierNames = new HashMap<>();
        program.ifPresent(p -> p.tiers().levels().forEach(t -> tierNames.put(t.code(), t.name())));
        model.addAttribute("tierNames", tierNames);
        model.addAttribute("basis", program.map(p -> p.tiers().basis().id()).orElse(null));
        model.addAttribute("adjustKey", "console-" + UUID.randomUUID());
        return "console/loyalty-member";
    }

    /** The key comes with the form, so submitting it twice adjusts once. */
    @PostMapping("/loyalty/{brandId}/members/{customerId}/adjust")
    String adjust(
            Caller caller,
            @PathVariable long brandId,
            @PathVariable String customerId,
            @RequestParam String points,
            @RequestParam String reason,
            @RequestParam String key,
            RedirectAttributes redirect) {
        long brand = brands.get(caller, brandId).id();
        return UsersPage.Outcome.of(redirect, "/loyalty/" + brand + "/members/" + customerId, () -> {
            CustomerRef ref = customers.get(caller, customerId);
            if (!ref.active()) {
                throw ReservoirException.conflict("customerId", "customer " + customerId + " is " + ref.status());
            }
            ledger.adjust(
                    caller, ref.id(), brand, ref.customerNo(), ConsoleForms.wholeNumber("points", points), key, reason);
            return "loyalty.adjusted";
        });
    }

    private Brand brand(Caller caller, long brandId, Model model) {
        Brand brand = brands.get(caller, brandId);
        model.addAttribute("brand", brand);
        model.addAttribute("brands", brands.list(caller));
        model.addAttribute("zone", ZoneId.of(brand.timeZone()));
        return brand;
    }

    private void members(
            Caller caller, long brandId, Optional<LoyaltyProgram> program, String tier, Integer before, Model model) {
        List<Member> page = memberships.page(caller.workspaceId(), brandId, tier, before, MEMBERS_PAGE);
        List<Integer> nos = page.stream().map(Member::customerNo).toList();
        Map<Integer, String> ids = customers.publicIds(caller.workspaceId(), nos);
        Map<Integer, Long> points = ledger.balances(caller.workspaceId(), brandId, nos);
        model.addAttribute(
                "members",
                page.stream()
                        .map(m -> new MemberRow(
                                ids.get(m.customerNo()),
                                m,
                                program.map(p -> tierName(p, m.tierCode())).orElse(m.tierCode()),
                                points.get(m.customerNo())))
                        .toList());
        model.addAttribute(
                "nextMembers",
                page.size() == MEMBERS_PAGE ? page.get(MEMBERS_PAGE - 1).customerNo() : null);
    }

    private List<JointRow> jointRows(Caller caller, long brandId) {
        Map<Long, String> names = new HashMap<>();
        brands.list(caller).forEach(b -> names.put(b.id(), b.name()));
        return joint.list(caller.workspaceId()).stream()
                .filter(p -> p.brandIds().contains(brandId))
                .map(p -> new JointRow(p, names, joint.report(caller.workspaceId(), p.id())))
                .toList();
    }

    /** The tier's display name; a code the program no longer has shows as the code. */
    static String tierName(LoyaltyProgram program, String code) {
        if (code == null || code.equals("null")) {
            return "—";
        }
        return program.tiers().levels().stream()
                .filter(t -> t.code().equals(code))
                .map(LoyaltyProgram.Tier::name)
                .findFirst()
                .orElse(code);
    }
}
