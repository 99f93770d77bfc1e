package io.reservoir.insight;

import io.reservoir.bench.BenchReservoir;
import io.reservoir.bench.IngestBench;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Workspaces;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The FAST+ report on a brand of {@code --members} members (1,000,000 by default) and at least
 * {@code --events} events (20,000,000), in one process on the same rows ({@link FastBenchBrand}):
 * Reservoir's {@link Insight} cold (facts loaded from the database by the call) and warm (facts in
 * memory: figures computed again, and kept figures served) for the month 2025-12 and for the
 * series 2025-01 … 2025-12, against DuckDB (in-process, JDBC) computing the same figures with SQL
 * from the same rows, loaded into it from the database. Every figure of both is compared; the
 * bench stops with an error when one differs. Run: {@code MAVEN_OPTS=-Xmx9g make bench-fast
 * ARGS="--members 1000000 --events 20000000 --db h2,postgresql"}.
 */
public final class FastBench {

    static final Period MONTH = Period.parse("period", "2025-12");
    static final Period SERIES_FROM = Period.parse("from", "2025-01");
    static final Period SERIES_TO = Period.parse("to", "2025-12");

    public static void main(String[] args) throws Exception {
        int members = IngestBench.intArg(args, "--members", 1_000_000);
        long events = Long.parseLong(
                IngestBench.stringArg(args, "--events", "20000000").replace("_", ""));
        int runs = IngestBench.intArg(args, "--runs", 10);
        int duckRuns = IngestBench.intArg(args, "--duckdb-runs", 3);
        long seed = IngestBench.intArg(args, "--seed", 1);
        String databases = IngestBench.stringArg(args, "--db", "h2");
        String kept = IngestBench.stringArg(args, "--duckdb-only", null);
        if (kept != null) { // the DuckDB side alone, on rows kept by an earlier run with -Dfastbench.duckdb=<file>
            System.setProperty("fastbench.duckdb", kept);
            System.setProperty("fastbench.trace", "true");
            try (DuckDb duck = new DuckDb()) {
                List<Period> withPrevious = new ArrayList<>();
                withPrevious.add(SERIES_FROM.previous());
                withPrevious.addAll(SERIES_FROM.through(SERIES_TO));
                for (int i = 0; i < runs; i++) {
                    System.out.printf("month %.0f ms%n", time(() -> duck.figures(List.of(MONTH.previous(), MONTH))));
                    System.out.printf("12 months %.0f ms%n", time(() -> duck.figures(withPrevious)));
                }
            }
            return;
        }
        System.out.printf(
                "FastBench: %,d members, ≥ %,d events, seed %d; %s%n", members, events, seed, BenchReservoir.machine());
        for (String database : databases.split(",")) {
            try (BenchReservoir reservoir =
                    BenchReservoir.start(database, List.of("--reservoir.loyalty.interval=1h"))) {
                run(reservoir, members, events, seed, runs, duckRuns);
            }
        }
    }

