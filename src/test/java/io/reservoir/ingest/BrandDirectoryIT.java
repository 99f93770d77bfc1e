package io.reservoir.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A brand's settings changed on another node reach this node's intake within a short while. */
@ReservoirIT
class BrandDirectoryIT {

    @Autowired
    Tenants tenants;

    @Autowired
    BrandDirectory directory;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Clock clock;

    @Test
    void aChangeMadeElsewhereIsReadOnceTheCachedListIsStale() {
        Tenant tenant = tenants.aWorkspace();
        long ws = tenant.workspace().id();
        Instant now = clock.instant();
        assertThat(directory.brand(ws, "context.brand", null, now).phoneRegion())
                .isEqualTo("CN");

        // another node's update: no event reaches this one
        jdbc.update(
                "update brand set phone_region = 'GB', currency = 'GBP' where id = ?",
                tenant.brand().id());

        assertThat(directory
                        .brand(ws, "context.brand", null, now.plusSeconds(1))
                        .phoneRegion())
                .as("still fresh")
                .isEqualTo("CN");
        var later = directory.brand(ws, "context.brand", null, now.plus(BrandDirectory.FRESH_FOR));
        assertThat(later.phoneRegion()).isEqualTo("GB");
        assertThat(later.currency()).isEqualTo("GBP");
    }
}
