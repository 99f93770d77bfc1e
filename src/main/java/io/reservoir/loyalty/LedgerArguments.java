package io.reservoir.loyalty;

import io.reservoir.platform.errors.ReservoirException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The checks of what callers give the ledger, shared by its single and bulk writes. */
final class LedgerArguments {

    private LedgerArguments() {}

    static void requireKey(String key) {
        if (key == null || key.isBlank() || key.length() > 300) {
            throw ReservoirException.invalid("key", "must be 1 to 300 characters naming the cause of the change");
        }
    }

    static void requireAmount(long points) {
        if (points <= 0 || points > PointsLedger.MAX_POINTS) {
            throw ReservoirException.invalid("points", "must be between 1 and " + PointsLedger.MAX_POINTS);
        }
    }

    /** Instants to the microsecond, as both databases keep them: a retry compares equal. */
    static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
