package io.reservoir.insight;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.RoaringBitmapWriter;

/**
 * One pass over a brand's customers for one period: each customer's layer at the end of the
 * period, the holders of each field then, the visitors of each field in the period and those of
 * them who held a relation there, and CLV sums and buckets per layer. Transitions and deepening
 * come from comparing two of these.
 */
final class PeriodFigures {

    /** Upper bounds (fen, included) of the CLV buckets; the last bucket has none. */
    static final long[] CLV_BOUNDS = {0, 10_000, 30_000, 100_000, 300_000};

    static final String[] CLV_BUCKETS = {"0", "0-100", "100-300", "300-1000", "1000-3000", "3000+"};

    final Period period;
    final Instant computedAt;
    final byte[] layers;
    final long[] layerCounts = new long[Layer.values().length];
    final long[] clvSums = new long[Layer.values().length];
    final long[][] clvBuckets = new long[Layer.values().length][CLV_BUCKETS.length];
    final RoaringBitmap[] holders;
    final RoaringBitmap[] visitors;
    final RoaringBitmap[] active;

    /** While computing: the bitmaps are written in ascending customer order, then sealed. */
    private RoaringBitmapWriter<RoaringBitmap>[] holderWriters;

    private RoaringBitmapWriter<RoaringBitmap>[] visitorWriters;
    private RoaringBitmapWriter<RoaringBitmap>[] activeWriters;

    private PeriodFigures(Period period, Instant computedAt, int customers, int fields) {
        this.period = period;
        this.computedAt = computedAt;
        this.layers = new byte[customers];
        this.holders = new RoaringBitmap[fields];
        this.visitors = new RoaringBitmap[fields];
        this.active = new RoaringBitmap[fields];
        this.holderWriters = writers(fields);
        this.visitorWriters = writers(fields);
        this.activeWriters = writers(fields);
    }

    @SuppressWarnings("unchecked")
    private static RoaringBitmapWriter<RoaringBitmap>[] writers(int n) {
        RoaringBitmapWriter<RoaringBitmap>[] writers = new RoaringBitmapWriter[n];
        for (int i = 0; i < n; i++) {
            writers[i] = RoaringBitmapWriter.writer().get();
        }
        return writers;
    }

    private void seal() {
        for (int field = 0; field < holders.length; field++) {
            holders[field] = holderWriters[field].get();
            visitors[field] = visitorWriters[field].get();
            active[field] = activeWriters[field].get();
        }
        holderWriters = null;
        visitorWriters = null;
        activeWriters = null;
    }

    static PeriodFigures compute(History[] histories, Period period, Days days, Instant now) {
        return compute(histories, List.of(period), days, now)[0];
    }

    /**
     * The figures of several periods in one pass over the customers: each customer's history is
     * walked once for all of them (visit days, member purchase days, propagations and CLV, in
     * time order) instead of once per period.
     */
    static PeriodFigures[] compute(History[] histories, List<Period> periods, Days days, Instant now) {
        List<Period> sorted =
                periods.stream().sorted(Comparator.comparing(Period::first)).toList();
        int n = sorted.size();
        PeriodFigures[] figures = new PeriodFigures[n];
        Walk walk = new Walk(n);
        for (int k = 0; k < n; k++) {
            Period period = sorted.get(k);
            figures[k] = new PeriodFigures(period, now, histories.length, FactLoader.FIELDS.size());
            walk.start[k] = Days.micros(period.start(days.zone));
            walk.end[k] = Days.micros(period.end(days.zone));
            walk.first[k] = (int) period.first().toEpochDay();
            walk.last[k] = (int) period.last().toEpochDay();
            walk.apart &= k == 0 || walk.last[k - 1] < walk.first[k];
        }
        for (int c = 0; c < histories.length; c++) {
            History h = histories[c];
            if (h != null) {
                walk.of(h);
                for (int k = 0; k < n; k++) {
                    figures[k].add(c, h, walk, k);
                }
            }
        }
        for (PeriodFigures f : figures) {
            f.seal();
        }
        PeriodFigures[] byGivenOrder = new PeriodFigures[n];
        for (int i = 0; i < n; i++) {
            byGivenOrder[i] = figures[sorted.indexOf(periods.get(i))];
        }
        return byGivenOrder;
    }

    /** One customer's figures for each of the periods, ascending; apart: no two periods share a day. */
    private static final class Walk {
        final long[] start;
        final long[] end;
        final int[] first;
        final int[] last;
        boolean apart = true;
        final int[] visited;
        final int[] purchaseDays;
        final boolean[] propagated;
        final long[] clv;

        Walk(int n) {
            start = new long[n];
            end = new long[n];
            first = new int[n];
            last = new int[n];
            visited = new int[n];
            purchaseDays = new int[n];
            propagated = new boolean[n];
            clv = new long[n];
        }

