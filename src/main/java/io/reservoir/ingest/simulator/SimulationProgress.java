package io.reservoir.ingest.simulator;

import java.time.Duration;
import java.time.LocalDate;

/** How far a running simulation has come: the day it is generating and what it has written so far. */
public record SimulationProgress(LocalDate day, SimulationCounts counts, Duration elapsed) {

    public double messagesPerSecond() {
        return SimulationSummary.rate(counts.messages(), elapsed);
    }
}
