package io.reservoir.loyalty;

import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.MemberPass;
import io.reservoir.platform.tenancy.MemberPasses;
import io.reservoir.platform.tenancy.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/member-center/brands/{brandId}/…}: the member center for a mini-program or
 * storefront. The brand's backend joins members and issues each a token with the management key;
 * the member's client then calls with {@code Authorization: Bearer rmp_…} and may name itself
 * {@code me}. A token reaches only its own brand and member: anything else is not found.
 */
@RestController
@RequestMapping("/api/v1/member-center/brands/{brandId}")
class MemberCenterController {

    static final long DEFAULT_PASS_SECONDS = Duration.ofDays(7).toSeconds();

    private final MemberCenter center;
    private final MemberPasses passes;
    private final Brands brands;

    MemberCenterController(MemberCenter center, MemberPasses passes, Brands brands) {
        this.center = center;
        this.passes = passes;
        this.brands = brands;
    }

    record Joined(MemberCenter.Profile member, String token, Instant tokenExpiresAt) {}

    record PassRequest(Long ttlSeconds) {}

    record Pass(String token, Instant expiresAt) {}

    record Catalog(List<MemberCenter.Offer> items) {}

    record RedeemRequest(Long item, Integer quantity, String key) {}

    record CheckInRequest(String channel) {}

    record Empty(List<Object> items, String note) {}

    @PostMapping("/members")
    @ResponseStatus(HttpStatus.CREATED)
    Joined join(
            Caller caller, MemberPass pass, @PathVariable long brandId, @RequestBody MemberCenter.JoinRequest body) {
        long ws = staff(caller, pass);
        long brand = brands.get(caller, brandId).id();
        MemberCenter.Membership m = center.join(ws, brand, body);
        Pass issued = issue(ws, brand, m.customer().id(), DEFAULT_PASS_SECONDS);
        return new Joined(center.profile(m), issued.token(), issued.expiresAt());
    }

    @PostMapping("/members/{customerId}/passes")
    Pass pass(
            Caller caller,
            MemberPass pass,
            @PathVariable long brandId,
            @PathVariable String customerId,
            @RequestBody(required = false) PassRequest body) {
        long ws = staff(caller, pass);
        MemberCenter.Membership m =
                center.membership(ws, brands.get(caller, brandId).id(), customerId);
        long ttl = body == null || body.ttlSeconds() == null ? DEFAULT_PASS_SECONDS : body.ttlSeconds();
        return issue(ws, m.member().brandId(), m.customer().id(), ttl);
    }

    @GetMapping("/members/{customerId}")
    MemberCenter.Profile profile(
            Caller caller, MemberPass pass, @PathVariable long brandId, @PathVariable String customerId) {
        return center.profile(member(caller, pass, brandId, customerId));
    }

    @GetMapping("/members/{customerId}/points")
    MemberCenter.Points points(
            Caller caller,
            MemberPass pass,
            @PathVariable long brandId,
            @PathVariable String customerId,
            @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > PointsController.MAX_PAGE) {
            throw ReservoirException.invalid("limit", "must be between 1 and " + PointsController.MAX_PAGE);
        }
        return center.points(member(caller, pass, brandId, customerId), before, limit);
    }

    @GetMapping("/members/{customerId}/tier-history")
    List<TierChange> tierHistory(
            Caller caller, MemberPass pass, @PathVariable long brandId, @PathVariable String customerId) {
        MemberCenter.Membership m = member(caller, pass, brandId, customerId);
        return center.tierHistory(m);
    }

    @GetMapping("/members/{customerId}/catalog")
    Catalog catalog(Caller caller, MemberPass pass, @PathVariable long brandId, @PathVariable String customerId) {
        return new Catalog(center.catalog(member(caller, pass, brandId, customerId)));
    }

    @PostMapping("/members/{customerId}/redemptions")
    Redemption redeem(
            Caller caller,
            MemberPass pass,
            @PathVariable long brandId,
            @PathVariable String customerId,
            @RequestBody RedeemRequest body) {
        if (body.item() == null) {
            throw ReservoirException.invalid("item", "is required");
        }
        return center.redeem(
                member(caller, pass, brandId, customerId),
                body.item(),
                body.quantity() == null ? 1 : body.quantity(),
                body.key());
    }

    @PostMapping("/members/{customerId}/check-ins")
    MemberCenter.CheckIn checkIn(
            Caller caller,
            MemberPass pass,
            @PathVariable long brandId,
            @PathVariable String customerId,
            @RequestBody(required = false) CheckInRequest body) {
        String channel = body == null || body.channel() == null ? "wechat_miniprogram" : body.channel();
        return center.checkIn(member(caller, pass, brandId, customerId), channel);
    }

    /** Coupons and entry tickets are issued by the offers module; until it runs, there are none. */
    @GetMapping("/members/{customerId}/coupons")
    Empty coupons(Caller caller, MemberPass pass, @PathVariable long brandId, @PathVariable String customerId) {
        member(caller, pass, brandId, customerId);
        return new Empty(List.of(), "coupons are issued by the offers module");
    }

    @GetMapping("/members/{customerId}/tickets")
    Empty tickets(Caller caller, MemberPass pass, @PathVariable long brandId, @PathVariable String customerId) {
        member(caller, pass, brandId, customerId);
        return new Empty(List.of(), "entry tickets are issued by the offers module");
    }

    private MemberCenter.Membership member(Caller caller, MemberPass pass, long brandId, String customerId) {
        if (pass != null) {
            boolean own =
                    pass.brandId() == brandId && (customerId.equals("me") || customerId.equals(pass.customerId()));
            if (!own) {
                throw ReservoirException.notFound("member", customerId);
            }
            return center.membership(pass.workspaceId(), brandId, pass.customerId());
        }
        caller.require(Role.OPERATOR);
        return center.membership(
                caller.workspaceId(), brands.get(caller, brandId).id(), customerId);
    }

    /** Joining and issuing tokens are for the brand's backend (management key), not for members. */
    private static long staff(Caller caller, MemberPass pass) {
        if (pass != null || caller == null) {
            throw ReservoirException.forbidden("only the brand's backend (management key) may do this");
        }
        caller.require(Role.OPERATOR);
        return caller.workspaceId();
    }

    private Pass issue(long ws, long brand, String customerId, long ttlSeconds) {
        String token = passes.issue(ws, brand, customerId, Duration.ofSeconds(Math.max(0, ttlSeconds)));
        return new Pass(token, passes.verify(token).orElseThrow().expiresAt());
    }
}
