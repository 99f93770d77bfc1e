package io.reservoir.insight;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A brand's facts in memory, one {@link History} per customer number, and the figures of the
 * periods computed from them. A change to some customers replaces their histories and drops the
 * figures of every period ending after the first instant the change touches; the figures of
 * periods closed before it are kept.
 */
final class BrandFacts {

    /** How many computed figures are kept (the least recently used go first). */
    static final int KEPT_FIGURES = 128;

    final long workspaceId;
    final long brandId;
    /** The brand's currency as last read (a brand may change it; its amounts do not change). */
    volatile String currency = "CNY";

    final Days days;
    final Products products = new Products();
    private final Attribution attribution;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private History[] histories = new History[0];
    /** Figures by what they are of: the period, and the kind of figures with their filters. */
    private final Map<Kept, Object> figures = new LinkedHashMap<>(16, 0.75f, true);

    private record Kept(Period period, String what) {}

    BrandFacts(long workspaceId, long brandId, Days days, long attributionWindowMicros) {
        this.workspaceId = workspaceId;
        this.brandId = brandId;
        this.days = days;
        this.attribution = new Attribution(attributionWindowMicros);
    }

    /**
     * Replaces the facts of the customers {@code loaded} covers (all of them after a full load),
     * re-attributes the orders whose codes they touch, and forgets the figures the change reaches.
     */
    void apply(FactLoader.Loaded loaded) {
        lock.writeLock().lock();
        try {
            Collection<Integer> customers = loaded.builders.keySet();
            Set<String> codes = attribution.replace(customers, loaded.shares, loaded.codedOrders);
            Set<Integer> sharers = attribution.sharersOf(codes);
            int max = histories.length - 1;
            for (int c : customers) {
                max = Math.max(max, c);
            }
            for (int c : sharers) {
                max = Math.max(max, c);
            }
            if (max >= histories.length) {
                histories = Arrays.copyOf(histories, max + 1);
            }
            long first = Long.MAX_VALUE;
            Set<Integer> changed = new HashSet<>(customers);
            changed.addAll(sharers);
            for (int c : changed) {
                History.Builder builder = loaded.builders.get(c);
                History before = histories[c];
                History after = builder != null
                        ? builder.build(FactLoader.MEMBERSHIP, attribution.referred(c))
                        : (before == null ? History.EMPTY : before).withReferred(attribution.referred(c));
                if (after.isEmpty()) {
                    after = null;
                }
                first = Math.min(first, History.firstDifference(before, after, days));
                histories[c] = after;
            }
            forgetFrom(first);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Drops the figures of every period that ends after {@code micros}. */
    private void forgetFrom(long micros) {
        if (micros == Long.MAX_VALUE) {
            return;
        }
        Instant instant = Days.instant(micros);
        figures.keySet().removeIf(k -> k.period.end(days.zone).isAfter(instant));
    }

    /** The FAST+ figures of {@code period}, kept or computed now. */
    PeriodFigures figures(Period period, Supplier<Instant> now) {
        return kept(period, "fast", () -> PeriodFigures.compute(histories, period, days, now.get()));
    }

    /**
     * Computes in one pass the FAST+ figures of those of {@code periods} that are not kept, and
     * keeps them: a series reads each customer's history once instead of once per period.
     */
    void prepare(List<Period> periods, Supplier<Instant> now) {
        lock.readLock().lock();
        try {
            List<Period> missing;
            synchronized (figures) {
                missing = periods.stream()
                        .distinct()
                        .filter(p -> !figures.containsKey(new Kept(p, "fast")))
                        .toList();
            }
            if (missing.isEmpty()) {
                return;
            }
            PeriodFigures[] computed = PeriodFigures.compute(histories, missing, days, now.get());
            for (PeriodFigures f : computed) {
                keep(new Kept(f.period, "fast"), f);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The business figures of {@code period} for a channel and a field (codes, or -1 for all). */
    BusinessFigures business(Period period, int channel, int field, Supplier<Instant> now) {
        return kept(period, "business/" + channel + "/" + field, () -> {
            PeriodFigures fast = figures(period, now);
            return BusinessFigures.compute(histories, fast, period, days, channel, field);
        });
    }

    /** Cohort retention up to the end of {@code period} for a channel and a field. */
    Cohorts cohorts(Period period, int channel, int field) {
        return kept(
                period,
                "cohorts/" + channel + "/" + field,
                () -> Cohorts.compute(histories, period, days, channel, field));
    }

    /** The figures {@code what} of {@code period}, kept or computed now under the read lock. */
    @SuppressWarnings("unchecked")
    private <T> T kept(Period period, String what, Supplier<T> compute) {
        Kept key = new Kept(period, what);
        lock.readLock().lock();
        try {
            synchronized (figures) {
                Object kept = figures.get(key);
                if (kept != null) {
                    return (T) kept;
                }
            }
            T computed = compute.get();
            keep(key, computed);
            return computed;
        } finally {
            lock.readLock().unlock();
        }
    }

    private void keep(Kept key, Object computed) {
        synchronized (figures) {
            figures.put(key, computed);
            Iterator<Kept> oldest = figures.keySet().iterator();
            while (figures.size() > KEPT_FIGURES && oldest.hasNext()) {
                oldest.next();
                oldest.remove();
            }
        }
    }

    /** Each customer's CLV at the end of {@code period} for those with a layer then, in fen. */
    Map<Integer, Long> clv(Period period, Supplier<Instant> now) {
        long end = Days.micros(period.end(days.zone));
        Map<Integer, Long> clv = new LinkedHashMap<>();
        lock.readLock().lock(); // the figures and the histories they were computed from
        try {
            PeriodFigures f = figures(period, now);
            for (int c = 0; c < f.layers.length && c < histories.length; c++) {
                if (f.layers[c] != 0 && histories[c] != null) {
                    clv.put(c, histories[c].clv(end));
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        return clv;
    }

    /** Drops every kept figure, keeping the facts: the next answers compute them again. */
    void forgetFigures() {
        synchronized (figures) {
            figures.clear();
        }
    }

    int customers() {
        return histories.length;
    }

    int keptPeriods() {
        synchronized (figures) {
            return figures.size();
        }
    }
}
