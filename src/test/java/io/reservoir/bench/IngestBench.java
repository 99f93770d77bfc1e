package io.reservoir.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * HTTP {@code /v1/batch} ingestion against the physical ceiling of the same store.
 *
 * <p>Posts {@code events} events in 100-event batches from 8 concurrent clients on loopback to a
 * Reservoir running in this process, then inserts the same number of event-log rows with plain
 * JDBC batches into a copy of the event-log table of the same database, and prints both rates and
 * their ratio. Run: {@code make bench-ingest} (or see docs/benchmarks.md).
 */
public final class IngestBench {

    public static void main(String[] args) throws Exception {
        int events = intArg(args, "--events", 200_000);
        int clients = intArg(args, "--clients", 8);
        int batch = intArg(args, "--batch", 100);
        String databases = stringArg(args, "--db", "h2,postgresql");
        System.out.printf(
                "IngestBench: %d events, %d-event batches, %d clients; %s%n",
                events, batch, clients, BenchReservoir.machine());
        for (String database : databases.split(",")) {
            try (BenchReservoir reservoir = BenchReservoir.start(database)) {
                run(reservoir, events, clients, batch);
            }
        }
    }

    private static void run(BenchReservoir reservoir, int events, int clients, int batchSize) throws Exception {
        List<String> warmup = batches(1, events / 10, batchSize);
        List<String> measured = batches(2, events, batchSize);
        post(reservoir.port(), warmup, clients);
        Timer writer = reservoir
                .bean(MeterRegistry.class)
                .get("reservoir.intake.transactions")
                .timer();
        long transactionsBefore = writer.count();
        double writerSecondsBefore = writer.totalTime(TimeUnit.SECONDS);
        long start = System.nanoTime();
        post(reservoir.port(), measured, clients);
        double httpSeconds = (System.nanoTime() - start) / 1e9;
        double httpRate = events / httpSeconds;
        long transactions = writer.count() - transactionsBefore;
        double writerSeconds = writer.totalTime(TimeUnit.SECONDS) - writerSecondsBefore;
        // the second stage: how long after the last acknowledgement the projection caught up
        long workspaceId = new org.springframework.jdbc.core.JdbcTemplate(reservoir.dataSource())
                .queryForObject("select max(workspace_id) from event_log_head", Long.class);
        long head = new org.springframework.jdbc.core.JdbcTemplate(reservoir.dataSource())
                .queryForObject("select last_seq from event_log_head where workspace_id = ?", Long.class, workspaceId);
        if (!reservoir
                .bean(io.reservoir.ingest.Intake.class)
                .awaitProjected(workspaceId, head, java.time.Duration.ofMinutes(30))) {
            throw new IllegalStateException("the projection did not catch up within 30 minutes");
        }
        double projectedSeconds = (System.nanoTime() - start) / 1e9;
        Timer delay = reservoir
                .bean(MeterRegistry.class)
                .get("reservoir.intake.projection.delay")
                .timer();
        double p99 = 0;
        for (var percentile : delay.takeSnapshot().percentileValues()) {
            if (percentile.percentile() == 0.99) {
                p99 = percentile.value(TimeUnit.MILLISECONDS);
            }
        }

        double rawRate = rawInsert(reservoir.dataSource(), events);
        System.out.printf(
                "%-10s HTTP /v1/batch: %,.0f events/s (%.1f s) | raw JDBC batch insert: %,.0f rows/s | ratio %.2f%n",
                reservoir.database, httpRate, httpSeconds, rawRate, httpRate / rawRate);
        System.out.printf(
                "%-10s writer: %d transactions of %.0f events on average, busy %.1f s of %.1f s%n",
                "", transactions, (double) events / transactions, writerSeconds, httpSeconds);
        System.out.printf(
                "%-10s projection: caught up %.1f s after the first post (%,.0f events/s end to end);"
                        + " acknowledgement to projection p99 %,.0f ms (last 2 minutes)%n",
                "", projectedSeconds, events / projectedSeconds, p99);
    }

