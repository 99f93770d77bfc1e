package io.reservoir.bench;

import io.reservoir.ingest.simulator.BrandSimulation;
import io.reservoir.ingest.simulator.SimulationCounts;
import io.reservoir.ingest.simulator.SimulationSettings;
import io.reservoir.ingest.simulator.SimulationSummary;
import io.reservoir.ingest.simulator.Simulator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * The brand simulator's speed and memory.
 *
 * <p>First generation alone: {@code --members} × {@code --days} streamed into a sink that only
 * counts (and sizes every 100th message as JSON), with the peak heap it needed. Then, unless
 * {@code --intake-members 0}, generation and intake of a smaller brand into Reservoir on a fresh
 * embedded H2 (or {@code --db postgresql}) in this process. Run:
 * {@code ./mvnw -q -o test-compile exec:java -Dexec.mainClass=io.reservoir.bench.SimulatorBench
 * -Dexec.args="--members 100000 --days 365"}.
 */
public final class SimulatorBench {

    public static void main(String[] args) {
        int members = (int) arg(args, "--members", 100_000);
        int days = (int) arg(args, "--days", 365);
        long seed = arg(args, "--seed", 1);
        int intakeMembers = (int) arg(args, "--intake-members", 2_000);
        String database = text(args, "--db", "h2");
        System.out.printf("SimulatorBench; %s%n", BenchReservoir.machine());

        generate(SimulationSettings.of(Math.min(members, 2_000), 30, seed + 1)); // warm-up
        generate(SimulationSettings.of(members, days, seed));

        if (intakeMembers > 0) {
            try (BenchReservoir reservoir = BenchReservoir.start(database)) {
                Simulator simulator = reservoir.bean(Simulator.class);
                SimulationSettings settings = SimulationSettings.of(intakeMembers, days, seed);
                SimulationSummary summary = simulator.run(
                        simulator.defaultWorkspace(),
                        settings,
                        p -> System.out.printf(
                                Locale.ROOT,
                                "  %s %,d messages %,.0f msg/s%n",
                                p.day(),
                                p.counts().messages(),
                                p.messagesPerSecond()));
                SimulationCounts c = summary.counts();
                System.out.printf(
                        Locale.ROOT,
                        "generation + intake (%s): %,d members × %d days: %,d messages (%,d orders) in %.1f s = %,.0f"
                                + " msg/s%n",
                        database,
                        intakeMembers,
                        days,
                        c.messages(),
                        c.orders(),
                        summary.elapsed().toMillis() / 1000.0,
                        summary.messagesPerSecond());
            }
        }
    }

    private static void generate(SimulationSettings settings) {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long[] bytes = {0};
        long[] sampled = {0};
        long start = System.nanoTime();
        SimulationCounts counts = new BrandSimulation(settings).generate(message -> {
            if (sampled[0]++ % 100 == 0) {
                bytes[0] += message.toString().length();
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum();
        System.out.printf(
                Locale.ROOT,
                "generation: %,d members × %d days: %,d messages (%,d people, %,d orders, %,d refunds) in %.1f s ="
                        + " %,.0f msg/s, ~%d bytes/message, peak heap %,d MiB (max %,d MiB)%n",
                settings.members(),
                settings.days(),
                counts.messages(),
                counts.people(),
                counts.orders(),
                counts.refunds(),
                seconds,
                counts.messages() / seconds,
                sampled[0] == 0 ? 0 : bytes[0] * 100 / Math.max(1, counts.messages()),
                peak >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static long arg(String[] args, String name, long fallback) {
        String value = text(args, name, null);
        return value == null ? fallback : Long.parseLong(value.replace("_", ""));
    }

    private static String text(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
