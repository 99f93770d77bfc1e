package io.reservoir.insight;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * Instants as epoch microseconds (the precision of stored timestamps) and calendar days of a
 * brand's time zone as epoch day numbers. Fixed-offset zones such as Asia/Shanghai take a division
 * instead of the zone rules, which matters when millions of events are loaded.
 */
final class Days {

    private static final long MICROS_PER_DAY = 86_400_000_000L;

    final ZoneId zone;
    private final Long fixedOffsetMicros;

    Days(ZoneId zone) {
        this.zone = zone;
        var rules = zone.getRules();
        this.fixedOffsetMicros =
                rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH).getTotalSeconds() * 1_000_000L : null;
    }

    static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    /** The day (epoch day number) holding the instant {@code micros}. */
    int day(long micros) {
        if (fixedOffsetMicros != null) {
            return (int) Math.floorDiv(micros + fixedOffsetMicros, MICROS_PER_DAY);
        }
        return (int) LocalDate.ofInstant(instant(micros), zone).toEpochDay();
    }

    /** Midnight opening {@code day}, in microseconds. */
    long start(int day) {
        if (fixedOffsetMicros != null) {
            return day * MICROS_PER_DAY - fixedOffsetMicros;
        }
        return micros(LocalDate.ofEpochDay(day).atStartOfDay(zone).toInstant());
    }
}
