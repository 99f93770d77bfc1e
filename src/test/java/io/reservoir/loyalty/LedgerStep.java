package io.reservoir.loyalty;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One step of a generated ledger history: a call of {@link PointsLedger} for a member of one brand
 * (members are customer numbers), or several calls made at the same moment from as many threads.
 * A replay is the same step again; its key is what makes it one.
 */
sealed interface LedgerStep {

    /** {@link PointsLedger#earn(long, long, int, long, String, Instant, String)}. */
    record Earn(int member, long points, String key, Instant expiresAt) implements LedgerStep {
        @Override
        public String toString() {
            return "earn(m" + member + ", " + points + ", " + key + ", expires " + expiresAt + ")";
        }
    }

    /** {@link PointsLedger#earnAll}: the order earner's batch of credits. */
    record EarnAll(List<Earn> credits) implements LedgerStep {
        @Override
        public String toString() {
            return credits.stream().map(Earn::toString).collect(Collectors.joining(", ", "earnAll[", "]"));
        }
    }

    record Spend(int member, long points, String key) implements LedgerStep {
        @Override
        public String toString() {
            return "spend(m" + member + ", " + points + ", " + key + ")";
        }
    }

    /** A refund: takes back up to {@code points} of the credit keyed {@code earnKey}. */
    record Reverse(int member, String earnKey, long points, String key, boolean allowDebt) implements LedgerStep {
        @Override
        public String toString() {
            return "reverse(m" + member + ", " + earnKey + ", " + points + ", " + key + (allowDebt ? ", debt" : "")
                    + ")";
        }
    }

    /** A manual adjustment: positive credits, negative takes. */
    record Adjust(int member, long points, String key) implements LedgerStep {
        @Override
        public String toString() {
            return "adjust(m" + member + ", " + points + ", " + key + ")";
        }
    }

    /** The clock reaches {@code now}: lots due expire, {@code limit} lots per call. */
    record Expire(Instant now, int limit) implements LedgerStep {
        @Override
        public String toString() {
            return "expire(" + now + ", by " + limit + ")";
        }
    }

    /**
     * Expiry as far as one member is concerned: what {@link Expire} does to each member's lots
     * is one step among that member's calls, but the members are not all expired at one moment.
     */
    record ExpireMember(Instant now, int member) implements LedgerStep {
        @Override
        public String toString() {
            return "expire(" + now + ", m" + member + ")";
        }
    }

    /** The calls made at once, one thread each. */
    record Together(List<LedgerStep> calls) implements LedgerStep {
        @Override
        public String toString() {
            return calls.stream().map(LedgerStep::toString).collect(Collectors.joining(" | ", "together{", "}"));
        }
    }
}