    /** Batches of a realistic mix: views, orders, identifies with phone, store follows. */
    static List<String> batches(int seed, int events, int batchSize) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> batches = new ArrayList<>();
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < events; i++) {
            if (i % batchSize == 0) {
                json.setLength(0);
                json.append("{\"batch\":[");
            } else {
                json.append(',');
            }
            int user = random.nextInt(100_000);
            String id = "b" + seed + "-" + i;
            int kind = random.nextInt(10);
            if (kind < 5) {
                json.append("{\"type\":\"track\",\"messageId\":\"")
                        .append(id)
                        .append("\",\"userId\":\"u")
                        .append(user)
                        .append(
                                "\",\"event\":\"Product Viewed\",\"context\":{\"channel\":\"tmall\"},\"properties\":{\"product_id\":\"p")
                        .append(random.nextInt(500))
                        .append("\",\"price\":99.5}}");
            } else if (kind < 8) {
                json.append("{\"type\":\"track\",\"messageId\":\"")
                        .append(id)
                        .append("\",\"userId\":\"u")
                        .append(user)
                        .append(
                                "\",\"event\":\"Order Completed\",\"context\":{\"channel\":\"jd\"},\"properties\":{\"order_id\":\"")
                        .append(id)
                        .append("\",\"total\":\"")
                        .append(random.nextInt(100_000) / 100.0)
                        .append("\",\"products\":[{\"product_id\":\"p")
                        .append(random.nextInt(500))
                        .append("\",\"quantity\":1}]}}");
            } else if (kind < 9) {
                json.append("{\"type\":\"identify\",\"messageId\":\"")
                        .append(id)
                        .append("\",\"userId\":\"u")
                        .append(user)
                        .append("\",\"traits\":{\"phone\":\"139")
                        .append(String.format("%08d", user))
                        .append("\",\"city\":\"杭州\"}}");
            } else {
                json.append("{\"type\":\"track\",\"messageId\":\"")
                        .append(id)
                        .append("\",\"userId\":\"u")
                        .append(user)
                        .append("\",\"event\":\"Store Followed\",\"context\":{\"channel\":\"tmall\"}}");
            }
            if (i % batchSize == batchSize - 1 || i == events - 1) {
                batches.add(json.append("]}").toString());
            }
        }
        return batches;
    }

    static void post(int port, List<String> batches, int clients) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String auth = "Basic " + Base64.getEncoder().encodeToString((BenchReservoir.WRITE_KEY + ":").getBytes());
        URI uri = URI.create("http://localhost:" + port + "/v1/batch");
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < batches.size(); ) {
                    HttpResponse<String> reply = http.send(
                            HttpRequest.newBuilder(uri)
                                    .header("Authorization", auth)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(batches.get(i)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (reply.statusCode() != 200) {
                        throw new IllegalStateException("batch " + i + " → " + reply.statusCode() + " " + reply.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
    }

    /** The same number of event-log rows in random key order, written with JDBC batches of 1,000 and one commit each. */
    static double rawInsert(DataSource dataSource, int rows) throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            // The same columns, key and indexes as event_log: the ceiling for writing these rows there.
            s.execute("""
                    create table bench_raw_event (
                        workspace_id bigint not null, message_id varchar(200) not null,
                        seq bigint generated by default as identity, customer_no integer not null,
                        brand_id bigint not null, channel varchar(30) not null, field varchar(30),
                        msg_type varchar(10) not null, event_name varchar(200),
                        occurred_at timestamp with time zone not null, received_at timestamp with time zone not null,
                        identity_keys varchar(4000) not null, payload varchar(40000) not null,
                        primary key (workspace_id, message_id))
                    """);
            s.execute(
                    "create index bench_raw_event_by_customer on bench_raw_event (workspace_id, customer_no, occurred_at)");
            s.execute("create index bench_raw_event_by_seq on bench_raw_event (workspace_id, seq)");
        }
        String payload =
                "{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u12345\",\"context\":{\"channel\":\"jd\"},"
                        + "\"properties\":{\"order_id\":\"b2-123456\",\"total\":\"123.45\",\"products\":[{\"product_id\":\"p1\",\"quantity\":1}]}}";
        // A sealed identity list is about this long (AES-GCM of "app_user_id:u12345", base64).
        String sealed = "v1." + "A".repeat(76);
        SplittableRandom random = new SplittableRandom(3);
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into bench_raw_event (workspace_id, message_id, customer_no, brand_id, channel, field, msg_type,
                                                 event_name, occurred_at, received_at, identity_keys, payload)
                    values (1, ?, ?, 1, 'jd', null, 'track', 'Order Completed', ?, ?, ?, ?)
                    """)) {
                Timestamp now = Timestamp.from(Instant.now());
                for (int i = 0; i < rows; i++) {
                    insert.setString(1, "raw-" + (i * 7919L % rows));
                    insert.setInt(2, random.nextInt(100_000));
                    insert.setTimestamp(3, now);
                    insert.setTimestamp(4, now);
                    insert.setString(5, sealed);
                    insert.setString(6, payload);
                    insert.addBatch();
                    if (i % 1_000 == 999 || i == rows - 1) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
            }
        }
        return rows / ((System.nanoTime() - start) / 1e9);
    }

    public static int intArg(String[] args, String name, int fallback) {
        String value = stringArg(args, name, null);
        return value == null ? fallback : Integer.parseInt(value.replace("_", ""));
    }

    public static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