    private static void run(BenchReservoir reservoir, int members, long events, long seed, int runs, int duckRuns)
            throws Exception {
        String db = reservoir.database;
        JdbcTemplate jdbc = new JdbcTemplate(reservoir.dataSource());
        long ws = reservoir.bean(Workspaces.class).oldest().orElseThrow().id();
        Caller caller = Caller.system(ws);
        Long brandId = jdbc.queryForObject("select min(id) from brand where workspace_id = ?", Long.class, ws);
        long brand = brandId != null
                ? brandId
                : reservoir
                        .bean(Brands.class)
                        .create(caller, "FAST bench", null)
                        .id();
        String zone = jdbc.queryForObject(
                "select time_zone from brand where workspace_id = ? and id = ?", String.class, ws, brand);
        if (!FastBenchBrand.ZONE.getId().equals(zone)) {
            throw new IllegalStateException("the bench brand is in " + zone + ", expected Asia/Shanghai");
        }
        if (jdbc.queryForObject("select count(*) from event_log where workspace_id = ?", Long.class, ws) > 0) {
            throw new IllegalStateException("the bench brand is written into an empty workspace");
        }

        long started = System.nanoTime();
        FastBenchBrand.Counts counts =
                new FastBenchBrand(ws, brand, members, seed).write(reservoir.dataSource(), db, events);
        System.out.printf("%-10s rows written in %.0f s: %s%n", db, seconds(started), counts);
        checkCounts(jdbc, ws, counts);

        Insight insight = reservoir.bean(Insight.class);
        List<Period> series = SERIES_FROM.through(SERIES_TO);

        // Reservoir cold: the facts are read from the database by the call
        insight.reload(ws);
        long heapBefore = usedHeapAfterGc();
        long t = System.nanoTime();
        FastReport coldMonth = insight.fast(caller, brand, MONTH);
        double coldMonthMs = millis(t);
        long heapAfter = usedHeapAfterGc();
        insight.reload(ws);
        usedHeapAfterGc();
        t = System.nanoTime();
        List<FastReport> coldSeries = insight.series(caller, brand, SERIES_FROM, SERIES_TO);
        double coldSeriesMs = millis(t);

        // Reservoir warm: facts in memory; figures computed again (kept figures dropped first), then served kept
        double[] monthComputed = new double[runs];
        double[] seriesComputed = new double[runs];
        double[] monthKept = new double[runs];
        double[] seriesKept = new double[runs];
        for (int i = 0; i < runs; i++) {
            insight.forgetFigures();
            monthComputed[i] = time(() -> insight.fast(caller, brand, MONTH));
            monthKept[i] = time(() -> insight.fast(caller, brand, MONTH));
            insight.forgetFigures();
            seriesComputed[i] = time(() -> insight.series(caller, brand, SERIES_FROM, SERIES_TO));
            seriesKept[i] = time(() -> insight.series(caller, brand, SERIES_FROM, SERIES_TO));
        }
        System.out.printf(
                "%-10s Reservoir facts: %,d MiB of heap (used after GC: %,d → %,d MiB)%n",
                db, (heapAfter - heapBefore) >> 20, heapBefore >> 20, heapAfter >> 20);
        System.out.printf(
                "%-10s Reservoir: month cold %.0f ms, warm computed %.1f ms, kept %.1f ms | 12 months cold %.0f ms,"
                        + " warm computed %.1f ms, kept %.1f ms | warm runs (ms, sorted): month %s; 12 months %s%n",
                db,
                coldMonthMs,
                median(monthComputed),
                median(monthKept),
                coldSeriesMs,
                median(seriesComputed),
                median(seriesKept),
                sorted(monthComputed),
                sorted(seriesComputed));

        // DuckDB: the same rows, loaded from the same database
        try (DuckDb duck = new DuckDb()) {
            t = System.nanoTime();
            duck.load(reservoir.dataSource(), ws, brand);
            double duckLoadS = seconds(t);
            t = System.nanoTime();
            Map<String, Map<String, Long>> duckMonth = duck.figures(List.of(MONTH.previous(), MONTH));
            double duckColdMonthMs = millis(t);
            t = System.nanoTime();
            List<Period> withPrevious = new ArrayList<>();
            withPrevious.add(SERIES_FROM.previous());
            withPrevious.addAll(series);
            Map<String, Map<String, Long>> duckSeries = duck.figures(withPrevious);
            double duckColdSeriesMs = millis(t);
            double[] duckMonthWarm = new double[duckRuns];
            double[] duckSeriesWarm = new double[duckRuns];
            for (int i = 0; i < duckRuns; i++) {
                duckMonthWarm[i] = time(() -> duck.figures(List.of(MONTH.previous(), MONTH)));
                duckSeriesWarm[i] = time(() -> duck.figures(withPrevious));
            }

            // the same figures, or stop
            compare(db, MONTH, figures(coldMonth), duckMonth.get(MONTH.text()));
            for (int i = 0; i < series.size(); i++) {
                compare(
                        db,
                        series.get(i),
                        figures(coldSeries.get(i)),
                        duckSeries.get(series.get(i).text()));
            }
            compare(db, MONTH, figures(insight.fast(caller, brand, MONTH)), duckMonth.get(MONTH.text()));
            System.out.printf(
                    "%-10s figures equal: Reservoir and DuckDB agree on all %d figures of %s and of each month of"
                            + " the series%n",
                    db, figures(coldMonth).size(), MONTH.text());
            print(db, coldMonth);

            System.out.printf(
                    "%-10s DuckDB load (read from the database, append, derive items/shares/reviews/visits): %.1f s;"
                            + " DuckDB memory %s%n",
                    db, duckLoadS, duck.memory());
            System.out.printf("%-10s | %-28s | %12s | %12s | %12s%n", db, "", "Reservoir", "DuckDB", "ratio R/D");
            row(db, "month, cold", coldMonthMs, duckColdMonthMs);
            row(db, "month, warm (computed)", median(monthComputed), median(duckMonthWarm));
            row(db, "month, warm (kept)", median(monthKept), median(duckMonthWarm));
            row(db, "12 months, cold", coldSeriesMs, duckColdSeriesMs);
            row(db, "12 months, warm (computed)", median(seriesComputed), median(duckSeriesWarm));
            row(db, "12 months, warm (kept)", median(seriesKept), median(duckSeriesWarm));
            System.out.printf(
                    "%-10s warm runs (ms, sorted): month computed %s | 12 months computed %s | DuckDB month %s |"
                            + " DuckDB 12 months %s%n",
                    db, sorted(monthComputed), sorted(seriesComputed), sorted(duckMonthWarm), sorted(duckSeriesWarm));
            double target = median(seriesComputed);
            System.out.printf(
                    "%-10s target: warm 12-month series (computed) %.0f ms ≤ 200 ms: %s; ≤ DuckDB cold %.0f ms: %s%n",
                    db,
                    target,
                    target <= 200 ? "met" : "NOT met",
                    duckColdSeriesMs,
                    target <= duckColdSeriesMs ? "met" : "NOT met");
        }
    }

