package io.reservoir.loyalty;

/** What one ledger call answered: what the model expects, or what the ledger did. */
sealed interface LedgerOutcome {

    /** A new entry of {@code points} (signed) was written. */
    record Applied(long points) implements LedgerOutcome {}

    /** The key was in the ledger already: the answer is the entry {@code entryId} written then. */
    record Replayed(long entryId) implements LedgerOutcome {}

    /** Refused as invalid input (an overdraw, a credit that is not the member's), nothing written. */
    record Refused() implements LedgerOutcome {}

    /** Refused because the key was used for another change (HTTP 409). */
    record Conflict() implements LedgerOutcome {}

    /** A batch of credits of which {@code fresh} were new. */
    record Credited(int fresh) implements LedgerOutcome {}

    /** Expiry ran; what it did shows in the ledger's state. */
    record Expired() implements LedgerOutcome {}

    /** Anything else: an exception no caller should see (a duplicate key, a deadlock, a 500). */
    record Failed(String error) implements LedgerOutcome {}
}
