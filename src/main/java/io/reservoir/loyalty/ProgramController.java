package io.reservoir.loyalty;

import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/loyalty/programs/{brandId}}: a brand's earning rate and expiry rule. */
@RestController
@RequestMapping("/api/v1/loyalty/programs/{brandId}")
class ProgramController {

    private final LoyaltyPrograms programs;
    private final Brands brands;

    ProgramController(LoyaltyPrograms programs, Brands brands) {
        this.programs = programs;
        this.brands = brands;
    }

    record Settings(Integer pointsPerYuan, String expiry) {}

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
                        brand, body.pointsPerYuan(), body.expiry() == null ? "end_of_next_year" : body.expiry()));
    }
}