    private static void checkCounts(JdbcTemplate jdbc, long ws, FastBenchBrand.Counts counts) {
        long[] stored = {
            count(jdbc, "customer", ws),
            count(jdbc, "customer_relation", ws),
            count(jdbc, "customer_order", ws),
            count(jdbc, "order_refund", ws),
            count(jdbc, "event_log", ws)
        };
        long[] written = {counts.customers, counts.relations, counts.orders, counts.refunds, counts.logRows()};
        if (!Arrays.equals(stored, written)) {
            throw new IllegalStateException(
                    "rows in the tables " + Arrays.toString(stored) + ", written " + Arrays.toString(written));
        }
    }

    private static long count(JdbcTemplate jdbc, String table, long ws) {
        return jdbc.queryForObject("select count(*) from " + table + " where workspace_id = ?", Long.class, ws);
    }

    private static void row(String db, String what, double reservoir, double duck) {
        System.out.printf(
                "%-10s | %-28s | %9.1f ms | %9.1f ms | %12.3f%n", db, what, reservoir, duck, reservoir / duck);
    }

    /** A report as named counts and fen, the shape both sides are compared in. */
    static Map<String, Long> figures(FastReport r) {
        Map<String, Long> f = new TreeMap<>();
        f.put("capital", r.capital());
        r.capitalByLayer().forEach((layer, n) -> f.put("layer." + layer, n));
        r.capitalByField().forEach((field, n) -> f.put("field." + field, n));
        f.put("deepened", r.conversion().deepened());
        f.put("previousCapital", r.conversion().previousCapital());
        List<String> layers = r.transitions().layers();
        for (int a = 0; a < layers.size(); a++) {
            for (int b = 0; b < layers.size(); b++) {
                if (a != 0 || b != 0) {
                    f.put(
                            "transition." + layers.get(a) + "." + layers.get(b),
                            r.transitions().counts().get(a).get(b));
                }
            }
        }
        r.connection().forEach((field, c) -> {
            f.put("visitors." + field, c.visitors());
            f.put("active." + field, c.active());
        });
        r.clv().byLayer().forEach((layer, c) -> {
            f.put("clv." + layer + ".customers", c.customers());
            f.put(
                    "clv." + layer + ".sumFen",
                    new BigDecimal(c.sum()).movePointRight(2).longValueExact());
            int b = 0;
            for (long n : c.distribution().values()) {
                f.put("clv." + layer + ".bucket" + b++, n);
            }
        });
        return f;
    }

