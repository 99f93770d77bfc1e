package io.reservoir.support;

import io.reservoir.ingest.simulator.SimulationSettings;
import io.reservoir.ingest.simulator.SimulationSummary;
import io.reservoir.ingest.simulator.Simulator;
import io.reservoir.support.Tenants.Tenant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A simulated brand as a test fixture: members, orders, refunds, referrals and relations written
 * into a tenant's workspace through the intake, the same for every run of the same size.
 */
@Component
public class DemoBrand {

    /** Covers the run-up to Double 11 and the festival itself: August 1 to November 28, 2025. */
    public static final LocalDate START = LocalDate.of(2025, 8, 1);

    public static final int DAYS = 120;
    public static final long SEED = 20250801L;

    private final Simulator simulator;

    DemoBrand(Simulator simulator) {
        this.simulator = simulator;
    }

    /** {@code members} members of the tenant's brand over {@link #DAYS} days from {@link #START}. */
    public SimulationSummary simulate(Tenant tenant, int members) {
        return simulate(tenant, settings(tenant, members));
    }

    public SimulationSummary simulate(Tenant tenant, SimulationSettings settings) {
        return simulator.run(tenant.workspace().id(), settings, null);
    }

    /** The fixture's settings, to vary one of them. */
    public static SimulationSettings settings(Tenant tenant, int members) {
        return new SimulationSettings(
                members, DAYS, SEED, START, List.of(tenant.brand().name()));
    }
}
