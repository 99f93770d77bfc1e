package io.reservoir.loyalty;

import io.reservoir.identity.Customers;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Members for the operations team: a brand's members by tier, the tier distribution, a member's
 * tier history, and joint programs with their report.
 */
@RestController
class MembersController {

    private final Memberships memberships;
    private final LoyaltyPrograms programs;
    private final JointPrograms joint;
    private final Customers customers;
    private final Brands brands;

    MembersController(
            Memberships memberships,
            LoyaltyPrograms programs,
            JointPrograms joint,
            Customers customers,
            Brands brands) {
        this.memberships = memberships;
        this.programs = programs;
        this.joint = joint;
        this.customers = customers;
        this.brands = brands;
    }

    record MemberRow(String customerId, Member member) {}

    record MemberPage(List<MemberRow> items, Integer next) {}

    record Distribution(long brand, LoyaltyProgram.TierBasis basis, Map<String, Long> members) {}

    record NewJointProgram(String name, List<Long> brands) {}

    record JointReport(JointProgram program, List<JointPrograms.Gain> gains) {}

    @GetMapping("/api/v1/loyalty/programs/{brandId}/members")
    MemberPage members(
            Caller caller,
            @PathVariable long brandId,
            @RequestParam(required = false) String tier,
            @RequestParam(required = false) Integer before,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > PointsController.MAX_PAGE) {
            throw ReservoirException.invalid("limit", "must be between 1 and " + PointsController.MAX_PAGE);
        }
        long brand = brands.get(caller, brandId).id();
        List<Member> page = memberships.page(caller.workspaceId(), brand, tier, before, limit);
        Map<Integer, String> ids = customers.publicIds(
                caller.workspaceId(), page.stream().map(Member::customerNo).toList());
        return new MemberPage(
                page.stream()
                        .map(m -> new MemberRow(ids.get(m.customerNo()), m))
                        .toList(),
                page.size() == limit ? page.get(limit - 1).customerNo() : null);
    }

    @GetMapping("/api/v1/loyalty/programs/{brandId}/tiers")
    Distribution tiers(Caller caller, @PathVariable long brandId) {
        long brand = brands.get(caller, brandId).id();
        LoyaltyProgram program = programs.find(caller.workspaceId(), brand)
                .orElseThrow(() -> ReservoirException.notFound("loyalty program of brand", brandId));
        return new Distribution(
                brand, program.tiers().basis(), memberships.distribution(caller.workspaceId(), program));
    }

    @GetMapping("/api/v1/loyalty/programs/{brandId}/members/{customerId}/tier-history")
    List<TierChange> history(Caller caller, @PathVariable long brandId, @PathVariable String customerId) {
        long brand = brands.get(caller, brandId).id();
        int no = PointsController.activeMember(customers, caller, customerId).customerNo();
        return memberships.history(caller.workspaceId(), brand, no);
    }

    @PostMapping("/api/v1/loyalty/joint-programs")
    JointProgram createJoint(Caller caller, @RequestBody NewJointProgram body) {
        return joint.create(caller, body.name(), body.brands());
    }

    @GetMapping("/api/v1/loyalty/joint-programs")
    List<JointProgram> joints(Caller caller) {
        return joint.list(caller.workspaceId());
    }

    @GetMapping("/api/v1/loyalty/joint-programs/{id}/report")
    JointReport report(Caller caller, @PathVariable long id) {
        JointProgram program =
                joint.get(caller.workspaceId(), id).orElseThrow(() -> ReservoirException.notFound("joint program", id));
        return new JointReport(program, joint.report(caller.workspaceId(), id));
    }
}
