package io.reservoir.loyalty;

import io.reservoir.bench.BenchReservoir;
import io.reservoir.bench.IngestBench;
import io.reservoir.ingest.Intake;
import io.reservoir.platform.tenancy.Workspaces;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Points earning from a replay of {@code orders} {@code Order Completed} events (10 % of them
 * partly refunded): first the plain intake of the events (no loyalty program), then the earner
 * reading the same events from the log and crediting (and reversing) points, in the same process
 * and database. Prints both rates and their ratio. Run: {@code make bench-points}.
 */
public final class PointsBench {

    public static void main(String[] args) throws Exception {
        int orders = IngestBench.intArg(args, "--orders", 200_000);
        String databases = IngestBench.stringArg(args, "--db", "h2");
        System.out.printf("PointsBench: %,d orders; %s%n", orders, BenchReservoir.machine());
        for (String database : databases.split(",")) {
            try (BenchReservoir reservoir =
                    BenchReservoir.start(database, List.of("--reservoir.loyalty.interval=1h"))) {
                run(reservoir, orders);
            }
        }
    }

    private static void run(BenchReservoir reservoir, int orders) {
        long ws = reservoir.bean(Workspaces.class).oldest().orElseThrow().id();
        Intake intake = reservoir.bean(Intake.class);
        JsonMapper json = reservoir.bean(JsonMapper.class);
        SplittableRandom random = new SplittableRandom(5);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        long t0 = System.nanoTime();
        List<JsonNode> batch = new ArrayList<>();
        int messages = 0;
        for (int i = 0; i < orders; i++) {
            String at = start.plusSeconds(i * 60L).toString();
            batch.add(json.readTree(
                    "{\"type\":\"track\",\"messageId\":\"o" + i + "\",\"userId\":\"u" + random.nextInt(50_000)
                            + "\",\"event\":\"Order Completed\",\"timestamp\":\"" + at
                            + "\",\"properties\":{\"order_id\":\"O" + i
                            + "\",\"total\":\"" + (1 + random.nextInt(99_999)) / 100.0 + "\"}}"));
            if (random.nextInt(10) == 0) {
                batch.add(json.readTree("{\"type\":\"track\",\"messageId\":\"r" + i
                        + "\",\"userId\":\"x\",\"event\":\"Order Refunded\"," + "\"timestamp\":\"" + at
                        + "\",\"properties\":{\"order_id\":\"O" + i + "\",\"total\":\"0.01\"}}"));
            }
            if (batch.size() >= 1_000 || i == orders - 1) {
                intake.accept(ws, batch);
                messages += batch.size();
                batch.clear();
            }
        }
        double ingestSeconds = (System.nanoTime() - t0) / 1e9;

        new JdbcTemplate(reservoir.dataSource())
                .update(
                        "insert into loyalty_program (workspace_id, brand_id, points_per_yuan, expiry, updated_at) select ?, id, 1, 'end_of_next_year', current_timestamp from brand where workspace_id = ?",
                        ws,
                        ws);
        PointsEarner earner = reservoir.bean(PointsEarner.class);
        long t1 = System.nanoTime();
        int read = 0;
        for (int n; (n = earner.catchUp(ws, PointsEarner.BATCH)) > 0; ) {
            read += n;
        }
        double earnSeconds = (System.nanoTime() - t1) / 1e9;
        long entries = new JdbcTemplate(reservoir.dataSource())
                .queryForObject("select count(*) from points_entry where workspace_id = ?", Long.class, ws);
        System.out.printf(
                "%-10s intake: %,.0f orders/s (%,d messages in %.1f s) | earning: %,.0f orders/s (%,d events, %,d entries in %.1f s) | earning/intake %.2f%n",
                reservoir.database,
                orders / ingestSeconds,
                messages,
                ingestSeconds,
                orders / earnSeconds,
                read,
                entries,
                earnSeconds,
                (orders / earnSeconds) / (orders / ingestSeconds));
    }
}
