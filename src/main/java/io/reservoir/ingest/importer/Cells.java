package io.reservoir.ingest.importer;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values of a file's cells, checked and put in the shape intake expects. Spreadsheets and shop
 * exports are loose about dates and numbers; intake is not. Times without an offset are read in
 * Asia/Shanghai, the zone of the shop back-ends these files come from.
 */
final class Cells {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** {@code 2026-11-11 20:00:05}, {@code 2026/11/11 8:00}, {@code 2026-11-11T20:00:05.123+08:00}, {@code 2026-11-11}. */
    private static final Pattern TIME = Pattern.compile(
            "(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?:[ T]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?\\s*(Z|[+-]\\d{2}:?\\d{2})?");

    private static final Pattern DATE = Pattern.compile("(\\d{4})[-/.]?(\\d{1,2})[-/.]?(\\d{1,2})");
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,12}(\\.\\d{1,2})?");
    private static final Pattern UNIT_PRICE = Pattern.compile("\\d{1,12}(\\.\\d{1,4})?");
    private static final Pattern QUANTITY = Pattern.compile("\\d{1,9}");
    private static final Pattern DECIMAL_INTEGER = Pattern.compile("(\\d+)\\.0+");

    private Cells() {}

    /**
     * Trims the cell (Unicode spaces too) and unwraps the {@code ="…"} that shop exports put around
     * long numbers to stop spreadsheets from rounding them. Blank is null.
     */
    static String clean(String cell) {
        if (cell == null) {
            return null;
        }
        String value = cell.strip();
        if (value.length() >= 3 && value.startsWith("=\"") && value.endsWith("\"")) {
            value = value.substring(2, value.length() - 1).strip();
        }
        return value.isEmpty() ? null : value;
    }

    /**
     * An amount in yuan with at most 2 decimals ({@code 199}, {@code 199.5}, {@code ¥199.00}), returned
     * in plain form for intake. Thousands separators, signs and other currencies are refused.
     */
    static String amount(String column, String value) {
        String text = value;
        if (text.startsWith("¥") || text.startsWith("￥")) {
            text = text.substring(1).strip();
        }
        if (text.startsWith("-") && AMOUNT.matcher(text.substring(1)).matches()) {
            throw new RowRejected(column, "'" + value + "' is negative: an amount is 0 or more (a return is a refund)");
        }
        if (!AMOUNT.matcher(text).matches()) {
            throw new RowRejected(
                    column, "'" + value + "' is not an amount in yuan with at most 2 decimals, e.g. 199.00");
        }
        return new BigDecimal(text).toPlainString();
    }

    /**
     * A unit price: like an {@link #amount} but with up to 4 decimals, since shops price bulk items
     * in fractions of a fen (a pad at 0.001). Totals made of it are rounded to the fen.
     */
    static BigDecimal unitPrice(String column, String value) {
        String text = value;
        if (text.startsWith("¥") || text.startsWith("￥")) {
            text = text.substring(1).strip();
        }
        if (text.startsWith("-") && UNIT_PRICE.matcher(text.substring(1)).matches()) {
            throw new RowRejected(column, "'" + value + "' is negative: a price is 0 or more (a return is a refund)");
        }
        if (!UNIT_PRICE.matcher(text).matches()) {
            throw new RowRejected(column, "'" + value + "' is not a price with at most 4 decimals, e.g. 2.55");
        }
        return new BigDecimal(text);
    }

    static boolean isZero(String amount) {
        return new BigDecimal(amount).signum() == 0;
    }

    /** A point in time as ISO-8601 with offset; without an offset the cell is Asia/Shanghai time. */
    static String time(String column, String value) {
        return time(column, value, ZONE);
    }

    /** A point in time as ISO-8601 with offset; without an offset the cell is a time of {@code zone}. */
    static String time(String column, String value, ZoneId zone) {
        Matcher m = TIME.matcher(value);
        if (!m.matches()) {
            throw new RowRejected(
                    column,
                    "'" + value + "' is not a date and time such as 2026-11-11 20:00:00 (" + zone.getId() + ")");
        }
        try {
            LocalDateTime local = LocalDateTime.of(
                    Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)),
                    m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                    m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                    m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "000000000").substring(0, 9)));
            OffsetDateTime at = m.group(8) == null
                    ? local.atZone(zone).toOffsetDateTime()
                    : local.atOffset(ZoneOffset.of(m.group(8).equals("Z") ? "Z" : offset(m.group(8))));
            return at.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeException e) {
            throw new RowRejected(column, "'" + value + "' is not a valid date and time: " + e.getMessage());
        }
    }

    /** A calendar date, returned as {@code YYYY-MM-DD}. */
    static String date(String column, String value) {
        Matcher m = DATE.matcher(value);
        if (!m.matches()) {
            throw new RowRejected(column, "'" + value + "' is not a date such as 1990-05-20");
        }
        try {
            return LocalDate.of(
                            Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)))
                    .toString();
        } catch (DateTimeException e) {
            throw new RowRejected(column, "'" + value + "' is not a valid date: " + e.getMessage());
        }
    }

    static int quantity(String column, String value) {
        if (!QUANTITY.matcher(value).matches() || Integer.parseInt(value) == 0) {
            throw new RowRejected(column, "'" + value + "' is not a whole number of at least 1");
        }
        return Integer.parseInt(value);
    }

    /** A whole number other than 0; negative for a returned line. */
    static int signedQuantity(String column, String value) {
        String digits = value.startsWith("-") ? value.substring(1) : value;
        if (!QUANTITY.matcher(digits).matches() || Integer.parseInt(digits) == 0) {
            throw new RowRejected(column, "'" + value + "' is not a whole number other than 0");
        }
        return Integer.parseInt(value);
    }

    /**
     * A spreadsheet's rendering of a whole number ({@code 17850.0}): the digits before the point,
     * or null when the value is not such a rendering.
     */
    static String integerRendering(String value) {
        Matcher m = DECIMAL_INTEGER.matcher(value);
        return m.matches() ? m.group(1) : null;
    }

    private static String offset(String text) {
        return text.length() == 5 ? text.substring(0, 3) + ":" + text.substring(3) : text;
    }
}
