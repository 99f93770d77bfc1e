package io.reservoir.insight;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A deterministic brand for the FAST+ report benchmark, written straight into the tables the
 * intake fills ({@code customer}, {@code customer_relation}, {@code customer_order}, {@code
 * order_refund}, {@code event_log}): with batched JDBC on H2, with {@code COPY} on PostgreSQL.
 *
 * <p>Customer {@code c} (0 … n−1, n = members × 5/4; every customer but each fifth joins the
 * membership) draws everything from a random stream seeded by ({@code seed}, c), so the same
 * rows come out on both databases. Relations across the fields open from 2024-01 on, a quarter of
 * them close later and some members leave and rejoin; orders (skewed: most customers buy little,
 * a tenth buy every few weeks) of 1–3 products fall from 2024-10-01 to 2025-12-31 (Asia/Shanghai),
 * 8 % are refunded (in full or in part), 6 % are reviewed and 6 % carry a share code; 6 % of the
 * customers share content in a fifth of the weeks (and sometimes forward someone else's code);
 * visits ({@code Field Visited}, 15 % {@code Live Watched}), mostly in fields the customer holds,
 * fill the rest up to {@code events}. Rows are written customer by customer, so each table's
 * keys arrive in ascending order.
 */
final class FastBenchBrand {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final long MICROS_PER_DAY = 86_400_000_000L;
    static final long WEEK = 7 * MICROS_PER_DAY;
    /** Relations open from here on. */
    static final long HISTORY_START = micros(LocalDate.of(2024, 1, 1));
    /** Orders, visits, shares and reviews from here on. */
    static final long FIRST = micros(LocalDate.of(2024, 10, 1));
    /** Nothing at or after this instant (2026-01-01 in the brand's zone). */
    static final long END = micros(LocalDate.of(2026, 1, 1));
    /** Monday before {@link #FIRST}: share codes are per sharer and week counted from here. */
    static final long WEEK_ZERO = micros(LocalDate.of(2024, 9, 30));

    static final List<String> FIELDS = FactLoader.FIELDS;
    static final int MEMBERSHIP = FIELDS.indexOf("membership");
    static final int LIVE_ROOM = FIELDS.indexOf("live_room");
    /** Chance (percent) that a customer holds each field besides the membership. */
    static final int[] FIELD_PERCENT = fieldPercents();

    static final String[] CHANNELS = {
        "tmall", "jd", "douyin", "wechat_miniprogram", "wechat_oa", "wecom", "app", "offline_pos"
    };
    static final int PRODUCTS = 500;

    final long ws;
    final long brand;
    final int customers;
    final long seed;

    FastBenchBrand(long ws, long brand, int members, long seed) {
        this.ws = ws;
        this.brand = brand;
        this.customers = members / 4 * 5;
        this.seed = seed;
    }

    private static int[] fieldPercents() {
        Map<String, Integer> percent = new LinkedHashMap<>();
        percent.put("store", 50);
        percent.put("group_chat", 25);
        percent.put("live_room", 15);
        percent.put("dedicated_cs", 5);
        percent.put("subscription", 10);
        percent.put("mini_program", 30);
        percent.put("official_account", 35);
        percent.put("guide_wecom", 20);
        percent.put("offline_store", 10);
        int[] p = new int[FIELDS.size()];
        percent.forEach((field, value) -> p[FIELDS.indexOf(field)] = value);
        return p;
    }

    static long micros(LocalDate day) {
        return Days.micros(day.atStartOfDay(ZONE).toInstant());
    }

    /** Rows written per table, and the events they stand for. */
    static final class Counts {
        long customers;
        long relations;
        long relationEvents; // openings and closings
        long orders;
        long refunds;
        long visits;
        long shares;
        long reviews;

        long logRows() {
            return visits + shares + reviews;
        }

        long events() {
            return relationEvents + orders + refunds + logRows();
        }

        @Override
        public String toString() {
            return String.format(
                    "customer %,d | customer_relation %,d (%,d relation events) | customer_order %,d | order_refund %,d"
                            + " | event_log %,d (visits %,d, shares %,d, reviews %,d) | events %,d",
                    customers,
                    relations,
                    relationEvents,
                    orders,
                    refunds,
                    logRows(),
                    visits,
                    shares,
                    reviews,
                    events());
        }
    }

    /** Where one customer's rows go: counted only (the dry run) or written. */
    interface Out {
        void customer(int c, long created);

        void relation(int c, int field, long since, long until, String source);

        void order(int c, long paid, long fen, String channel, String items, String shareCode);

        void refund(int c, long at, long fen);

        void event(int c, String name, String field, String channel, long at, String properties);
    }

    /** Writes the brand into an empty database; answers what was written. */
    Counts write(DataSource dataSource, String database, long events) throws SQLException {
        Counts planned = new Counts();
        CountingOut dry = new CountingOut(planned, null);
        for (int c = 0; c < customers; c++) {
            customer(c, dry, 0);
        }
        // visits fill the rest, with a margin for the randomness of their number
        double visitMean = Math.max(1, (events - planned.events()) * 1.01 / customers);
        Counts written = new Counts();
        try (Tables tables = new Tables(dataSource, database)) {
            CountingOut out = new CountingOut(written, tables);
            for (int c = 0; c < customers; c++) {
                customer(c, out, visitMean);
            }
        }
        try (Connection connection = dataSource.getConnection();
                var s = connection.createStatement()) {
            s.execute("alter table event_log alter column seq restart with " + (written.logRows() + 1));
            s.executeUpdate("update customer_counter set next_no = " + customers + " where workspace_id = " + ws);
            try (var rs = s.executeQuery("select count(*) from customer_counter where workspace_id = " + ws)) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    s.executeUpdate("insert into customer_counter (workspace_id, next_no) values (" + ws + ", "
                            + customers + ")");
                }
            }
            if (database.equals("postgresql")) {
                s.execute("analyze");
            }
        }
        return written;
    }

    /** One customer's rows; {@code visitMean} 0 leaves out the visits (the dry run). */
    void customer(int c, Out out, double visitMean) {
        SplittableRandom r = new SplittableRandom(mix(seed, c, 1));
        long t0 = HISTORY_START + seconds(r.nextLong(END - 10 * MICROS_PER_DAY - HISTORY_START));
        out.customer(c, t0);
        boolean member = c % 5 != 0;

        // relations: [field, since, until (Long.MAX_VALUE: open)]
        List<long[]> relations = new ArrayList<>();
        boolean joinsFirst = member && r.nextInt(100) < 30;
        if (!joinsFirst) {
            relations.add(relation(r, pickOtherField(r), t0, 25));
        }
        for (int f = 0; f < FIELDS.size(); f++) {
            if (f != MEMBERSHIP && r.nextInt(100) < FIELD_PERCENT[f] && !holds(relations, f)) {
                long since = t0 + seconds(r.nextLong(90 * MICROS_PER_DAY));
                if (since < END) {
                    relations.add(relation(r, f, since, 25));
                }
            }
        }
        if (member) {
            long since = joinsFirst ? t0 : t0 + seconds(r.nextLong(45 * MICROS_PER_DAY));
            while (since < END) {
                long[] m = relation(r, MEMBERSHIP, since, 12);
                relations.add(m);
                if (m[2] == Long.MAX_VALUE || r.nextInt(100) >= 30) {
                    break;
                }
                since = m[2] + seconds(10 * MICROS_PER_DAY + r.nextLong(110 * MICROS_PER_DAY)); // rejoins
            }
        }
        relations.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        for (long[] rel : relations) {
            out.relation(c, (int) rel[0], rel[1], rel[2], CHANNELS[r.nextInt(CHANNELS.length)]);
        }

        // orders, with their refunds and reviews
        long from = Math.max(t0, FIRST);
        int u = r.nextInt(100);
        int orders;
        if (member) {
            orders = u < 35 ? 0 : u < 70 ? 1 + r.nextInt(3) : u < 92 ? 4 + r.nextInt(9) : 13 + r.nextInt(28);
        } else {
            orders = u < 60 ? 0 : 1 + r.nextInt(2);
        }
        long[] paid = new long[orders];
        for (int i = 0; i < orders; i++) {
            paid[i] = from + seconds(r.nextLong(END - from));
        }
        Arrays.sort(paid);
        for (long at : paid) {
            long fen = Math.max(100, Math.round(Math.exp(8.5 + 0.9 * r.nextGaussian())));
            int lines = 1 + (r.nextInt(100) < 70 ? 0 : r.nextInt(3));
            StringBuilder items = new StringBuilder("[");
            String firstProduct = null;
            for (int l = 0; l < lines; l++) {
                double p = r.nextDouble();
                String product = product((int) (PRODUCTS * p * p));
                firstProduct = firstProduct == null ? product : firstProduct;
                items.append(l == 0 ? "" : ",")
                        .append("{\"product_id\":\"")
                        .append(product)
                        .append("\",\"quantity\":")
                        .append(1 + (r.nextInt(100) < 80 ? 0 : r.nextInt(3)))
                        .append('}');
            }
            items.append(']');
            String code = r.nextInt(100) < 6 ? shareCode(r, c, at) : null;
            out.order(c, at, fen, CHANNELS[r.nextInt(CHANNELS.length)], items.toString(), code);
            if (r.nextInt(100) < 8) {
                long refunded = r.nextInt(100) < 40 ? fen : 1 + r.nextLong(fen - 1);
                out.refund(c, at + seconds(3_600_000_000L + r.nextLong(20 * MICROS_PER_DAY)), refunded);
            }
            if (r.nextInt(100) < 6) {
                int v = r.nextInt(100);
                int rating = v < 60 ? 5 : v < 80 ? 4 : 1 + r.nextInt(3);
                String product = r.nextInt(100) < 90 ? firstProduct : product(r.nextInt(PRODUCTS));
                long reviewed = at + seconds(MICROS_PER_DAY + r.nextLong(14 * MICROS_PER_DAY));
                out.event(
                        c,
                        "Review Posted",
                        null,
                        "wechat_miniprogram",
                        reviewed,
                        "{\"product_id\":\"" + product + "\",\"rating\":" + rating + "}");
            }
        }

        // shares: a sharer's own code in some weeks, and now and then someone else's
        if (isSharer(c)) {
            for (int w = week(from); w <= week(END - 1); w++) {
                if (sharesInWeek(c, w)) {
                    long at = shareTime(c, w);
                    if (at >= from && at < END) {
                        out.event(c, "Content Shared", null, "wechat_miniprogram", at, shareProperties(c, w));
                    }
                }
                SplittableRandom f = new SplittableRandom(mix(seed, c, 1_000_000L + w));
                if (f.nextInt(100) < 5) {
                    int sharer = sharerOfWeek(f, c, w);
                    long at = weekStart(w) + seconds(f.nextLong(WEEK));
                    if (sharer >= 0 && at >= from && at < END) {
                        out.event(c, "Content Shared", null, "wechat_miniprogram", at, shareProperties(sharer, w));
                    }
                }
            }
        }

        // visits, the bulk of the log, from their own stream
        if (visitMean > 0) {
            SplittableRandom v = new SplittableRandom(mix(seed, c, 2));
            int visits = (int) Math.round(visitMean * -Math.log(1 - v.nextDouble()));
            for (int i = 0; i < visits; i++) {
                long at = from + seconds(v.nextLong(END - from));
                if (v.nextInt(100) < 15) {
                    out.event(c, "Live Watched", "live_room", "douyin", at, "{\"field\":\"live_room\"}");
                } else {
                    int field = v.nextInt(100) < 75
                            ? (int) relations.get(v.nextInt(relations.size()))[0]
                            : v.nextInt(FIELDS.size());
                    String name = FIELDS.get(field);
                    out.event(c, "Field Visited", name, "wechat_miniprogram", at, "{\"field\":\"" + name + "\"}");
                }
            }
        }
    }

    private static boolean holds(List<long[]> relations, int field) {
        for (long[] r : relations) {
            if (r[0] == field) {
                return true;
            }
        }
        return false;
    }

    private static int pickOtherField(SplittableRandom r) {
        int[] choices = {
            FIELDS.indexOf("store"),
            FIELDS.indexOf("official_account"),
            FIELDS.indexOf("mini_program"),
            FIELDS.indexOf("group_chat"),
            FIELDS.indexOf("offline_store")
        };
        return choices[r.nextInt(choices.length)];
    }

    /** A relation opening at {@code since}, closing later with the chance {@code closePercent}. */
    private static long[] relation(SplittableRandom r, int field, long since, int closePercent) {
        long until = Long.MAX_VALUE;
        if (r.nextInt(100) < closePercent) {
            long at = since + seconds(MICROS_PER_DAY + r.nextLong(365 * MICROS_PER_DAY));
            if (at < END) {
                until = at;
            }
        }
        return new long[] {field, since, until};
    }

    boolean isSharer(int c) {
        return Math.floorMod(mix(seed, c, 3), 100) < 6;
    }

    boolean sharesInWeek(int c, int w) {
        return Math.floorMod(mix(seed, c, 4_000_000L + w), 100) < 20;
    }

    long shareTime(int c, int w) {
        return weekStart(w) + seconds(Math.floorMod(mix(seed, c, 5_000_000L + w), WEEK));
    }

    /** A sharer other than {@code not} who shared its code in week {@code w}, or −1. */
    int sharerOfWeek(SplittableRandom r, int not, int w) {
        for (int tries = 0; tries < 2_000; tries++) {
            int s = r.nextInt(customers);
            if (s != not && isSharer(s) && sharesInWeek(s, w)) {
                return s;
            }
        }
        return -1;
    }

    /** The code of someone's share of the week of {@code paid}, for an order of {@code buyer}. */
    private String shareCode(SplittableRandom r, int buyer, long paid) {
        int w = week(paid);
        int sharer = sharerOfWeek(r, buyer, w);
        return sharer < 0 ? null : code(sharer, w);
    }

    static String code(int sharer, int w) {
        return "S" + sharer + "-" + w;
    }

    private static String shareProperties(int sharer, int w) {
        return "{\"share_code\":\"" + code(sharer, w) + "\",\"content_id\":\"c" + (w % 40) + "\"}";
    }

    static int week(long micros) {
        return (int) ((micros - WEEK_ZERO) / WEEK);
    }

    static long weekStart(int w) {
        return WEEK_ZERO + w * WEEK;
    }

    static String product(int i) {
        return "P" + (10_000 + i);
    }

    /** Whole seconds: stored timestamps then print simply. */
    private static long seconds(long micros) {
        return micros - micros % 1_000_000L;
    }

    static long mix(long seed, long a, long b) {
        long x = seed * 0x9E3779B97F4A7C15L + a * 0xC2B2AE3D27D4EB4FL + b * 0x165667B19E3779F9L;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }

    /** Counts rows and passes them to the tables (none in the dry run). */
    private final class CountingOut implements Out {
        final Counts counts;
        final Tables tables;
        long orderNo;
        long refundNo;
        long seq;

        CountingOut(Counts counts, Tables tables) {
            this.counts = counts;
            this.tables = tables;
        }

        @Override
        public void customer(int c, long created) {
            counts.customers++;
            if (tables != null) {
                tables.customers.row(ws, c, "fb" + c, "active", time(created));
            }
        }

        @Override
        public void relation(int c, int field, long since, long until, String source) {
            counts.relations++;
            counts.relationEvents += until == Long.MAX_VALUE ? 1 : 2;
            if (tables != null) {
                tables.relations.row(
                        ws,
                        c,
                        brand,
                        FIELDS.get(field),
                        time(since),
                        until == Long.MAX_VALUE ? null : time(until),
                        source);
            }
        }

        private String lastOrder;
        private long lastPaid;

        @Override
        public void order(int c, long paid, long fen, String channel, String items, String shareCode) {
            counts.orders++;
            lastOrder = id("o", ++orderNo);
            lastPaid = paid;
            if (tables != null) {
                tables.orders.row(
                        ws,
                        brand,
                        lastOrder,
                        c,
                        channel,
                        time(paid),
                        fen,
                        "CNY",
                        items,
                        null,
                        null,
                        shareCode,
                        lastOrder);
            }
        }

        @Override
        public void refund(int c, long at, long fen) {
            counts.refunds++;
            if (tables != null) {
                tables.refunds.row(ws, id("r", ++refundNo), brand, lastOrder, c, fen, time(at));
            }
        }

        @Override
        public void event(int c, String name, String field, String channel, long at, String properties) {
            switch (name) {
                case "Content Shared" -> counts.shares++;
                case "Review Posted" -> counts.reviews++;
                default -> counts.visits++;
            }
            if (tables != null) {
                long s = ++seq;
                String id = id("e", s);
                String payload = "{\"type\":\"track\",\"messageId\":\"" + id + "\",\"userId\":\"fb" + c
                        + "\",\"event\":\"" + name + "\",\"context\":{\"channel\":\"" + channel + "\"},\"properties\":"
                        + properties + "}";
                OffsetDateTime t = time(at);
                tables.events.row(ws, s, id, c, brand, channel, field, "track", name, t, t, "", payload);
            }
        }
    }

    private static String id(String prefix, long n) {
        String digits = Long.toString(n);
        return prefix + "0".repeat(Math.max(0, 10 - digits.length())) + digits;
    }

    private static OffsetDateTime time(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    /** The five tables, each written over its own connection. */
    private static final class Tables implements AutoCloseable {
        final Rows customers;
        final Rows relations;
        final Rows orders;
        final Rows refunds;
        final Rows events;

        Tables(DataSource dataSource, String database) throws SQLException {
            customers = Rows.of(
                    dataSource, database, "customer", "workspace_id, customer_no, public_id, status, created_at");
            relations = Rows.of(
                    dataSource,
                    database,
                    "customer_relation",
                    "workspace_id, customer_no, brand_id, field, since, until, source");
            orders = Rows.of(
                    dataSource,
                    database,
                    "customer_order",
                    "workspace_id, brand_id, order_id, customer_no, channel, paid_at, paid_fen, currency, items,"
                            + " coupon_codes, guide_code, share_code, message_id");
            refunds = Rows.of(
                    dataSource,
                    database,
                    "order_refund",
                    "workspace_id, message_id, brand_id, order_id, customer_no, amount_fen, refunded_at");
            events = Rows.of(
                    dataSource,
                    database,
                    "event_log",
                    "workspace_id, seq, message_id, customer_no, brand_id, channel, field, msg_type, event_name,"
                            + " occurred_at, received_at, identity_keys, payload");
        }

        @Override
        public void close() throws SQLException {
            for (Rows rows : List.of(customers, relations, orders, refunds, events)) {
                rows.close();
            }
        }
    }

    /** Rows into one table: JDBC batches (H2) or {@code COPY … from stdin} (PostgreSQL). */
    private abstract static class Rows implements AutoCloseable {
        final Connection connection;

        Rows(Connection connection) {
            this.connection = connection;
        }

        static Rows of(DataSource dataSource, String database, String table, String columns) throws SQLException {
            Connection connection = dataSource.getConnection();
            return database.equals("postgresql")
                    ? new Copy(connection, table, columns)
                    : new Batch(connection, table, columns);
        }

        abstract void row(Object... values);

        @Override
        public abstract void close() throws SQLException;
    }

    private static final class Batch extends Rows {
        static final int SIZE = 5_000;
        final PreparedStatement insert;
        int pending;

        Batch(Connection connection, String table, String columns) throws SQLException {
            super(connection);
            connection.setAutoCommit(false);
            String marks = String.join(", ", java.util.Collections.nCopies(columns.split(",").length, "?"));
            insert = connection.prepareStatement("insert into " + table + " (" + columns + ") values (" + marks + ")");
        }

        @Override
        void row(Object... values) {
            try {
                for (int i = 0; i < values.length; i++) {
                    insert.setObject(i + 1, values[i]);
                }
                insert.addBatch();
                if (++pending == SIZE) {
                    flush();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        private void flush() throws SQLException {
            insert.executeBatch();
            connection.commit();
            pending = 0;
        }

        @Override
        public void close() throws SQLException {
            flush();
            insert.close();
            connection.setAutoCommit(true);
            connection.close();
        }
    }

    private static final class Copy extends Rows {
        final CopyIn copy;
        final StringBuilder buffer = new StringBuilder(1 << 20);

        Copy(Connection connection, String table, String columns) throws SQLException {
            super(connection);
            copy = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("copy " + table + " (" + columns + ") from stdin");
        }

        @Override
        void row(Object... values) {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    buffer.append('\t');
                }
                Object v = values[i];
                if (v == null) {
                    buffer.append("\\N");
                } else {
                    String s = v.toString();
                    for (int k = 0; k < s.length(); k++) {
                        char ch = s.charAt(k);
                        switch (ch) {
                            case '\\' -> buffer.append("\\\\");
                            case '\t' -> buffer.append("\\t");
                            case '\n' -> buffer.append("\\n");
                            default -> buffer.append(ch);
                        }
                    }
                }
            }
            buffer.append('\n');
            if (buffer.length() > (1 << 20) - 4096) {
                flush();
            }
        }

        private void flush() {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            buffer.setLength(0);
            try {
                copy.writeToCopy(bytes, 0, bytes.length);
            } catch (SQLException e) {
                throw new UncheckedIOException(new IOException(e));
            }
        }

        @Override
        public void close() throws SQLException {
            flush();
            copy.endCopy();
            connection.close();
        }
    }
}
