package io.reservoir.insight;

import io.reservoir.platform.errors.ReservoirException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reporting period: whole calendar days {@code first}..{@code last} (both included) in the
 * brand's time zone, of one kind. Written as in {@code docs/metrics.md}: {@code 2025-11-11},
 * {@code 2025-W45}, {@code 2025-11}, {@code 2025-Q4}, {@code 2025-10-20..2025-11-11}.
 */
public record Period(Kind kind, LocalDate first, LocalDate last) {

    /** A window may not be longer than this (ten years): figures are computed day by day. */
    static final int MAX_WINDOW_DAYS = 3660;

    public enum Kind {
        DAY,
        WEEK,
        MONTH,
        QUARTER,
        WINDOW
    }

    private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    public Period {
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("a period ends on or after its first day");
        }
    }

    /** Reads a period; an error names {@code field}. */
    public static Period parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw ReservoirException.invalid(
                    field, "is required, e.g. 2025-06, 2025-W23, 2025-Q2, 2025-06-18 or 2025-06-01..2025-06-18");
        }
        String t = text.trim();
        try {
            int range = t.indexOf("..");
            if (range >= 0) {
                LocalDate first = day(t.substring(0, range));
                LocalDate last = day(t.substring(range + 2));
                if (last.isBefore(first)) {
                    throw ReservoirException.invalid(field, "ends before it starts: " + t);
                }
                if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_WINDOW_DAYS) {
                    throw ReservoirException.invalid(field, "is longer than " + MAX_WINDOW_DAYS + " days");
                }
                return new Period(Kind.WINDOW, first, last);
            }
            Matcher m = WEEK.matcher(t);
            if (m.matches()) {
                int year = Integer.parseInt(m.group(1));
                int week = Integer.parseInt(m.group(2));
                LocalDate monday = LocalDate.of(year, 1, 4)
                        .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, 1)
                        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                if (week < 1
                        || week
                                > monday.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR)
                                        .getMaximum()) {
                    throw ReservoirException.invalid(field, "has no week " + week + " in " + year);
                }
                return of(Kind.WEEK, monday.plusWeeks(week - 1L));
            }
            m = QUARTER.matcher(t);
            if (m.matches()) {
                int quarter = Integer.parseInt(m.group(2));
                return of(Kind.QUARTER, LocalDate.of(Integer.parseInt(m.group(1)), quarter * 3 - 2, 1));
            }
            if (MONTH.matcher(t).matches()) {
                return of(Kind.MONTH, YearMonth.parse(t).atDay(1));
            }
            if (DAY.matcher(t).matches()) {
                return of(Kind.DAY, LocalDate.parse(t));
            }
        } catch (DateTimeParseException e) {
            throw ReservoirException.invalid(field, "is not a valid date: " + t);
        }
        throw ReservoirException.invalid(
                field,
                "must be a day (2025-06-18), ISO week (2025-W23), month (2025-06), quarter (2025-Q2) or window (2025-06-01..2025-06-18)");
    }

    private static LocalDate day(String text) {
        return LocalDate.parse(text.trim());
    }

    /** The period of {@code kind} holding {@code day} (a window: that day alone). */
    public static Period of(Kind kind, LocalDate day) {
        return switch (kind) {
            case DAY, WINDOW -> new Period(kind, day, day);
            case WEEK -> {
                LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield new Period(kind, monday, monday.plusDays(6));
            }
            case MONTH -> new Period(kind, day.withDayOfMonth(1), day.with(TemporalAdjusters.lastDayOfMonth()));
            case QUARTER -> {
                LocalDate start = LocalDate.of(day.getYear(), (day.getMonthValue() - 1) / 3 * 3 + 1, 1);
                yield new Period(kind, start, start.plusMonths(3).minusDays(1));
            }
        };
    }

    public long days() {
        return ChronoUnit.DAYS.between(first, last) + 1;
    }

    /** P−1: the period of the same kind just before (a window: as many days just before). */
    public Period previous() {
        return kind == Kind.WINDOW
                ? new Period(kind, first.minusDays(days()), first.minusDays(1))
                : of(kind, first.minusDays(1));
    }

    public Period next() {
        return kind == Kind.WINDOW
                ? new Period(kind, last.plusDays(1), last.plusDays(days()))
                : of(kind, last.plusDays(1));
    }

    /** The same period a year earlier (for year-over-year deltas). */
    public Period yearEarlier() {
        return switch (kind) {
            case WEEK -> {
                int week = first.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                int year = first.get(IsoFields.WEEK_BASED_YEAR) - 1;
                LocalDate monday = LocalDate.of(year, 1, 4).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                LocalDate day = monday.plusWeeks(week - 1L);
                yield day.get(IsoFields.WEEK_BASED_YEAR) == year ? of(kind, day) : of(kind, day.minusWeeks(1));
            }
            case WINDOW ->
                new Period(kind, first.minusYears(1), first.minusYears(1).plusDays(days() - 1));
            default -> of(kind, first.minusYears(1));
        };
    }

    /** The periods from this one to {@code to}, both included; {@code to} is of the same kind. */
    public List<Period> through(Period to) {
        List<Period> periods = new ArrayList<>();
        for (Period p = this; !p.first.isAfter(to.first); p = p.next()) {
            periods.add(p);
        }
        return periods;
    }

    /** The start S: midnight opening the first day, in {@code zone}. */
    public java.time.Instant start(ZoneId zone) {
        return first.atStartOfDay(zone).toInstant();
    }

    /** The end E: midnight after the last day (excluded from the period). */
    public java.time.Instant end(ZoneId zone) {
        return last.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The period as written in requests and answers. */
    public String text() {
        return switch (kind) {
            case DAY -> first.toString();
            case WEEK ->
                String.format(
                        "%d-W%02d", first.get(IsoFields.WEEK_BASED_YEAR), first.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> YearMonth.from(first).toString();
            case QUARTER -> first.getYear() + "-Q" + ((first.getMonthValue() - 1) / 3 + 1);
            case WINDOW -> first + ".." + last;
        };
    }

    @Override
    public String toString() {
        return text();
    }
}