    private static void compare(String db, Period period, Map<String, Long> reservoir, Map<String, Long> duck) {
        if (!reservoir.equals(duck)) {
            StringBuilder diff = new StringBuilder();
            TreeMap<String, Long> all = new TreeMap<>(reservoir);
            if (duck != null) {
                all.putAll(duck);
            }
            for (String key : all.keySet()) {
                Long a = reservoir.get(key);
                Long b = duck == null ? null : duck.get(key);
                if (a == null || !a.equals(b)) {
                    diff.append(String.format("%n  %-40s Reservoir %s, DuckDB %s", key, a, b));
                }
            }
            throw new IllegalStateException(db + " " + period.text() + ": Reservoir and DuckDB differ:" + diff);
        }
    }

    private static void print(String db, FastReport r) {
        System.out.printf(
                "%-10s %s: Capital %,d by layer %s; by field %s; conversion %,d / %,d = %s; CLV all %s yuan over %,d"
                        + " (average %s)%n",
                db,
                r.period(),
                r.capital(),
                r.capitalByLayer(),
                r.capitalByField(),
                r.conversion().deepened(),
                r.conversion().previousCapital(),
                r.conversion().rate(),
                r.clv().all().sum(),
                r.clv().all().customers(),
                r.clv().all().average());
        StringBuilder connection = new StringBuilder();
        r.connection()
                .forEach((field, c) ->
                        connection.append(String.format(" %s %,d/%,d=%s;", field, c.active(), c.visitors(), c.rate())));
        System.out.printf("%-10s %s: connection (active/visitors)%s%n", db, r.period(), connection);
    }

    /** DuckDB in this process, holding the brand's rows as read from Reservoir's database. */
    static final class DuckDb implements AutoCloseable {

        static final long OFFSET = 8 * 3_600_000_000L; // Asia/Shanghai, a fixed +08:00 since 1991
        static final String DAY = "(%s + " + OFFSET + ") // " + FastBenchBrand.MICROS_PER_DAY;
        static final long WINDOW = Duration.ofDays(7).toNanos() / 1000;

        final DuckDBConnection duck;

        DuckDb() throws SQLException {
            // in memory; -Dfastbench.duckdb=<file> keeps the loaded rows in a file for a look at the plans
            duck = (DuckDBConnection)
                    DriverManager.getConnection("jdbc:duckdb:" + System.getProperty("fastbench.duckdb", ""));
            // bounded beside the JVM's heap (-Dfastbench.duckdb.memory); beyond it DuckDB spills to disk
            execute("set memory_limit = '" + System.getProperty("fastbench.duckdb.memory", "3GB") + "'");
        }

