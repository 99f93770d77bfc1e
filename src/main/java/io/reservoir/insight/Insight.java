package io.reservoir.insight;

import io.reservoir.identity.CustomerErased;
import io.reservoir.identity.CustomerUnmerged;
import io.reservoir.identity.CustomersMerged;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.WorkspaceDeleting;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The insight module's API: the FAST+ figures of a brand per period and the customers behind
 * them (docs/metrics.md). Each brand's facts are loaded into memory on first use and caught up
 * with the event log before every answer, so the current period includes what was accepted a
 * moment ago; figures of closed periods are kept until late data reaches them.
 */
@Service
public class Insight {

    /** A series may hold at most this many periods. */
    public static final int MAX_SERIES = 400;

    /** A series computes up to this many periods in one pass over the customers. */
    static final int SERIES_PASS = 32;

    private final Brands brands;
    private final FactLoader loader;
    private final InsightSettings settings;
    private final Clock clock;
    private final Map<Long, WorkspaceFacts> workspaces = new ConcurrentHashMap<>();

    Insight(Brands brands, FactLoader loader, InsightSettings settings, Clock clock) {
        this.brands = brands;
        this.loader = loader;
        this.settings = settings;
        this.clock = clock;
    }

    /** The brands of one workspace whose facts are in memory, and how far the log was read. */
    private static final class WorkspaceFacts {
        final long id;
        long cursor;
        final Map<Long, BrandFacts> brands = new ConcurrentHashMap<>();
        final Set<Integer> marked = ConcurrentHashMap.newKeySet();

        WorkspaceFacts(long id, long cursor) {
            this.id = id;
            this.cursor = cursor;
        }
    }

    /** The FAST+ figures of {@code brandId} for {@code period}; 404 for another workspace's brand. */
    public FastReport fast(Caller caller, long brandId, Period period) {
        return withFacts(caller, brandId, facts -> {
            facts.prepare(List.of(period.previous(), period), this::now);
            return report(facts, period);
        });
    }

    /** The figures of every period from {@code from} to {@code to} (same kind), oldest first. */
    public List<FastReport> series(Caller caller, long brandId, Period from, Period to) {
        List<Period> periods = periods(from, to);
        return withFacts(caller, brandId, facts -> {
            List<FastReport> reports = new ArrayList<>();
            // a few periods at a time in one pass each, well within the figures a brand keeps
            for (int i = 0; i < periods.size(); i += SERIES_PASS) {
                List<Period> pass = new ArrayList<>();
                pass.add(periods.get(i).previous());
                pass.addAll(periods.subList(i, Math.min(periods.size(), i + SERIES_PASS)));
                facts.prepare(pass, this::now);
                for (Period p : pass.subList(1, pass.size())) {
                    reports.add(report(facts, p));
                }
            }
            return reports;
        });
    }

    /** The periods of a series, refused naming {@code to} when they are not one. */
    static List<Period> periods(Period from, Period to) {
        if (from.kind() != to.kind()) {
            throw ReservoirException.invalid("to", "must be a period of the same kind as from (" + from.kind() + ")");
        }
        if (to.first().isBefore(from.first())) {
            throw ReservoirException.invalid("to", "is before from");
        }
        List<Period> periods = from.through(to);
        if (periods.size() > MAX_SERIES) {
            throw ReservoirException.invalid("to", "makes a series of more than " + MAX_SERIES + " periods");
        }
        return periods;
    }

    /**
     * The customers (dense numbers, ascending) behind a figure of {@link #fast}: {@code capital},
     * {@code capital.layer.<layer>}, {@code capital.field.<field>}, {@code deepened},
     * {@code transition.<from>.<to>}, {@code connection.<field>.visitors},
     * {@code connection.<field>.active}, {@code clv.layer.<layer>}; an unknown key is a 400
     * naming {@code figure}.
     */
    public int[] customers(Caller caller, long brandId, Period period, String figure) {
        return withFacts(caller, brandId, facts -> {
            PeriodFigures now = facts.figures(period, this::now);
            PeriodFigures before = facts.figures(period.previous(), this::now);
            return behind(figure, now, before);
        });
    }

