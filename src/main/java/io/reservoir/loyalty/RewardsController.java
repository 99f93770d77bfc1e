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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The redemption catalog and redeeming: {@code /api/v1/loyalty/rewards}, {@code …/redemptions}. */
@RestController
class RewardsController {

    private final Rewards rewards;
    private final Customers customers;
    private final Brands brands;

    RewardsController(Rewards rewards, Customers customers, Brands brands) {
        this.rewards = rewards;
        this.customers = customers;
        this.brands = brands;
    }

    record NewItem(
            Long brand,
            String name,
            String kind,
            Long pointsPrice,
            Integer stock,
            Integer perMemberLimit,
            Instant validFrom,
            Instant validUntil,
            String minTier) {}

    record StockChange(Integer add) {}

    /** An edit: every field given, a left-out stock or limit meaning unlimited. */
    record EditedItem(
            String name,
            Long pointsPrice,
            Integer stock,
            Integer perMemberLimit,
            Instant validFrom,
            Instant validUntil) {}

    record Redeem(Long item, Integer quantity, String key) {}

    record Catalog(List<RewardItem> items) {}

    @PostMapping("/api/v1/loyalty/rewards")
    RewardItem create(Caller caller, @RequestBody NewItem body) {
        if (body.brand() == null) {
            throw ReservoirException.invalid("brand", "is required");
        }
        if (body.pointsPrice() == null) {
            throw ReservoirException.invalid("pointsPrice", "is required");
        }
        long brand = brands.get(caller, body.brand()).id();
        return rewards.create(
                caller,
                new RewardItem(
                        0,
                        brand,
                        body.name(),
                        body.kind(),
                        body.pointsPrice(),
                        body.stock(),
                        body.perMemberLimit(),
                        body.validFrom(),
                        body.validUntil(),
                        body.minTier()));
    }

    @PostMapping("/api/v1/loyalty/rewards/{id}/stock")
    RewardItem addStock(Caller caller, @PathVariable long id, @RequestBody StockChange body) {
        if (body.add() == null) {
            throw ReservoirException.invalid("add", "is required");
        }
        return rewards.addStock(caller, id, body.add());
    }

    /** Sets name, price, stock, limit and validity; all wrong fields are refused together. */
    @PutMapping("/api/v1/loyalty/rewards/{id}")
    RewardItem update(Caller caller, @PathVariable long id, @RequestBody EditedItem body) {
        return rewards.update(
                caller,
                id,
                new Rewards.Change(
                        body.name(),
                        body.pointsPrice(),
                        body.stock(),
                        body.perMemberLimit(),
                        body.validFrom(),
                        body.validUntil()));
    }

    /** Takes an item out of the offer: not redeemable, not shown to members; its history stays. */
    @PostMapping("/api/v1/loyalty/rewards/{id}/disable")
    RewardItem disable(Caller caller, @PathVariable long id) {
        return rewards.setDisabled(caller, id, true);
    }

    @PostMapping("/api/v1/loyalty/rewards/{id}/enable")
    RewardItem enable(Caller caller, @PathVariable long id) {
        return rewards.setDisabled(caller, id, false);
    }

    @GetMapping("/api/v1/loyalty/rewards")
    Catalog catalog(Caller caller, @RequestParam long brand) {
        return new Catalog(
                rewards.catalog(caller.workspaceId(), brands.get(caller, brand).id()));
    }

    @PostMapping("/api/v1/loyalty/accounts/{customerId}/redemptions")
    Redemption redeem(Caller caller, @PathVariable String customerId, @RequestBody Redeem body) {
        caller.require(Role.OPERATOR);
        if (body.item() == null) {
            throw ReservoirException.invalid("item", "is required");
        }
        CustomerRef member = PointsController.activeMember(customers, caller, customerId);
        return rewards.redeem(
                caller.workspaceId(),
                body.item(),
                member.customerNo(),
                body.quantity() == null ? 1 : body.quantity(),
                body.key());
    }
}
