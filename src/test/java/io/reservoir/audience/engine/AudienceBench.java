package io.reservoir.audience.engine;

import io.reservoir.audience.Audiences;
import io.reservoir.audience.SegmentRule;
import io.reservoir.bench.BenchReservoir;
import io.reservoir.bench.IngestBench;
import io.reservoir.identity.ConsentChannel;
import io.reservoir.platform.tenancy.Workspaces;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Audience counting on a brand of {@code --members} members (1,000,000 by default), in one
 * process on the same rows: a five-condition rule (tier, tag, relation, consent and a 90-day
 * purchase window) counted from the in-memory index through {@link Audiences}, against the same
 * rule written as one SQL query. Prints count latency p50/p99 for both and their ratio, the index
 * rebuild time and its memory per million members, then the delay from an event's acceptance at
 * the intake to its presence in the index while the intake takes {@code --rate} events/s. Run:
 * {@code make bench-audience ARGS="--members 1000000 --db h2,postgresql"}.
 *
 * <p>The members, their tiers, tags, relations, consent and three events each on average are
 * written straight into the tables by set-based SQL (a million members through the intake would
 * take the whole run); every figure is read from those same rows.
 */
public final class AudienceBench {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    public static void main(String[] args) throws Exception {
        int members = IngestBench.intArg(args, "--members", 1_000_000);
        int counts = IngestBench.intArg(args, "--counts", 200);
        int sqlCounts = IngestBench.intArg(args, "--sql-counts", 5);
        int rate = IngestBench.intArg(args, "--rate", 5_000);
        int seconds = IngestBench.intArg(args, "--seconds", 20);
        String databases = IngestBench.stringArg(args, "--db", "h2");
        System.out.printf("AudienceBench: %,d customers; %s%n", members, BenchReservoir.machine());
        for (String database : databases.split(",")) {
            try (BenchReservoir reservoir =
                    BenchReservoir.start(database, List.of("--reservoir.loyalty.interval=1h"))) {
                run(reservoir, members, counts, sqlCounts, rate, seconds);
            }
        }
    }

    private static void run(BenchReservoir reservoir, int members, int counts, int sqlCounts, int rate, int seconds)
            throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(reservoir.dataSource());
        long ws = reservoir.bean(Workspaces.class).oldest().orElseThrow().id();
        long brand = jdbc.queryForObject("select min(id) from brand where workspace_id = ?", Long.class, ws);
        long started = System.nanoTime();
        long tag = BenchBrand.write(jdbc, reservoir.database, ws, brand, members, NOW);
        System.out.printf(
                "%-10s data: %,d customers, %,d events written in %.0f s%n",
                reservoir.database,
                members,
                jdbc.queryForObject("select count(*) from event_log where workspace_id = ?", Long.class, ws),
                (System.nanoTime() - started) / 1e9);

        AudienceIndex index = reservoir.bean(AudienceIndex.class);
        Audiences audiences = reservoir.bean(Audiences.class);
        System.gc();
        long heapBefore = usedHeap();
        started = System.nanoTime();
        index.read(ws, i -> i.active.getCardinality());
        double rebuildSeconds = (System.nanoTime() - started) / 1e9;
        System.gc();
        long heapAfter = usedHeap();
        long bytes = index.read(ws, WorkspaceIndex::bytes);