        void of(History h) {
            int n = first.length;
            if (!apart) {
                for (int k = 0; k < n; k++) {
                    visited[k] = h.visited(first[k], last[k]);
                    purchaseDays[k] = h.memberPurchaseDays(first[k], last[k]);
                    propagated[k] = h.propagated(first[k], last[k]);
                    clv[k] = h.clv(end[k]);
                }
                return;
            }
            java.util.Arrays.fill(visited, 0);
            java.util.Arrays.fill(purchaseDays, 0);
            java.util.Arrays.fill(propagated, false);
            int k = 0;
            for (int entry : h.days) { // visits and reviews, ascending by day
                int day = entry >> 4;
                k = periodFrom(k, day);
                if (k == n) {
                    break;
                }
                if (day >= first[k]) {
                    int field = entry & 15;
                    if (field == History.PROPAGATED) {
                        propagated[k] = true;
                    } else {
                        visited[k] |= 1 << field;
                    }
                }
            }
            k = 0;
            for (int i = 0; i < h.referred.length; i += 3) { // attributed orders, by payment
                int day = (int) h.referred[i + 2];
                k = periodFrom(k, day);
                if (k == n) {
                    break;
                }
                if (day >= first[k]) {
                    propagated[k] = true;
                }
            }
            k = 0;
            int day = Integer.MIN_VALUE;
            long net = 0;
            for (int i = 0; i < h.orderCount(); i++) { // member purchase days, orders by payment
                if (!h.asMember[i]) {
                    continue;
                }
                int d = h.day(i);
                if (d != day) {
                    k = purchaseDay(k, day, net);
                    day = d;
                    net = 0;
                }
                net += h.net(i);
            }
            purchaseDay(k, day, net);
            long sum = 0;
            int i = 0;
            int j = 0;
            for (k = 0; k < n; k++) { // CLV: own and attributed net amounts paid before each end
                for (; i < h.orderCount() && h.paidAt(i) < end[k]; i++) {
                    sum += h.net(i);
                }
                for (; j < h.referred.length && h.referred[j] < end[k]; j += 3) {
                    sum += h.referred[j + 1];
                }
                clv[k] = sum;
            }
        }

        /** The first period from {@code k} on that does not end before {@code day}; n when none. */
        private int periodFrom(int k, int day) {
            while (k < last.length && last[k] < day) {
                k++;
            }
            return k;
        }

        private int purchaseDay(int k, int day, long net) {
            if (day == Integer.MIN_VALUE || net <= 0) {
                return k;
            }
            k = periodFrom(k, day);
            if (k < last.length && day >= first[k]) {
                purchaseDays[k]++;
            }
            return k;
        }
    }

    /** Counts customer {@code c} in period {@code k} of the walk. */
    private void add(int c, History h, Walk walk, int k) {
        long end = walk.end[k];
        int visited = walk.visited[k];
        if (visited != 0) {
            int touched = h.heldDuring(walk.start[k], end);
            for (int field = 0; field < visitors.length; field++) {
                if ((visited & 1 << field) != 0) {
                    visitorWriters[field].add(c);
                    if ((touched & 1 << field) != 0) {
                        activeWriters[field].add(c);
                    }
                }
            }
        }
        int held = h.heldAt(end);
        if (held == 0) {
            return;
        }
        for (int field = 0; field < holders.length; field++) {
            if ((held & 1 << field) != 0) {
                holderWriters[field].add(c);
            }
        }
        Layer layer = layer(held, walk.purchaseDays[k], walk.propagated[k]);
        layers[c] = (byte) layer.ordinal();
        layerCounts[layer.ordinal()]++;
        long clv = walk.clv[k];
        clvSums[layer.ordinal()] += clv;
        clvBuckets[layer.ordinal()][bucket(clv)]++;
    }

    static Layer layer(int held, int purchaseDays, boolean propagated) {
        if ((held & 1 << FactLoader.MEMBERSHIP) == 0) {
            return Layer.BASIC;
        }
        if (purchaseDays == 0) {
            return Layer.MEMBER;
        }
        if (purchaseDays == 1) {
            return Layer.PURCHASED;
        }
        return propagated ? Layer.KOC : Layer.REPEAT;
    }

    static int bucket(long clvFen) {
        for (int i = 0; i < CLV_BOUNDS.length; i++) {
            if (clvFen <= CLV_BOUNDS[i]) {
                return i;
            }
        }
        return CLV_BOUNDS.length;
    }

    Layer layerOf(int customer) {
        return customer < layers.length ? Layer.ofCode(layers[customer]) : Layer.NONE;
    }

    long capital() {
        long sum = 0;
        for (int i = 1; i < layerCounts.length; i++) {
            sum += layerCounts[i];
        }
        return sum;
    }

    long bytes() {
        long bytes = layers.length;
        for (RoaringBitmap[] family : new RoaringBitmap[][] {holders, visitors, active}) {
            for (RoaringBitmap b : family) {
                bytes += b.getSizeInBytes();
            }
        }
        return bytes;
    }
}
