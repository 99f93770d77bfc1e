package io.reservoir.insight;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Cohort retention (docs/metrics.md): customers by the month of their first joining, for the
 * twelve months up to the one holding the period's last day, and for each later month up to
 * then (the last cut at the period's end) how many of them had a purchase day in it.
 */
final class Cohorts {

    static final int MONTHS = 12;

    final YearMonth firstMonth;
    final long[] sizes = new long[MONTHS];
    /** [cohort][months after joining]: customers of the cohort with a purchase day then. */
    final long[][] retained = new long[MONTHS][MONTHS];

    private Cohorts(YearMonth firstMonth) {
        this.firstMonth = firstMonth;
    }

    static Cohorts compute(History[] histories, Period period, Days days, int channel, int field) {
        YearMonth lastMonth = YearMonth.from(period.last());
        Cohorts f = new Cohorts(lastMonth.minusMonths(MONTHS - 1));
        long start = Days.micros(period.start(days.zone));
        long end = Days.micros(period.end(days.zone));
        int[] monthStarts = new int[MONTHS + 1];
        for (int m = 0; m < MONTHS; m++) {
            monthStarts[m] = (int) f.firstMonth.plusMonths(m).atDay(1).toEpochDay();
        }
        monthStarts[MONTHS] = (int) period.last().toEpochDay() + 1; // the last month is cut at the period's end
        for (int c = 0; c < histories.length; c++) {
            History h = histories[c];
            if (h == null || (field >= 0 && (h.heldDuring(start, end) & 1 << field) == 0)) {
                continue;
            }
            long joined = firstJoin(h);
            if (joined == Long.MAX_VALUE || joined >= end) {
                continue;
            }
            int joinDay = days.day(joined);
            int cohort = monthOf(monthStarts, joinDay);
            if (cohort < 0) {
                continue;
            }
            f.sizes[cohort]++;
            boolean[] bought = purchaseMonths(h, monthStarts, channel);
            for (int m = cohort; m < MONTHS; m++) {
                if (bought[m]) {
                    f.retained[cohort][m - cohort]++;
                }
            }
        }
        return f;
    }

    private static long firstJoin(History h) {
        for (int i = 0; i < h.relations.length; i += History.R) {
            if (h.relations[i] == FactLoader.MEMBERSHIP) {
                return h.relations[i + 1];
            }
        }
        return Long.MAX_VALUE;
    }

    /** The index of the month holding {@code day}, or -1 outside the twelve. */
    private static int monthOf(int[] monthStarts, int day) {
        if (day < monthStarts[0] || day >= monthStarts[MONTHS]) {
            return -1;
        }
        int m = 0;
        while (day >= monthStarts[m + 1]) {
            m++;
        }
        return m;
    }

    /** The months in which the customer had a purchase day (orders of the day with a positive net). */
    private static boolean[] purchaseMonths(History h, int[] monthStarts, int channel) {
        boolean[] bought = new boolean[MONTHS];
        int day = Integer.MIN_VALUE;
        long net = 0;
        for (int i = 0; i <= h.orderCount(); i++) {
            boolean done = i == h.orderCount();
            if (!done && channel >= 0 && h.channel(i) != channel) {
                continue;
            }
            int d = done ? Integer.MAX_VALUE : h.day(i);
            if (d != day) {
                if (net > 0) {
                    int m = monthOf(monthStarts, day);
                    if (m >= 0) {
                        bought[m] = true;
                    }
                }
                day = d;
                net = 0;
            }
            if (!done) {
                net += h.net(i);
            }
        }
        return bought;
    }

    LocalDate month(int cohort) {
        return firstMonth.plusMonths(cohort).atDay(1);
    }
}