        SegmentRule rule = rule(brand);
        long engineCount = 0;
        double[] engine = new double[counts];
        for (int i = -20; i < counts; i++) { // the first 20 warm up
            long t = System.nanoTime();
            engineCount = audiences.select(ws, rule, NOW).getLongCardinality();
            if (i >= 0) {
                engine[i] = (System.nanoTime() - t) / 1e6;
            }
        }
        long sqlCount = 0;
        double[] sql = new double[sqlCounts];
        for (int i = -1; i < sqlCounts; i++) { // one warm-up
            long t = System.nanoTime();
            sqlCount = oneSqlQuery(jdbc, ws, brand, tag, NOW.plusNanos(1_000 * (i + 1)));
            if (i >= 0) {
                sql[i] = (System.nanoTime() - t) / 1e6;
            }
        }
        if (engineCount != sqlCount) {
            throw new IllegalStateException("index counted " + engineCount + ", SQL " + sqlCount);
        }
        Arrays.sort(engine);
        Arrays.sort(sql);
        System.out.printf(
                "%-10s five-condition count %,d: index p50 %.2f ms, p99 %.2f ms | one SQL query p50 %,.1f ms, p99 %,.1f ms"
                        + " | SQL p50 / index p50 = %,.1f×%n",
                reservoir.database,
                engineCount,
                percentile(engine, 50),
                percentile(engine, 99),
                percentile(sql, 50),
                percentile(sql, 99),
                percentile(sql, 50) / percentile(engine, 50));
        System.out.printf(
                "%-10s index rebuild from the database %.1f s; index %,.0f MB (%,.0f MB per million customers),"
                        + " heap grew %,d MB%n",
                reservoir.database,
                rebuildSeconds,
                bytes / 1e6,
                bytes / 1e6 / (members / 1e6),
                (heapAfter - heapBefore) >> 20);