        void load(javax.sql.DataSource dataSource, long ws, long brand) throws SQLException {
            execute("""
                    create table rel (c integer, field varchar, since bigint, until bigint);
                    create table ord (order_id varchar, c integer, paid bigint, paid_fen bigint, share_code varchar,
                                      items varchar);
                    create table refund (order_id varchar, amount bigint);
                    create table ev (c integer, name varchar, ts bigint, field varchar, payload varchar);
                    """);
            try (Connection source = dataSource.getConnection()) {
                source.setAutoCommit(false); // PostgreSQL streams with a fetch size only in a transaction
                copy(
                        source,
                        "select customer_no, field, since, until from customer_relation"
                                + " where workspace_id = ? and brand_id = ?",
                        ws,
                        brand,
                        "rel",
                        (rs, a) -> {
                            a.append(rs.getInt(1)).append(rs.getString(2)).append(micros(rs, 3));
                            long until = micros(rs, 4);
                            a.append(until == Long.MIN_VALUE ? Long.MAX_VALUE : until);
                        });
                copy(
                        source,
                        "select order_id, customer_no, paid_at, paid_fen, share_code, items from customer_order"
                                + " where workspace_id = ? and brand_id = ?",
                        ws,
                        brand,
                        "ord",
                        (rs, a) -> {
                            a.append(rs.getString(1))
                                    .append(rs.getInt(2))
                                    .append(micros(rs, 3))
                                    .append(rs.getLong(4));
                            string(a, rs.getString(5));
                            string(a, rs.getString(6));
                        });
                copy(
                        source,
                        "select order_id, amount_fen from order_refund where workspace_id = ? and brand_id = ?",
                        ws,
                        brand,
                        "refund",
                        (rs, a) -> a.append(rs.getString(1)).append(rs.getLong(2)));
                copy(
                        source,
                        "select customer_no, event_name, occurred_at, field,"
                                + " case when event_name in ('Content Shared', 'Review Posted') then payload end"
                                + " from event_log where workspace_id = ? and brand_id = ? and msg_type = 'track'"
                                + " and event_name in ('Field Visited', 'Live Watched', 'Content Shared', 'Review Posted')",
                        ws,
                        brand,
                        "ev",
                        (rs, a) -> {
                            a.append(rs.getInt(1)).append(rs.getString(2)).append(micros(rs, 3));
                            string(a, rs.getString(4));
                            string(a, rs.getString(5));
                        });
                source.commit();
            }
            String fields = String.join(
                    ", ", FactLoader.FIELDS.stream().map(f -> "'" + f + "'").toList());
            execute("""
                    create table item as
                      select order_id, json_extract_string(j, '$.product_id') as product
                        from (select order_id, unnest(from_json(items, '["JSON"]')) as j from ord where items is not null)
                       where json_type(j) = 'OBJECT' and json_extract_string(j, '$.product_id') is not null;
                    create table share as
                      select c, ts, json_extract_string(payload, '$.properties.share_code') as code
                        from ev where name = 'Content Shared'
                         and json_extract_string(payload, '$.properties.share_code') is not null;
                    create table review as
                      select c, ts, %1$s as day, json_extract_string(payload, '$.properties.product_id') as product,
                             cast(trunc(cast(json_extract(payload, '$.properties.rating') as double)) as integer) as rating
                        from ev where name = 'Review Posted'
                         and json_type(json_extract(payload, '$.properties.rating')) in ('BIGINT', 'UBIGINT', 'DOUBLE');
                    create table visit as
                      select c, %1$s as day, case when name = 'Live Watched' then 'live_room' else field end as field
                        from ev where name = 'Live Watched' or (name = 'Field Visited' and field in (%2$s));
                    drop table ev;
                    create type field_code as enum (%2$s);
                    alter table rel alter column field type field_code;
                    alter table visit alter column field type field_code;
                    """.formatted(DAY.formatted("ts"), fields));
        }

        interface RowCopy {
            void row(ResultSet rs, DuckDBAppender appender) throws SQLException;
        }

