package io.reservoir.console;

import io.reservoir.platform.errors.Problems;
import io.reservoir.platform.errors.ReservoirException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

/**
 * Reads the text of form fields into values, refusing what does not parse with the field's name,
 * the same way the API refuses a wrong JSON value. A blank optional field is null.
 */
final class ConsoleForms {

    private ConsoleForms() {}

    static long wholeNumber(String field, String text) {
        Long value = optionalWholeNumber(field, text);
        if (value == null) {
            throw ReservoirException.invalid(field, "is required");
        }
        return value;
    }

    static Long optionalWholeNumber(String field, String text) {
        if (blank(text)) {
            return null;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw ReservoirException.invalid(field, "must be a whole number, not '" + text.strip() + "'");
        }
    }

    static Integer optionalInt(String field, String text) {
        Long value = optionalWholeNumber(field, text);
        if (value != null && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
            throw ReservoirException.invalid(field, "is out of range");
        }
        return value == null ? null : value.intValue();
    }

    static BigDecimal optionalDecimal(String field, String text) {
        if (blank(text)) {
            return null;
        }
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw ReservoirException.invalid(field, "must be a number, not '" + text.strip() + "'");
        }
    }

    static int wholeInt(String field, String text) {
        Integer value = optionalInt(field, text);
        if (value == null) {
            throw ReservoirException.invalid(field, "is required");
        }
        return value;
    }

    /** A date typed as yyyy-MM-dd (what a date input sends). */
    static LocalDate optionalDate(String field, String text) {
        if (blank(text)) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw ReservoirException.invalid(field, "must be a date (yyyy-MM-dd), not '" + text.strip() + "'");
        }
    }

    static String optionalText(String text) {
        return blank(text) ? null : text.strip();
    }

    static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /**
     * Reads a whole form's fields, noting each one that does not parse (and reading it as blank)
     * instead of stopping at the first, so that {@link #check()} refuses with all of them at once.
     */
    static final class Reading {

        private final Problems problems = new Problems();

        Long optionalWholeNumber(String field, String text) {
            return read(() -> ConsoleForms.optionalWholeNumber(field, text));
        }

        Integer optionalInt(String field, String text) {
            return read(() -> ConsoleForms.optionalInt(field, text));
        }

        BigDecimal optionalDecimal(String field, String text) {
            return read(() -> ConsoleForms.optionalDecimal(field, text));
        }

        /** Notes a problem found by the form itself (a required field left blank). */
        void problem(String field, String reason) {
            problems.add(field, reason);
        }

        /** @throws ReservoirException invalid, naming every field that did not parse */
        void check() {
            problems.check();
        }

        private <T> T read(Supplier<T> parse) {
            try {
                return parse.get();
            } catch (ReservoirException e) {
                problems.add(e);
                return null;
            }
        }
    }
}
