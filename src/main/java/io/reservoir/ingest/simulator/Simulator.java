package io.reservoir.ingest.simulator;

import io.reservoir.ingest.BrandSimulating;
import io.reservoir.ingest.Intake;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Workspace;
import io.reservoir.platform.tenancy.Workspaces;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Feeds a {@link BrandSimulation} into a workspace through {@link Intake}, in batches of
 * {@value #BATCH} messages, one batch at a time so that every order is committed before its refund.
 * The same settings give the same messages, so a re-run changes nothing.
 */
@Service
public class Simulator {

    static final int BATCH = 500;
    private static final Duration REPORT_EVERY = Duration.ofSeconds(2);
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private final Intake intake;
    private final Workspaces workspaces;
    private final Brands brands;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Simulator(Intake intake, Workspaces workspaces, Brands brands, Clock clock, ApplicationEventPublisher events) {
        this.intake = intake;
        this.workspaces = workspaces;
        this.brands = brands;
        this.clock = clock;
        this.events = events;
    }

    /**
     * The workspace created on the first start.
     *
     * @throws IllegalStateException before the first start completed
     */
    public long defaultWorkspace() {
        return workspaces
                .oldest()
                .map(Workspace::id)
                .orElseThrow(() -> new IllegalStateException("there is no workspace yet"));
    }

    /** The first day of a period of {@code days} days that ends yesterday (Beijing time): the default period. */
    public LocalDate startEndingYesterday(int days) {
        return LocalDate.now(clock.withZone(BEIJING)).minusDays(days);
    }

    /**
     * The demo brand of {@code reservoir simulate}: {@link #run} after the modules have given each
     * simulated brand its set-up ({@link BrandSimulating}: the demo loyalty program and the standard
     * audiences where the brand has none), so that the simulated events find them.
     */
    public SimulationSummary demo(
            long workspaceId, SimulationSettings settings, Consumer<SimulationProgress> progress) {
        return simulate(workspaceId, settings, progress, true);
    }

    /**
     * Simulates a brand into {@code workspaceId}, creating the settings' brands that do not exist yet
     * (no brands named: the workspace's first brand): the events alone, nothing else set up.
     *
     * @param progress told every couple of seconds how far it has come; may be {@code null}
     * @throws IllegalArgumentException when the period does not end before today (the intake refuses the future)
     * @throws ReservoirException not_found for an unknown workspace; from the intake if a message is refused
     */
    public SimulationSummary run(long workspaceId, SimulationSettings settings, Consumer<SimulationProgress> progress) {
        return simulate(workspaceId, settings, progress, false);
    }

    private SimulationSummary simulate(
            long workspaceId, SimulationSettings settings, Consumer<SimulationProgress> progress, boolean setUp) {
        LocalDate today = LocalDate.now(clock.withZone(BEIJING));
        if (!settings.end().isBefore(today)) {
            throw new IllegalArgumentException("days: the period " + settings.start() + " to " + settings.end()
                    + " must end before today (" + today + "); start earlier or simulate fewer days");
        }
        Caller system = Caller.system(workspaceId);
        workspaces.current(system); // not_found for an unknown workspace
        SimulationSettings resolved = settings.withBrands(brandNames(system, settings.brands()));
        if (setUp) {
            events.publishEvent(new BrandSimulating(
                    workspaceId,
                    brands.list(system).stream()
                            .filter(b -> resolved.brands().contains(b.name()))
                            .map(Brand::id)
                            .toList()));
        }

        long started = System.nanoTime();
        BrandSimulation simulation = new BrandSimulation(resolved);
        Batches batches = new Batches(workspaceId, simulation, progress, started);
        SimulationCounts counts = simulation.generate(batches::add);
        batches.flush();
        return new SimulationSummary(
                workspaceId,
                resolved.brands(),
                counts,
                batches.accepted,
                batches.duplicates,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private List<String> brandNames(Caller system, List<String> wanted) {
        List<Brand> existing = brands.list(system);
        if (wanted.isEmpty()) {
            if (existing.isEmpty()) {
                return List.of(brands.create(system, "Default brand", null).name());
            }
            return List.of(existing.get(0).name());
        }
        for (String name : wanted) {
            if (existing.stream().noneMatch(b -> b.name().equals(name))) {
                brands.create(system, name, null);
            }
        }
        return wanted;
    }

    /** Collects messages into batches and hands each to the intake, reporting progress now and then. */
    private final class Batches {
        private final long workspaceId;
        private final BrandSimulation simulation;
        private final Consumer<SimulationProgress> progress;
        private final long started;
        private List<JsonNode> batch = new ArrayList<>(BATCH);
        private long lastReport;
        long accepted;
        long duplicates;

        Batches(long workspaceId, BrandSimulation simulation, Consumer<SimulationProgress> progress, long started) {
            this.workspaceId = workspaceId;
            this.simulation = simulation;
            this.progress = progress;
            this.started = started;
            this.lastReport = started;
        }

        void add(JsonNode message) {
            batch.add(message);
            if (batch.size() == BATCH) {
                flush();
            }
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            String lastDay = batch.get(batch.size() - 1).path("timestamp").asString();
            Intake.Accepted result = intake.accept(workspaceId, batch);
            accepted += result.accepted();
            duplicates += result.duplicates();
            batch = new ArrayList<>(BATCH);
            long now = System.nanoTime();
            if (progress != null && now - lastReport >= REPORT_EVERY.toNanos()) {
                lastReport = now;
                progress.accept(new SimulationProgress(
                        LocalDate.parse(lastDay.substring(0, 10)),
                        simulation.counts(),
                        Duration.ofNanos(now - started)));
            }
        }
    }
}