    /** Customers by layer at the end of {@code from} (row) and at the end of {@code to} (column). */
    public FastReport.Transitions transitions(Caller caller, long brandId, Period from, Period to) {
        return withFacts(
                caller,
                brandId,
                facts -> transitionTable(transitions(facts.figures(to, this::now), facts.figures(from, this::now))));
    }

    private static FastReport.Transitions transitionTable(long[][] matrix) {
        List<List<Long>> rows = new ArrayList<>();
        for (long[] row : matrix) {
            rows.add(java.util.Arrays.stream(row).boxed().toList());
        }
        return new FastReport.Transitions(
                java.util.Arrays.stream(Layer.values()).map(Layer::id).toList(), rows);
    }

    /** Each layered customer's CLV at the end of {@code period}, in fen. */
    public Map<Integer, Long> clv(Caller caller, long brandId, Period period) {
        return withFacts(caller, brandId, facts -> facts.clv(period, this::now));
    }

    /**
     * The business figures of {@code brandId} for {@code period}, of the orders of {@code channel}
     * and the customers of {@code field} when given (null: all).
     */
    public BusinessReport business(Caller caller, long brandId, Period period, String channel, String field) {
        return businessSeries(caller, brandId, List.of(period), channel, field).get(0);
    }

    /**
     * The business figures of every period from {@code from} to {@code to} (same kind), oldest
     * first, each as {@link #business} gives it.
     */
    public List<BusinessReport> business(
            Caller caller, long brandId, Period from, Period to, String channel, String field) {
        return businessSeries(caller, brandId, periods(from, to), channel, field);
    }

    private List<BusinessReport> businessSeries(
            Caller caller, long brandId, List<Period> periods, String channel, String field) {
        int channelCode = channel == null ? -1 : FactLoader.CHANNELS.indexOf(channel);
        if (channelCode < 0 && channel != null) {
            throw ReservoirException.invalid("channel", "must be one of " + String.join(", ", FactLoader.CHANNELS));
        }
        int fieldCode = field == null ? -1 : FactLoader.FIELDS.indexOf(field);
        if (fieldCode < 0 && field != null) {
            throw ReservoirException.invalid("field", "must be one of " + String.join(", ", FactLoader.FIELDS));
        }
        return withFacts(caller, brandId, facts -> {
            List<BusinessReport> reports = new ArrayList<>();
            for (Period period : periods) {
                var three = new BusinessReports.Three(
                        facts.business(period, channelCode, fieldCode, this::now),
                        facts.business(period.previous(), channelCode, fieldCode, this::now),
                        facts.business(period.yearEarlier(), channelCode, fieldCode, this::now));
                reports.add(BusinessReports.report(
                        facts, period, channel, field, three, facts.cohorts(period, channelCode, fieldCode), now()));
            }
            return reports;
        });
    }

    /** The brand's time zone. */
    public ZoneId zone(Caller caller, long brandId) {
        return ZoneId.of(brands.get(caller, brandId).timeZone());
    }

    private Instant now() {
        return clock.instant();
    }

    private <T> T withFacts(Caller caller, long brandId, java.util.function.Function<BrandFacts, T> answer) {
        Brand brand = brands.get(caller, brandId);
        WorkspaceFacts ws =
                workspaces.computeIfAbsent(caller.workspaceId(), id -> new WorkspaceFacts(id, loader.logEnd(id)));
        synchronized (ws) {
            catchUp(ws);
            BrandFacts facts = ws.brands.get(brandId);
            if (facts == null || !facts.days.zone.getId().equals(brand.timeZone())) {
                // days are the brand's calendar days: a new time zone makes them anew
                Days days = new Days(ZoneId.of(brand.timeZone()));
                facts = new BrandFacts(
                        ws.id,
                        brandId,
                        days,
                        Duration.ofDays(settings.attributionDays()).toNanos() / 1000);
                facts.apply(loader.load(ws.id, brandId, days, facts.products, null));
                ws.brands.put(brandId, facts);
            }
            facts.currency = brand.currency();
            return answer.apply(facts);
        }
    }

