package io.reservoir.insight;

import java.time.Instant;
import org.roaringbitmap.RoaringBitmap;

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

    private PeriodFigures(Period period, Instant computedAt, int customers, int fields) {
        this.period = period;
        this.computedAt = computedAt;
        this.layers = new byte[customers];
        this.holders = bitmaps(fields);
        this.visitors = bitmaps(fields);
        this.active = bitmaps(fields);
    }

    private static RoaringBitmap[] bitmaps(int n) {
        RoaringBitmap[] bitmaps = new RoaringBitmap[n];
        for (int i = 0; i < n; i++) {
            bitmaps[i] = new RoaringBitmap();
        }
        return bitmaps;
    }

    static PeriodFigures compute(History[] histories, Period period, Days days, Instant now) {
        int fields = FactLoader.FIELDS.size();
        PeriodFigures f = new PeriodFigures(period, now, histories.length, fields);
        long start = Days.micros(period.start(days.zone));
        long end = Days.micros(period.end(days.zone));
        int first = (int) period.first().toEpochDay();
        int last = (int) period.last().toEpochDay();
        for (int c = 0; c < histories.length; c++) {
            History h = histories[c];
            if (h == null) {
                continue;
            }
            int visited = h.visited(first, last);
            if (visited != 0) {
                int touched = h.heldDuring(start, end);
                for (int field = 0; field < fields; field++) {
                    if ((visited & 1 << field) != 0) {
                        f.visitors[field].add(c);
                        if ((touched & 1 << field) != 0) {
                            f.active[field].add(c);
                        }
                    }
                }
            }
            int held = h.heldAt(end);
            if (held == 0) {
                continue;
            }
            for (int field = 0; field < fields; field++) {
                if ((held & 1 << field) != 0) {
                    f.holders[field].add(c);
                }
            }
            Layer layer = layer(h, held, first, last);
            f.layers[c] = (byte) layer.ordinal();
            f.layerCounts[layer.ordinal()]++;
            long clv = h.clv(end);
            f.clvSums[layer.ordinal()] += clv;
            f.clvBuckets[layer.ordinal()][bucket(clv)]++;
        }
        return f;
    }

    static Layer layer(History h, int held, int first, int last) {
        if ((held & 1 << FactLoader.MEMBERSHIP) == 0) {
            return Layer.BASIC;
        }
        int purchaseDays = h.memberPurchaseDays(first, last);
        if (purchaseDays == 0) {
            return Layer.MEMBER;
        }
        if (purchaseDays == 1) {
            return Layer.PURCHASED;
        }
        return h.propagated(first, last) ? Layer.KOC : Layer.REPEAT;
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
