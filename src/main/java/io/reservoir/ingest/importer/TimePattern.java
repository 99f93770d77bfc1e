package io.reservoir.ingest.importer;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * A shop's own way of writing times ({@code --date-format M/d/yyyy H:mm}, as a spreadsheet saves
 * {@code 12/1/2010 8:26}), for exports whose times are in none of the forms {@link Cells#time}
 * reads: the pattern is the operator's, so a day-first and a month-first file are never confused.
 */
record TimePattern(String pattern, DateTimeFormatter parser) {

    /** @throws ImportRefused on {@code --date-format} when the pattern is not one */
    static TimePattern of(String pattern) {
        try {
            return new TimePattern(
                    pattern,
                    new DateTimeFormatterBuilder()
                            .parseCaseInsensitive()
                            .appendPattern(pattern)
                            .toFormatter(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ImportRefused.option(
                    "--date-format",
                    "dateFormat",
                    pattern,
                    "'" + pattern + "' is not a date pattern such as M/d/yyyy H:mm or dd.MM.yyyy HH:mm:ss: "
                            + e.getMessage());
        }
    }

    /** The cell as ISO-8601 with offset; without an offset in the pattern, a time of {@code zone}. */
    String read(String column, String value, ZoneId zone) {
        try {
            TemporalAccessor parsed =
                    parser.parseBest(value.strip(), OffsetDateTime::from, LocalDateTime::from, LocalDate::from);
            OffsetDateTime at = parsed instanceof OffsetDateTime offset
                    ? offset
                    : parsed instanceof LocalDateTime local
                            ? local.atZone(zone).toOffsetDateTime()
                            : ((LocalDate) parsed).atStartOfDay(zone).toOffsetDateTime();
            return at.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeException e) {
            throw new RowRejected(
                    column, "'" + value + "' is not a date and time written as " + pattern + " (--date-format)");
        }
    }
}
