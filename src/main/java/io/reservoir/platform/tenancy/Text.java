package io.reservoir.platform.tenancy;

import io.reservoir.platform.errors.ReservoirException;

/** Validation of the free-text fields of tenancy objects. */
final class Text {

    private Text() {}

    static String required(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw ReservoirException.invalid(field, "is required");
        }
        String stripped = value.strip();
        if (stripped.length() > maxLength) {
            throw ReservoirException.invalid(field, "is longer than " + maxLength + " characters");
        }
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw ReservoirException.invalid(field, "contains control characters");
        }
        return stripped;
    }
}
