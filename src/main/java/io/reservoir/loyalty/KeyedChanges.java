package io.reservoir.loyalty;

import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Applies one keyed change to one member's account ({@link PointsLedger}, "Idempotency"): locks
 * the account, answers a retry with the entry written the first time, refuses a key used for
 * another change, and otherwise lets the change write its entry (a credit's is its lot) and take
 * from the open lots, and sets the balance. The single writes and expiry share it; what each kind
 * writes is theirs.
 */
final class KeyedChanges {

    private final JdbcClient jdbc;
    private final AccountLocks locks;
    private final Clock clock;

    KeyedChanges(JdbcClient jdbc, AccountLocks locks, Clock clock) {
        this.jdbc = jdbc;
        this.locks = locks;
        this.clock = clock;
    }

    /**
     * One call: {@code points} as asked (signed; 0 for expiry), {@code reverses} the credit a
     * refund takes back, {@code expiresAt} the lot of a credit.
     */
    record Call(
            long workspaceId,
            long brandId,
            int customerNo,
            String key,
            EntryKind kind,
            long points,
            String reason,
            Long reverses,
            String rule,
            LocalDate earnedOn,
            Instant expiresAt) {}

    @FunctionalInterface
    interface Change {
        /** Writes the entry of the call and takes from lots; returns the signed change of the balance. */
        long write(LockedAccount account);
    }

    /**
     * Raised by the first write of a call (its entry) when the key turned out to be taken since
     * the call looked: nothing of the call is written yet.
     */
    static final class KeyTaken extends RuntimeException {
        KeyTaken() {
            super(null, null, false, false);
        }
    }

    /** An entry already written under a key, with what tells the request that wrote it. */
    private record Earlier(PointsEntry entry, Long reverses, Instant expiresAt) {

        /**
         * Whether {@code call} is a retry of that request: the same member, kind and amount (and
         * expiry of a credit; a refund names the same credit, what it took depended on the
         * balance). The reason is a label and may differ.
         */
        boolean retriedBy(Call call) {
            if (entry.brandId() != call.brandId()
                    || entry.customerNo() != call.customerNo()
                    || !entry.kind().equals(call.kind().id())) {
                return false;
            }
            return switch (call.kind()) {
                case REVERSE -> Objects.equals(reverses, call.reverses());
                case EXPIRE -> true;
                case EARN -> entry.points() == call.points() && Objects.equals(expiresAt, call.expiresAt());
                case SPEND, ADJUST -> entry.points() == call.points();
            };
        }
    }

    PointsChange apply(Call call, Change change) {
        LedgerArguments.requireKey(call.key());
        if (call.reason() != null && call.reason().length() > 500) {
            throw ReservoirException.invalid("reason", "must be at most 500 characters");
        }
        LockedAccount account = new LockedAccount(
                jdbc, call, SqlTime.now(clock), locks.lock(call.workspaceId(), call.brandId(), call.customerNo()));
        Optional<Earlier> earlier = earlier(call.workspaceId(), call.key());
        if (earlier.isPresent()) {
            if (!earlier.get().retriedBy(call)) {
                throw ReservoirException.conflict("key", "was already used for another change: " + call.key());
            }
            return new PointsChange(earlier.get().entry(), account.balance, true);
        }
        long delta;
        try {
            delta = change.write(account);
        } catch (KeyTaken taken) {
            return afterKeyTaken(call, account.balance);
        }
        account.balance += delta;
        jdbc.sql(
                        "update points_account set balance = :balance, updated_at = :at where workspace_id = :ws and brand_id = :brand and customer_no = :no")
                .param("balance", account.balance)
                .param("at", SqlTime.param(account.now))
                .param("ws", call.workspaceId())
                .param("brand", call.brandId())
                .param("no", call.customerNo())
                .update();
        PointsEntry written = new PointsEntry(
                account.entryId,
                call.brandId(),
                call.customerNo(),
                call.kind().id(),
                delta,
                call.key(),
                call.reason(),
                account.now);
        return new PointsChange(written, account.balance, false);
    }

    /**
     * The key was free when this call looked under the member's lock, but its entry could not be
     * written: another member's call holds it (under that member's lock), or, on H2, the commit
     * of this member's previous call is not yet visible to this transaction's reads (H2 grants
     * the lock a moment before every row of that commit can be read). Looks again for a short
     * while: a retry of the same request answers the first; anything else is a conflict.
     */
    private PointsChange afterKeyTaken(Call call, long balance) {
        for (int attempt = 0; attempt < PointsLedger.SETTLE_ATTEMPTS; attempt++) {
            Optional<Earlier> earlier = earlier(call.workspaceId(), call.key());
            if (earlier.isPresent()) {
                if (!earlier.get().retriedBy(call)) {
                    break;
                }
                return new PointsChange(earlier.get().entry(), balance, true);
            }
            PointsLedger.pause();
        }
        throw ReservoirException.conflict("key", "was just used for another change: " + call.key());
    }

    private Optional<Earlier> earlier(long workspaceId, String key) {
        return jdbc.sql("""
                        select * from points_entry where workspace_id = :ws and idempotency_key = :key
                        """)
                .param("ws", workspaceId)
                .param("key", key)
                .query((rs, row) -> new Earlier(
                        LedgerQueries.entry(rs), rs.getObject("reverses", Long.class), SqlTime.read(rs, "expires_at")))
                .optional();
    }
}