        Freshness freshness = freshness(reservoir, index, ws, rate, seconds);
        System.out.printf(
                "%-10s incremental: %,.0f events/s accepted for %d s; accepted → in the index p50 %,.0f ms, p99 %,.0f ms,"
                        + " max %,.0f ms (%d probes, %d not seen)%n",
                reservoir.database,
                freshness.rate(),
                seconds,
                freshness.p50(),
                freshness.p99(),
                freshness.max(),
                freshness.probes(),
                freshness.lost());
    }

    /** Gold or platinum, tagged a champion, following the store, SMS allowed, bought in the last 90 days. */
    static SegmentRule rule(long brand) {
        return new SegmentRule.All(List.of(
                new SegmentRule.Tier(brand, List.of("gold", "platinum")),
                new SegmentRule.Tagged("rfm", "champions"),
                new SegmentRule.Relation(brand, "store"),
                new SegmentRule.Consent(ConsentChannel.SMS, true),
                new SegmentRule.Event(
                        SegmentRule.ORDER_COMPLETED,
                        null,
                        null,
                        null,
                        90,
                        new SegmentRule.Range(BigDecimal.ONE, null),
                        null,
                        null)));
    }

    /**
     * The same rule as one SQL query over the same tables. Each run moves the window's end by a
     * microsecond (no event is that close to it), or H2 would answer from its result cache.
     */
    static long oneSqlQuery(JdbcTemplate jdbc, long ws, long brand, long tag, Instant now) {
        return jdbc.queryForObject(
                """
                select count(*) from customer c
                 where c.workspace_id = ? and c.status = 'active'
                   and exists (select 1 from loyalty_member m
                                where m.workspace_id = c.workspace_id and m.brand_id = ? and m.customer_no = c.customer_no
                                  and m.left_at is null and m.tier_code in ('gold', 'platinum'))
                   and exists (select 1 from customer_tag t
                                where t.workspace_id = c.workspace_id and t.tag_id = ? and t.customer_no = c.customer_no
                                  and t.tag_value = 'champions')
                   and exists (select 1 from customer_relation r
                                where r.workspace_id = c.workspace_id and r.customer_no = c.customer_no
                                  and r.brand_id = ? and r.field = 'store' and r.until is null)
                   and exists (select 1 from customer_consent k
                                where k.workspace_id = c.workspace_id and k.customer_no = c.customer_no
                                  and k.channel = 'sms' and k.granted = true)
                   and exists (select 1 from event_log e
                                where e.workspace_id = c.workspace_id and e.customer_no = c.customer_no
                                  and e.msg_type = 'track' and e.event_name = 'Order Completed'
                                  and e.occurred_at > ? and e.occurred_at <= ?)
                """,
                Long.class,
                ws,
                brand,
                tag,
                brand,
                Timestamp.from(now.minus(Duration.ofDays(90))),
                Timestamp.from(now));
    }

    record Freshness(double rate, double p50, double p99, double max, int probes, int lost) {}

    /**
     * Sends {@code rate} events/s through the intake for {@code seconds}; every 100 ms one of them
     * is a probe ({@code Live Watched}, sent by nobody else) whose acceptance time is noted, and
     * a watcher notes when the index, refreshed on its own schedule, holds it.
     */
    static Freshness freshness(BenchReservoir reservoir, AudienceIndex index, long ws, int rate, int seconds)
            throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://localhost:" + reservoir.port() + "/v1/batch");
        String auth = "Basic " + Base64.getEncoder().encodeToString((BenchReservoir.WRITE_KEY + ":").getBytes());
        int batchesPerSecond = 10; // one batch, led by a probe, every 100 ms
        int batchSize = rate / batchesPerSecond;
        int batches = seconds * batchesPerSecond;
        long[] accepted = new long[batches];
        long[] seen = new long[batches];
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Thread watcher = new Thread(() -> {
            int next = 0;
            while (next < batches && !Thread.currentThread().isInterrupted()) {
                int probes = index.peek(ws, i -> {
                    EventColumns columns = i.events.get("Live Watched");
                    return columns == null ? 0 : columns.size();
                });
                long now = System.nanoTime();
                for (; next < probes && next < batches; next++) {
                    seen[next] = now;
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.start();
        List<Future<?>> load = new ArrayList<>();
        long start = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            long due = start + b * 1_000_000_000L / batchesPerSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String orders = orders(b, batchSize - 1);
            load.add(pool.submit(() -> post(http, uri, auth, orders)));
            // probes go alone and one at a time, so that the n-th probe in the index is the n-th sent
            post(http, uri, auth, probe(b));
            accepted[b] = System.nanoTime();
        }
        for (Future<?> f : load) {
            f.get();
        }
        double took = (System.nanoTime() - start) / 1e9;
        watcher.join(10_000);
        watcher.interrupt();
        pool.shutdown();
        double[] delays = new double[batches];
        int lost = 0;
        int measured = 0;
        for (int b = 0; b < batches; b++) {
            if (seen[b] == 0) {
                lost++;
            } else {
                delays[measured++] = Math.max(0, seen[b] - accepted[b]) / 1e6;
            }
        }
        double[] observed = Arrays.copyOf(delays, measured);
        Arrays.sort(observed);
        return new Freshness(
                (double) batches * batchSize / took,
                percentile(observed, 50),
                percentile(observed, 99),
                observed.length == 0 ? Double.NaN : observed[observed.length - 1],
                batches,
                lost);
    }

    private static Void post(HttpClient http, URI uri, String auth, String body) throws Exception {
        HttpResponse<String> reply = http.send(
                HttpRequest.newBuilder(uri)
                        .header("Authorization", auth)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 200) {
            throw new IllegalStateException(reply.statusCode() + " " + reply.body());
        }
        return null;
    }

    /** A Live Watched event of a new customer; nothing else sends that event. */
    private static String probe(int number) {
        return "{\"batch\":[{\"type\":\"track\",\"messageId\":\"probe-" + number + "\",\"userId\":\"probe-" + number
                + "\",\"event\":\"Live Watched\",\"context\":{\"channel\":\"douyin\"}}]}";
    }

    /** Orders of many customers. */
    private static String orders(int number, int size) {
        StringBuilder json = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < size; i++) {
            String id = "load-" + number + "-" + i;
            json.append(i == 0 ? "" : ",")
                    .append("{\"type\":\"track\",\"messageId\":\"")
                    .append(id)
                    .append("\",\"userId\":\"u")
                    .append((number * 7919L + i * 104_729L) % 200_000)
                    .append(
                            "\",\"event\":\"Order Completed\",\"context\":{\"channel\":\"jd\"},\"properties\":{\"order_id\":\"")
                    .append(id)
                    .append("\",\"total\":\"")
                    .append(10 + i % 500)
                    .append(".50\"}}");
        }
        return json.append("]}").toString();
    }

    static double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
