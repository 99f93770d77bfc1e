/**
 * Insight: the FAST+ metrics (Capital, Conversion, Connection, CLV) and the five relation layers
 * per brand and period, computed from the intake's projections, kept for closed periods and
 * recomputed when late data reaches them; the report API and the figures behind the dashboard.
 * Every figure is defined in {@code docs/metrics.md}.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Insight",
        allowedDependencies = {"audience", "identity", "ingest", "platform", "platform :: *"})
package io.reservoir.insight;
