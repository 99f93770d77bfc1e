package io.reservoir.loyalty;

import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.stereotype.Component;

/** A brand's time zone: days, months and years of the program (caps, birthdays, expiry) are the brand's. */
@Component
class BrandClock {

    private final Brands brands;

    BrandClock(Brands brands) {
        this.brands = brands;
    }

    /** The brand's phone region: how numbers written without country code are read. */
    String phoneRegion(long workspaceId, long brandId) {
        return brands.get(Caller.system(workspaceId), brandId).phoneRegion();
    }

    ZoneId zone(long workspaceId, long brandId) {
        return ZoneId.of(brands.get(Caller.system(workspaceId), brandId).timeZone());
    }

    LocalDate day(long workspaceId, long brandId, Instant at) {
        return at.atZone(zone(workspaceId, brandId)).toLocalDate();
    }
}