    /** Reloads the customers whose facts changed since the log was last read. */
    private void catchUp(WorkspaceFacts ws) {
        Set<Integer> changed = new HashSet<>();
        ws.cursor = loader.changedSince(ws.id, ws.cursor, changed);
        for (Integer marked : List.copyOf(ws.marked)) {
            ws.marked.remove(marked);
            changed.add(marked);
        }
        if (changed.isEmpty()) {
            return;
        }
        for (BrandFacts facts : ws.brands.values()) {
            boolean whole = changed.size() > settings.fullReloadShare() * Math.max(1, facts.customers());
            FactLoader.Loaded loaded =
                    loader.load(ws.id, facts.brandId, facts.days, facts.products, whole ? null : changed);
            // a whole load reads only the customers with rows: a merged-away profile has none left,
            // and must still be covered to lose the facts it held before
            changed.forEach(loaded::of);
            facts.apply(loaded);
        }
    }

    /** A deleted workspace's facts are forgotten once its deletion committed. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(WorkspaceDeleting deleting) {
        workspaces.remove(deleting.workspaceId());
    }

    /** Whether any brand's facts of the workspace are in memory. */
    public boolean holds(long workspaceId) {
        return workspaces.containsKey(workspaceId);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(CustomersMerged merged) {
        mark(merged.workspaceId(), merged.winner(), merged.loser());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(CustomerUnmerged unmerged) {
        mark(unmerged.workspaceId(), unmerged.from(), unmerged.restored());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(CustomerErased erased) {
        mark(erased.workspaceId(), erased.customerNo());
    }

    private void mark(long workspaceId, int... customers) {
        WorkspaceFacts ws = workspaces.get(workspaceId); // else loaded from the database when first used
        if (ws != null) {
            for (int c : customers) {
                ws.marked.add(c);
            }
        }
    }

    /** Forgets a workspace's facts; the next answer loads them again from the database. */
    public void reload(long workspaceId) {
        workspaces.remove(workspaceId);
    }

    /** Drops the kept figures of every brand in memory, keeping the facts (the benchmark times the computation). */
    void forgetFigures() {
        workspaces.values().forEach(ws -> ws.brands.values().forEach(BrandFacts::forgetFigures));
    }

    private FastReport report(BrandFacts facts, Period period) {
        Supplier<Instant> now = this::now;
        PeriodFigures f = facts.figures(period, now);
        PeriodFigures before = facts.figures(period.previous(), now);
        ZoneId zone = facts.days.zone;
        List<String> fields = FactLoader.FIELDS;

        Map<String, Long> byLayer = new LinkedHashMap<>();
        for (Layer layer : Layer.HELD) {
            byLayer.put(layer.id(), f.layerCounts[layer.ordinal()]);
        }
        Map<String, Long> byField = new LinkedHashMap<>();
        Map<String, FastReport.Connection> connection = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            byField.put(fields.get(i), f.holders[i].getLongCardinality());
            long visitors = f.visitors[i].getLongCardinality();
            long active = f.active[i].getLongCardinality();
            connection.put(fields.get(i), new FastReport.Connection(visitors, active, ratio(active, visitors)));
        }
        long[][] matrix = transitions(f, before);
        long deepened = 0;
        for (int from = 0; from < matrix.length; from++) {
            for (int to = from + 1; to < matrix.length; to++) {
                deepened += matrix[from][to];
            }
        }
        long previousCapital = before.capital();
        Map<String, FastReport.ClvFigures> clvByLayer = new LinkedHashMap<>();
        long allCustomers = 0;
        long allSum = 0;
        long[] allBuckets = new long[PeriodFigures.CLV_BUCKETS.length];
        for (Layer layer : Layer.HELD) {
            int l = layer.ordinal();
            clvByLayer.put(layer.id(), clvFigures(f.layerCounts[l], f.clvSums[l], f.clvBuckets[l]));
            allCustomers += f.layerCounts[l];
            allSum += f.clvSums[l];
            for (int b = 0; b < allBuckets.length; b++) {
                allBuckets[b] += f.clvBuckets[l][b];
            }
        }
        return new FastReport(
                facts.brandId,
                period.text(),
                period.kind(),
                zone.getId(),
                facts.currency,
                period.start(zone),
                period.end(zone),
                period.previous().text(),
                f.computedAt,
                f.capital(),
                byLayer,
                byField,
                new FastReport.Conversion(deepened, previousCapital, ratio(deepened, previousCapital)),
                transitionTable(matrix),
                connection,
                new FastReport.Clv(clvFigures(allCustomers, allSum, allBuckets), clvByLayer));
    }

    private static long[][] transitions(PeriodFigures now, PeriodFigures before) {
        int n = Layer.values().length;
        long[][] matrix = new long[n][n];
        int customers = Math.max(now.layers.length, before.layers.length);
        for (int c = 0; c < customers; c++) {
            int from = before.layerOf(c).ordinal();
            int to = now.layerOf(c).ordinal();
            if (from != 0 || to != 0) {
                matrix[from][to]++;
            }
        }
        return matrix;
    }

    private static FastReport.ClvFigures clvFigures(long customers, long sumFen, long[] buckets) {
        Map<String, Long> distribution = new LinkedHashMap<>();
        for (int b = 0; b < buckets.length; b++) {
            distribution.put(PeriodFigures.CLV_BUCKETS[b], buckets[b]);
        }
        String average = customers == 0
                ? null
                : money(BigDecimal.valueOf(sumFen)
                        .divide(BigDecimal.valueOf(customers), 0, RoundingMode.HALF_UP)
                        .longValueExact());
        return new FastReport.ClvFigures(customers, money(sumFen), average, distribution);
    }

    /** Minor units (fen, cents) as an exact amount with two decimals. */
    static String money(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }

    static BigDecimal ratio(long numerator, long denominator) {
        return denominator == 0
                ? null
                : BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_UP);
    }

    /** The customers behind the figure {@code key}. */
    private static int[] behind(String key, PeriodFigures now, PeriodFigures before) {
        String[] parts = key == null ? new String[0] : key.split("\\.", -1);
        int customers = Math.max(now.layers.length, before.layers.length);
        IntPredicate which = null;
        if (parts.length == 1 && parts[0].equals("capital")) {
            which = c -> now.layerOf(c) != Layer.NONE;
        } else if (parts.length == 1 && parts[0].equals("deepened")) {
            which = c -> now.layerOf(c).deeperThan(before.layerOf(c));
        } else if (parts.length == 3
                && (parts[0].equals("capital") || parts[0].equals("clv"))
                && parts[1].equals("layer")) {
            Layer layer = Layer.of(parts[2]).filter(l -> l != Layer.NONE).orElse(null);
            if (layer != null) {
                which = c -> now.layerOf(c) == layer;
            }
        } else if (parts.length == 3 && parts[0].equals("capital") && parts[1].equals("field")) {
            int field = FactLoader.FIELDS.indexOf(parts[2]);
            if (field >= 0) {
                return now.holders[field].toArray();
            }
        } else if (parts.length == 3 && parts[0].equals("transition")) {
            Layer from = Layer.of(parts[1]).orElse(null);
            Layer to = Layer.of(parts[2]).orElse(null);
            if (from != null && to != null && (from != Layer.NONE || to != Layer.NONE)) {
                which = c -> before.layerOf(c) == from && now.layerOf(c) == to;
            }
        } else if (parts.length == 3 && parts[0].equals("connection")) {
            int field = FactLoader.FIELDS.indexOf(parts[1]);
            if (field >= 0 && parts[2].equals("visitors")) {
                return now.visitors[field].toArray();
            }
            if (field >= 0 && parts[2].equals("active")) {
                return now.active[field].toArray();
            }
        }
        if (which == null) {
            throw ReservoirException.invalid(
                    "figure",
                    "must be one of capital, capital.layer.<layer>, capital.field.<field>, deepened, transition.<from>.<to>,"
                            + " connection.<field>.visitors, connection.<field>.active, clv.layer.<layer>");
        }
        return IntStream.range(0, customers).filter(which).toArray();
    }
}
