package io.reservoir.platform.api;

import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/brands")
class BrandController {

    private final Brands brands;

    BrandController(Brands brands) {
        this.brands = brands;
    }

    record NewBrand(@NotBlank String name, String timeZone, String currency, String phoneRegion) {
        Brands.Settings settings() {
            return new Brands.Settings(name, timeZone, currency, phoneRegion);
        }
    }

    record BrandChanges(String name, String timeZone, String currency, String phoneRegion) {
        Brands.Settings settings() {
            return new Brands.Settings(name, timeZone, currency, phoneRegion);
        }
    }

    @GetMapping
    Page<Brand> list(Caller caller) {
        return Page.of(brands.list(caller));
    }

    @GetMapping("/{id}")
    Brand get(Caller caller, @PathVariable long id) {
        return brands.get(caller, id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Brand create(Caller caller, @Valid @RequestBody NewBrand body) {
        return brands.create(caller, body.settings());
    }

    @PatchMapping("/{id}")
    Brand update(Caller caller, @PathVariable long id, @RequestBody BrandChanges body) {
        return brands.update(caller, id, body.settings());
    }
}
