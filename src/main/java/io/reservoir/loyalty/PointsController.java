package io.reservoir.loyalty;

import io.reservoir.identity.CustomerRef;
import io.reservoir.identity.Customers;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A member's points with a brand: balance and lots, history, and the changes an integration or an
 * operator makes by hand (earn for an outside cause, spend, adjust). Every change names its
 * idempotency {@code key}; sending it again changes nothing.
 */
@RestController
@RequestMapping("/api/v1/loyalty/accounts/{customerId}")
class PointsController {

    static final int MAX_PAGE = 200;

    private final PointsLedger ledger;
    private final Customers customers;
    private final Brands brands;

    PointsController(PointsLedger ledger, Customers customers, Brands brands) {
        this.ledger = ledger;
        this.customers = customers;
        this.brands = brands;
    }

    record Change(Long brand, Long points, String key, String reason, Instant expiresAt) {}

    record History(List<PointsEntry> items, Long next) {}

    @GetMapping
    PointsAccount account(Caller caller, @PathVariable String customerId, @RequestParam long brand) {
        return ledger.account(
                caller.workspaceId(),
                brand(caller, brand),
                member(caller, customerId).customerNo());
    }

    @GetMapping("/entries")
    History entries(
            Caller caller,
            @PathVariable String customerId,
            @RequestParam long brand,
            @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ReservoirException.invalid("limit", "must be between 1 and " + MAX_PAGE);
        }
        List<PointsEntry> items = ledger.entries(
                caller.workspaceId(),
                brand(caller, brand),
                member(caller, customerId).customerNo(),
                before,
                limit);
        return new History(items, items.size() == limit ? items.get(limit - 1).id() : null);
    }

    @PostMapping("/earn")
    PointsChange earn(Caller caller, @PathVariable String customerId, @RequestBody Change body) {
        caller.require(Role.OPERATOR);
        return ledger.earn(
                caller.workspaceId(),
                brand(caller, required("brand", body.brand())),
                member(caller, customerId).customerNo(),
                required("points", body.points()),
                body.key(),
                body.expiresAt(),
                body.reason());
    }

    @PostMapping("/spend")
    PointsChange spend(Caller caller, @PathVariable String customerId, @RequestBody Change body) {
        caller.require(Role.OPERATOR);
        return ledger.spend(
                caller.workspaceId(),
                brand(caller, required("brand", body.brand())),
                member(caller, customerId).customerNo(),
                required("points", body.points()),
                body.key(),
                body.reason());
    }

    /** A manual correction with its reason; audited. */
    @PostMapping("/adjustments")
    PointsChange adjust(Caller caller, @PathVariable String customerId, @RequestBody Change body) {
        return ledger.adjust(
                caller,
                customerId,
                brand(caller, required("brand", body.brand())),
                member(caller, customerId).customerNo(),
                required("points", body.points()),
                body.key(),
                body.reason());
    }

    private CustomerRef member(Caller caller, String customerId) {
        return activeMember(customers, caller, customerId);
    }

    /** The member's profile; a merged or erased profile is refused, naming the one to use. */
    static CustomerRef activeMember(Customers customers, Caller caller, String customerId) {
        CustomerRef ref = customers.get(caller, customerId);
        if (!ref.active()) {
            String instead = ref.mergedInto() == null ? "" : "; use " + ref.mergedInto();
            throw ReservoirException.conflict("customerId", "customer " + customerId + " is " + ref.status() + instead);
        }
        return ref;
    }

    private long brand(Caller caller, long brandId) {
        return brands.get(caller, brandId).id();
    }

    private static <T> T required(String field, T value) {
        if (value == null) {
            throw ReservoirException.invalid(field, "is required");
        }
        return value;
    }
}