        private void copy(Connection source, String sql, long ws, long brand, String table, RowCopy row)
                throws SQLException {
            try (PreparedStatement select = source.prepareStatement(sql);
                    DuckDBAppender appender = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
                select.setFetchSize(10_000);
                select.setLong(1, ws);
                select.setLong(2, brand);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        appender.beginRow();
                        row.row(rs, appender);
                        appender.endRow();
                    }
                }
            }
        }

        private static void string(DuckDBAppender a, String value) throws SQLException {
            if (value == null) {
                a.appendNull();
            } else {
                a.append(value);
            }
        }

        /** Microseconds since the epoch; {@link Long#MIN_VALUE} for null. */
        private static long micros(ResultSet rs, int column) throws SQLException {
            OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
            return t == null ? Long.MIN_VALUE : Days.micros(t.toInstant());
        }

        /**
         * The figures of each period but the first (which serves as the previous period of the
         * second), by period text; {@code periods} are consecutive.
         */
        Map<String, Map<String, Long>> figures(List<Period> periods) {
            try {
                execute("create or replace temp table per (p integer, s bigint, e bigint, d0 integer, d1 integer)");
                try (var insert = duck.prepareStatement("insert into per values (?, ?, ?, ?, ?)")) {
                    for (int i = 0; i < periods.size(); i++) {
                        Period p = periods.get(i);
                        insert.setInt(1, i);
                        insert.setLong(2, Days.micros(p.start(FastBenchBrand.ZONE)));
                        insert.setLong(3, Days.micros(p.end(FastBenchBrand.ZONE)));
                        insert.setInt(4, (int) p.first().toEpochDay());
                        insert.setInt(5, (int) p.last().toEpochDay());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                execute("""
                        create or replace temp table net as
                          select o.c, o.order_id, o.paid, %1$s as day, o.paid_fen - coalesce(r.refunded, 0) as net,
                                 o.share_code
                            from ord o
                            left join (select order_id, sum(amount) as refunded from refund group by order_id) r
                                   using (order_id);
                        create or replace temp table attributed as
                          select n.order_id, any_value(n.paid) as paid, any_value(n.net) as net, any_value(n.day) as day,
                                 first(s.c order by s.ts desc, s.c) as sharer
                            from net n
                            join share s on s.code = n.share_code and s.c <> n.c and s.ts <= n.paid
                                        and n.paid - s.ts <= %2$d
                           group by n.order_id;
                        create or replace temp table mday as
                          select n.c, n.day from net n
                           where exists (select 1 from rel m where m.field = 'membership' and m.c = n.c
                                            and m.since <= n.paid and n.paid < m.until)
                           group by n.c, n.day having sum(n.net) > 0;
                        create or replace temp table good as
                          select v.c, v.day from review v
                           where v.rating >= 4
                             and exists (select 1 from ord o join item i on i.order_id = o.order_id
                                          where o.c = v.c and o.paid <= v.ts and i.product = v.product)
                          union all
                          select sharer, day from attributed;
                        create or replace temp table held as
                          select distinct p.p, r.c, r.field from rel r join per p on r.since < p.e and r.until >= p.e;
                        create or replace temp table lay as
                          with u as (select p, c, bool_or(field = 'membership') as member from held group by p, c),
                               d as (select p.p, m.c, count(*) as days from mday m
                                       join per p on m.day between p.d0 and p.d1 group by p.p, m.c),
                               g as (select distinct p.p, g.c from good g join per p on g.day between p.d0 and p.d1),
                               v as (select p.p, x.c, sum(x.net) as clv
                                       from (select c, paid, net from net union all select sharer, paid, net from attributed) x
                                       join per p on x.paid < p.e group by p.p, x.c)
                          select u.p, u.c,
                                 case when not u.member then 1 when d.days is null then 2 when d.days = 1 then 3
                                      when g.c is not null then 5 else 4 end as layer,
                                 coalesce(v.clv, 0) as clv
                            from u left join d using (p, c) left join g using (p, c) left join v using (p, c);
                        """.formatted(DAY.formatted("o.paid"), WINDOW));
                Map<Integer, Map<String, Long>> byIndex = new TreeMap<>();
                for (int i = 1; i < periods.size(); i++) {
                    byIndex.put(i, zeros());
                }
                query("""
                        select p, layer, count(*), sum(clv),
                               count(*) filter (where clv <= 0),
                               count(*) filter (where clv > 0 and clv <= 10000),
                               count(*) filter (where clv > 10000 and clv <= 30000),
                               count(*) filter (where clv > 30000 and clv <= 100000),
                               count(*) filter (where clv > 100000 and clv <= 300000),
                               count(*) filter (where clv > 300000)
                          from lay where p > 0 group by p, layer
                        """, rs -> {
                    Map<String, Long> f = byIndex.get(rs.getInt(1));
                    String layer = Layer.ofCode(rs.getInt(2)).id();
                    f.put("layer." + layer, rs.getLong(3));
                    f.put("clv." + layer + ".customers", rs.getLong(3));
                    f.put("clv." + layer + ".sumFen", rs.getLong(4));
                    for (int b = 0; b < PeriodFigures.CLV_BUCKETS.length; b++) {
                        f.put("clv." + layer + ".bucket" + b, rs.getLong(5 + b));
                    }
                    f.merge("capital", rs.getLong(3), Long::sum);
                });
                query(
                        "select p, layer, count(*) from lay where p < " + (periods.size() - 1) + " group by p, layer",
                        rs -> byIndex.get(rs.getInt(1) + 1).merge("previousCapital", rs.getLong(3), Long::sum));
                query(
                        "select p, field, count(*) from held where p > 0 group by p, field",
                        rs -> byIndex.get(rs.getInt(1)).put("field." + rs.getString(2), rs.getLong(3)));
                query("""
                        with vis as (select distinct p.p, v.c, v.field from visit v
                                       join per p on v.day between p.d0 and p.d1 where p.p > 0),
                             act as (select distinct vis.p, vis.c, vis.field from vis
                                       join per p using (p)
                                       join rel r on r.c = vis.c and r.field = vis.field and r.since < p.e and r.until > p.s)
                        select vis.p, vis.field, count(*), count(act.c)
                          from vis left join act using (p, c, field) group by vis.p, vis.field
                        """, rs -> {
                    Map<String, Long> f = byIndex.get(rs.getInt(1));
                    f.put("visitors." + rs.getString(2), rs.getLong(3));
                    f.put("active." + rs.getString(2), rs.getLong(4));
                });
                query("""
                        select coalesce(n.p, b.p + 1) as p, coalesce(b.layer, 0) as f, coalesce(n.layer, 0) as t, count(*)
                          from (select p, c, layer from lay where p > 0) n
                          full join (select p, c, layer from lay where p < %d) b on b.p + 1 = n.p and b.c = n.c
                         group by all
                        """.formatted(periods.size() - 1), rs -> {
                    Map<String, Long> f = byIndex.get(rs.getInt(1));
                    int from = rs.getInt(2);
                    int to = rs.getInt(3);
                    f.put(
                            "transition." + Layer.ofCode(from).id() + "."
                                    + Layer.ofCode(to).id(),
                            rs.getLong(4));
                    if (to > from) {
                        f.merge("deepened", rs.getLong(4), Long::sum);
                    }
                });
                Map<String, Map<String, Long>> figures = new TreeMap<>();
                byIndex.forEach((i, f) -> figures.put(periods.get(i).text(), f));
                return figures;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Every figure at zero, as a report without customers shows it. */
        private static Map<String, Long> zeros() {
            Map<String, Long> f = new TreeMap<>();
            f.put("capital", 0L);
            f.put("deepened", 0L);
            f.put("previousCapital", 0L);
            for (Layer a : Layer.values()) {
                if (a != Layer.NONE) {
                    f.put("layer." + a.id(), 0L);
                    f.put("clv." + a.id() + ".customers", 0L);
                    f.put("clv." + a.id() + ".sumFen", 0L);
                    for (int b = 0; b < PeriodFigures.CLV_BUCKETS.length; b++) {
                        f.put("clv." + a.id() + ".bucket" + b, 0L);
                    }
                }
                for (Layer b : Layer.values()) {
                    if (a != Layer.NONE || b != Layer.NONE) {
                        f.put("transition." + a.id() + "." + b.id(), 0L);
                    }
                }
            }
            for (String field : FactLoader.FIELDS) {
                f.put("field." + field, 0L);
                f.put("visitors." + field, 0L);
                f.put("active." + field, 0L);
            }
            return f;
        }

        String memory() throws SQLException {
            StringBuilder s = new StringBuilder();
            query(
                    "select sum(memory_usage_bytes) from duckdb_memory()",
                    rs -> s.append(rs.getLong(1) >> 20).append(" MiB"));
            return s.toString();
        }

        interface Row {
            void accept(ResultSet rs) throws SQLException;
        }

        private void query(String sql, Row row) throws SQLException {
            long t = System.nanoTime();
            try (Statement s = duck.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
            trace(sql, t);
        }

        private void execute(String sql) throws SQLException {
            try (Statement s = duck.createStatement()) {
                for (String statement : sql.split(";")) {
                    if (!statement.isBlank()) {
                        long t = System.nanoTime();
                        s.execute(statement);
                        trace(statement, t);
                    }
                }
            }
        }

        private static void trace(String statement, long since) {
            if (Boolean.getBoolean("fastbench.trace")) {
                System.out.printf(
                        "  %6.0f ms  %s%n",
                        millis(since), statement.strip().lines().findFirst().orElse(""));
            }
        }

        @Override
        public void close() throws SQLException {
            duck.close();
        }
    }

    private static double time(Supplier<?> call) {
        long t = System.nanoTime();
        call.get();
        return millis(t);
    }

    private static double millis(long since) {
        return (System.nanoTime() - since) / 1e6;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }

    private static String sorted(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        StringBuilder s = new StringBuilder();
        for (double v : sorted) {
            s.append(s.isEmpty() ? "" : " ").append(String.format("%.0f", v));
        }
        return s.toString();
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
