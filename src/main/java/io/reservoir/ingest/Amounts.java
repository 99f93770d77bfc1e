package io.reservoir.ingest;

import io.reservoir.platform.errors.ReservoirException;
import java.math.BigDecimal;
import tools.jackson.databind.JsonNode;

/** Money from messages: yuan as a JSON number or string, exact to the fen, never a double. */
final class Amounts {

    /** 100 billion yuan: no single order or refund is larger; beyond it the input is wrong. */
    static final BigDecimal MAX_YUAN = new BigDecimal("100000000000");

    private Amounts() {}

    static long fen(String field, JsonNode node) {
        BigDecimal yuan;
        try {
            if (node.isNumber()) {
                yuan = node.decimalValue();
            } else if (node.isString()) {
                yuan = new BigDecimal(node.asString().strip());
            } else {
                throw ReservoirException.invalid(field, "must be an amount in yuan, e.g. 199.00");
            }
        } catch (NumberFormatException e) {
            throw ReservoirException.invalid(field, "'" + node.asString() + "' is not an amount in yuan");
        }
        if (yuan.signum() < 0) {
            throw ReservoirException.invalid(field, "must not be negative");
        }
        if (yuan.compareTo(MAX_YUAN) > 0) {
            throw ReservoirException.invalid(field, "is larger than " + MAX_YUAN.toPlainString() + " yuan");
        }
        BigDecimal stripped = yuan.stripTrailingZeros();
        if (stripped.scale() > 2) {
            throw ReservoirException.invalid(field, "has more than 2 decimals (fen)");
        }
        return yuan.movePointRight(2).longValueExact();
    }
}
