package io.reservoir.ingest.simulator;

import java.time.Duration;
import java.util.List;

/**
 * A finished simulation.
 *
 * @param brands the brands it wrote to (created when they did not exist)
 * @param accepted messages written; {@code duplicates} were already logged (a re-run of the same seed)
 */
public record SimulationSummary(
        long workspaceId,
        List<String> brands,
        SimulationCounts counts,
        long accepted,
        long duplicates,
        Duration elapsed) {

    public double messagesPerSecond() {
        return rate(counts.messages(), elapsed);
    }

    static double rate(long messages, Duration elapsed) {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : messages / seconds;
    }
}
