package io.reservoir.loyalty;

import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import java.math.BigDecimal;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/loyalty/programs/{brandId}}: a brand's program: earning, expiry, joining, tiers and action rewards. */
@RestController
@RequestMapping("/api/v1/loyalty/programs/{brandId}")
class ProgramController {

    private final LoyaltyPrograms programs;
    private final Brands brands;

    ProgramController(LoyaltyPrograms programs, Brands brands) {
        this.programs = programs;
        this.brands = brands;
    }

    record Settings(
            Integer pointsPerYuan,
            String expiry,
            Boolean allowDebt,
            BigDecimal birthdayMultiplier,
            LoyaltyProgram.Joining joining,
            LoyaltyProgram.Tiers tiers,
            Map<String, LoyaltyProgram.ActionRule> actions) {}

    @GetMapping
    LoyaltyProgram get(Caller caller, @PathVariable long brandId) {
        long brand = brands.get(caller, brandId).id();
        return programs.find(caller.workspaceId(), brand)
                .orElseThrow(() -> ReservoirException.notFound("loyalty program of brand", brandId));
    }

    @PutMapping
    LoyaltyProgram put(Caller caller, @PathVariable long brandId, @RequestBody Settings body) {
        long brand = brands.get(caller, brandId).id();
        if (body.pointsPerYuan() == null) {
            throw ReservoirException.invalid("pointsPerYuan", "is required");
        }
        return programs.put(
                caller,
                new LoyaltyProgram(
                        brand,
                        body.pointsPerYuan(),
                        body.expiry() == null ? null : LoyaltyProgram.Expiry.parse("expiry", body.expiry()),
                        Boolean.TRUE.equals(body.allowDebt()),
                        body.birthdayMultiplier(),
                        body.joining(),
                        body.tiers(),
                        body.actions()));
    }
}
