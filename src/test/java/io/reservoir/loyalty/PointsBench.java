package io.reservoir.loyalty;

import io.reservoir.bench.BenchReservoir;
import io.reservoir.bench.IngestBench;
import io.reservoir.ingest.Intake;
import io.reservoir.platform.tenancy.Workspaces;
import io.reservoir.support.Api;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Points earning from a replay of {@code orders} {@code Order Completed} events by 50,000 buyers
 * (10 % of the orders partly refunded; every third buyer a member who joined first): first the
 * plain intake of the events (no loyalty program), then the earner reading the same events from
 * the log under a three-tier program (members earn × their tier, tiers re-evaluated after each
 * batch), in the same process and database. Prints both rates and their ratio. Run: {@code make
 * bench-points}.
 */
public final class PointsBench {

    static final int BUYERS = 50_000;
    static final String PROGRAM = """
            {"pointsPerYuan": 1, "expiry": "end_of_next_year",
             "tiers": {"basis": "net_spend", "graceDays": 30, "levels": [
               {"code": "silver", "name": "银卡", "threshold": 0},
               {"code": "gold", "name": "金卡", "threshold": 1000, "pointsMultiplier": 1.5},
               {"code": "platinum", "name": "铂金卡", "threshold": 5000, "pointsMultiplier": 2}]}}
            """;

    public static void main(String[] args) throws Exception {
        int orders = IngestBench.intArg(args, "--orders", 200_000);
        String databases = IngestBench.stringArg(args, "--db", "h2");
        String batches = IngestBench.stringArg(args, "--batch", String.valueOf(PointsEarner.BATCH));
        System.out.printf("PointsBench: %,d orders; %s%n", orders, BenchReservoir.machine());
        for (String database : databases.split(",")) {
            try (BenchReservoir reservoir =
                    BenchReservoir.start(database, List.of("--reservoir.loyalty.interval=1h"))) {
                run(reservoir, orders, batches);
            }
        }
    }

    private static void run(BenchReservoir reservoir, int orders, String batches) {
        long ws = reservoir.bean(Workspaces.class).oldest().orElseThrow().id();
        Intake intake = reservoir.bean(Intake.class);
        JsonMapper json = reservoir.bean(JsonMapper.class);
        SplittableRandom random = new SplittableRandom(5);
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        // a minute apart, or closer so that a million orders still end before today
        long spacing = Math.min(60, 600L * 86_400 / Math.max(1, orders));
        long t0 = System.nanoTime();
        List<JsonNode> batch = new ArrayList<>();
        int messages = 0;
        for (int u = 0; u < BUYERS; u += 3) {
            batch.add(json.readTree("{\"type\":\"track\",\"messageId\":\"j" + u + "\",\"userId\":\"u" + u
                    + "\",\"event\":\"Member Joined\",\"timestamp\":\"2024-12-31T00:00:00Z\"}"));
            if (batch.size() >= 1_000) {
                intake.accept(ws, batch);
                messages += batch.size();
                batch.clear();
            }
        }
        for (int i = 0; i < orders; i++) {
            String at = start.plusSeconds(i * spacing).toString();
            batch.add(json.readTree(
                    "{\"type\":\"track\",\"messageId\":\"o" + i + "\",\"userId\":\"u" + random.nextInt(BUYERS)
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

        JdbcTemplate jdbc = new JdbcTemplate(reservoir.dataSource());
        long brand = jdbc.queryForObject("select min(id) from brand where workspace_id = ?", Long.class, ws);
        Api.Reply program = Api.on(reservoir.port())
                .bearer(BenchReservoir.MANAGEMENT_KEY)
                .put("/api/v1/loyalty/programs/" + brand, PROGRAM);
        if (program.status() != 200) {
            throw new IllegalStateException(program.body());
        }
        PointsEarner earner = reservoir.bean(PointsEarner.class);
        for (String size : batches.split(",")) {
            forgetEarning(jdbc, ws);
            int batchSize = Integer.parseInt(size.trim());
            long t1 = System.nanoTime();
            int read = 0;
            for (int n; (n = earner.catchUp(ws, batchSize)) > 0; ) {
                read += n;
            }
            double earnSeconds = (System.nanoTime() - t1) / 1e9;
            long entries =
                    jdbc.queryForObject("select count(*) from points_entry where workspace_id = ?", Long.class, ws);
            long points = jdbc.queryForObject(
                    "select coalesce(sum(points), 0) from points_entry where workspace_id = ?", Long.class, ws);
            String tiers = jdbc.queryForList(
                            "select tier_code || ' ' || count(*) from loyalty_member where workspace_id = ? group by tier_code order by 1",
                            String.class,
                            ws)
                    .toString();
            System.out.printf(
                    "%-10s intake: %,.0f orders/s (%,d messages in %.1f s) | earning, %,d events a batch: %,.0f orders/s (%,d events, %,d entries, %,d points in %.1f s) | earning/intake %.2f | members by tier %s%n",
                    reservoir.database,
                    orders / ingestSeconds,
                    messages,
                    ingestSeconds,
                    batchSize,
                    orders / earnSeconds,
                    read,
                    entries,
                    points,
                    earnSeconds,
                    (orders / earnSeconds) / (orders / ingestSeconds),
                    tiers);
        }
    }

    /** Back to before the program read the log, so that each batch size earns from the same events. */
    private static void forgetEarning(JdbcTemplate jdbc, long ws) {
        for (String table :
                List.of("points_entry", "points_account", "points_cursor", "tier_change", "loyalty_member")) {
            jdbc.update("delete from " + table + " where workspace_id = ?", ws);
        }
    }
}
