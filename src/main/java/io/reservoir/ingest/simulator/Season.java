package io.reservoir.ingest.simulator;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * How busy a day is, relative to an ordinary weekday: the shopping festivals 618 (June 1–18),
 * Double 11 (November 1–11, with pre-sales from October 20) and Double 12 peak on their last day,
 * the Spring Festival month is quiet, weekends a little busier. Also the hour of day people shop.
 */
final class Season {

    private static final double[] MONTH = {1.0, 0.7, 0.85, 0.95, 1.0, 1.0, 0.85, 0.85, 0.95, 1.0, 1.0, 1.05};

    /** Relative weights of the 24 hours (Beijing time): quiet nights, a lunch bump, a late-evening peak. */
    private static final double[] HOURS = {
        2.0, 1.0, 0.5, 0.3, 0.2, 0.3, 0.8, 1.5, 2.5, 3.5, 4.5, 5.0, 5.0, 4.5, 4.0, 4.0, 4.2, 4.5, 5.0, 6.0, 7.5, 8.5,
        8.0, 5.0
    };

    private static final double[] HOUR_CDF = cumulative(HOURS);

    private Season() {}

    static double factor(LocalDate date) {
        int month = date.getMonthValue();
        int day = date.getDayOfMonth();
        double f = MONTH[month - 1];
        if (month == 6 && day <= 18) {
            f *= day == 18 ? 7.0 : day >= 16 ? 3.5 : 2.0;
        } else if (month == 5 && day >= 25) {
            f *= 1.3; // 618 pre-sales
        } else if (month == 10 && day >= 20) {
            f *= 1.5; // Double 11 pre-sales
        } else if (month == 11 && day <= 11) {
            f *= day == 11 ? 9.0 : day >= 9 ? 4.0 : 2.5;
        } else if (month == 12 && day >= 10 && day <= 12) {
            f *= day == 12 ? 4.5 : 1.8;
        }
        DayOfWeek weekday = date.getDayOfWeek();
        if (weekday == DayOfWeek.SATURDAY || weekday == DayOfWeek.SUNDAY) {
            f *= 1.1;
        }
        return f;
    }

    /** The festivals' last days, when shopping starts at midnight. */
    static boolean peakDay(LocalDate date) {
        int month = date.getMonthValue();
        int day = date.getDayOfMonth();
        return (month == 6 && day == 18) || (month == 11 && day == 11) || (month == 12 && day == 12);
    }

    /** The festival a date belongs to, for coupon codes and flash groups; {@code null} outside them. */
    static String festival(LocalDate date) {
        int month = date.getMonthValue();
        int day = date.getDayOfMonth();
        if (month == 6 && day <= 18) {
            return "618";
        }
        if (month == 11 && day <= 11) {
            return "D11";
        }
        if (month == 12 && day >= 10 && day <= 12) {
            return "D12";
        }
        return null;
    }

    /** A second of the day (0–86,399) at which someone shops on {@code date}. */
    static int secondOfDay(SplittableRandom random, LocalDate date) {
        if (peakDay(date) && random.nextDouble() < 0.3) {
            return random.nextInt(3600); // the midnight rush
        }
        double u = random.nextDouble() * HOUR_CDF[23];
        int hour = 0;
        while (hour < 23 && u >= HOUR_CDF[hour]) {
            hour++;
        }
        return hour * 3600 + random.nextInt(3600);
    }

    static double[] cumulative(double[] weights) {
        double[] cdf = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            cdf[i] = sum;
        }
        return cdf;
    }
}
