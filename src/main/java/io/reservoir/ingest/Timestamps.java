package io.reservoir.ingest;

import io.reservoir.platform.errors.ReservoirException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/** ISO-8601 times as clients send them, and the rules that keep them plausible. */
final class Timestamps {

    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(10);
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    /** {@code 2026-11-11T00:00:00Z}, {@code …+08:00}, {@code …+0800}, with or without fractions. */
    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart()
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HH:MM", "Z")
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HHMM", "Z")
            .optionalEnd()
            .toFormatter();

    private Timestamps() {}

    static Instant parse(String field, String text) {
        try {
            return OffsetDateTime.parse(text.strip(), ISO).toInstant();
        } catch (DateTimeParseException e) {
            throw ReservoirException.invalid(
                    field, "'" + text + "' is not an ISO-8601 time with offset, e.g. 2026-11-11T20:00:00+08:00");
        }
    }

    /** When the event happened, corrected for the client's clock skew when {@code sentAt} is known. */
    static Instant occurred(Instant timestamp, Instant sentAt, Instant receivedAt) {
        if (timestamp == null) {
            return receivedAt;
        }
        if (sentAt == null) {
            return timestamp;
        }
        return timestamp.plus(Duration.between(sentAt, receivedAt));
    }

    static void checkPlausible(String field, Instant occurred, Instant receivedAt) {
        if (occurred.isAfter(receivedAt.plus(FUTURE_TOLERANCE))) {
            throw ReservoirException.invalid(
                    field, "is more than " + FUTURE_TOLERANCE.toMinutes() + " minutes in the future");
        }
        if (occurred.isBefore(EARLIEST)) {
            throw ReservoirException.invalid(field, "is before " + EARLIEST);
        }
    }
}
