package io.reservoir.audience;

import io.reservoir.platform.errors.ReservoirException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Typed reading of JSON values for {@link RuleReader}: each refusal names the value's path. */
final class JsonValues {

    static final int MAX_LIST = 1_000;

    private JsonValues() {}

    /** An object with only {@code keys}. */
    static JsonNode object(JsonNode node, String path, String... keys) {
        if (node == null || !node.isObject()) {
            throw ReservoirException.invalid(path, "must be an object with " + String.join(", ", keys));
        }
        List<String> allowed = List.of(keys);
        for (var entry : node.properties()) {
            if (!allowed.contains(entry.getKey())) {
                throw ReservoirException.invalid(
                        at(path, entry.getKey()), "is not a key here; allowed: " + String.join(", ", keys));
            }
        }
        return node;
    }

    static JsonNode list(JsonNode node, String path) {
        if (node == null || !node.isArray()) {
            throw ReservoirException.invalid(path, "must be a list");
        }
        if (node.isEmpty()) {
            throw ReservoirException.invalid(path, "is empty");
        }
        if (node.size() > MAX_LIST) {
            throw ReservoirException.invalid(path, "has more than " + MAX_LIST + " entries");
        }
        return node;
    }

    static long id(JsonNode node, String path, String what) {
        if (node == null || !node.isIntegralNumber()) {
            throw ReservoirException.invalid(path, "must be " + what + " (a whole number)");
        }
        BigInteger value = node.bigIntegerValue();
        if (value.signum() <= 0 || value.bitLength() > 62) {
            throw ReservoirException.invalid(path, "is not " + what);
        }
        return value.longValueExact();
    }

    /** A whole number, at least {@code min} when given. */
    static BigDecimal whole(JsonNode node, String path, BigDecimal min) {
        if (node == null || !node.isIntegralNumber()) {
            throw ReservoirException.invalid(path, "must be a whole number");
        }
        BigInteger value = node.bigIntegerValue();
        if (value.bitLength() > 62) {
            throw ReservoirException.invalid(path, "is too large");
        }
        BigDecimal whole = new BigDecimal(value);
        if (min != null && whole.compareTo(min) < 0) {
            throw ReservoirException.invalid(path, "must be " + min.toPlainString() + " or more");
        }
        return whole;
    }

    static BigDecimal number(JsonNode node, String path) {
        if (node == null || !node.isNumber()) {
            throw ReservoirException.invalid(path, "must be a number");
        }
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue()) && !node.isBigDecimal()) {
            throw ReservoirException.invalid(path, "must be a finite number");
        }
        BigDecimal value = node.isIntegralNumber() ? new BigDecimal(node.bigIntegerValue()) : node.decimalValue();
        if (value.precision() - value.scale() > 30 || value.scale() > 30) {
            throw ReservoirException.invalid(path, "is out of range");
        }
        return value;
    }

    static String text(JsonNode node, String path, int min, int max) {
        if (node == null || !node.isString()) {
            throw ReservoirException.invalid(path, "must be a string");
        }
        String text = node.asString();
        if (text.length() < min || (min > 0 && text.isBlank())) {
            throw ReservoirException.invalid(path, "is empty");
        }
        if (text.length() > max) {
            throw ReservoirException.invalid(path, "is longer than " + max + " characters");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw ReservoirException.invalid(path, "contains control characters");
        }
        return text;
    }

    static String at(String path, String key) {
        return path + "." + key;
    }
}
