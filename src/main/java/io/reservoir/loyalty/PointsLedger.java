package io.reservoir.loyalty;

import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The points ledger. Invariant after every commit: balance = sum of the account's entries = sum
 * of its open lots (0 while a refund left the member in debt).
 *
 * <h2>Lots</h2>
 * A credit is its own lot: its entry row holds what is left of it ({@code remaining}) and when that
 * expires, so a credit writes one row. Debits (spends, expiries, reversals) hold no lot; they take
 * from the open lots, oldest-expiring first, by lowering their {@code remaining}.
 *
 * <h2>Idempotency</h2>
 * Every call names an idempotency key derived from its cause (an order id, an event's message id, a
 * request key). A retry of the same request answers the entry written the first time and changes
 * nothing; the key with another request (another member, kind, amount, a credit's expiry, the
 * credit a refund names) is refused as a conflict, also when the two arrive at the same moment.
 * Batches of credits ({@link #earnAll}) skip keys already used instead.
 *
 * <h2>Locks</h2>
 * The member's account row is the lock that serialises the member's changes: a call locks it
 * before it reads anything it decides on, so concurrent calls for one member run one after another
 * and a spend never overdraws. Calls that change several accounts ({@link #earnAll},
 * {@link #expire}) lock them all first, in (brand, customer) order; the others lock one. No two
 * calls wait on each other in a circle.
 *
 * <h2>Transactions</h2>
 * This class is the ledger's only door and owns its transactions: each method is one transaction
 * and hands the work to package-private collaborators by use case — {@code PointsWriter} (one
 * member's change, on {@code KeyedChanges}), {@code BulkEarning}, {@code PointsExpiry} and
 * {@code LedgerQueries}, with {@code AccountLocks} shared. They are plain objects made here, not
 * beans, so none is reached outside a transaction of this class.
 */
@Service
public class PointsLedger {

    /** Larger amounts are a mistake, not a points balance. */
    static final long MAX_POINTS = 1_000_000_000L;

    /** How often, {@link #SETTLE_PAUSE_MS} apart, a call looks again for a key it found taken. */
    static final int SETTLE_ATTEMPTS = 40;

    static final long SETTLE_PAUSE_MS = 5;

    private final AccountLocks locks;
    private final PointsWriter writer;
    private final BulkEarning bulk;
    private final PointsExpiry expiry;
    private final LedgerQueries queries;
    private final ApplicationEventPublisher events;

    PointsLedger(JdbcClient jdbc, JdbcTemplate batch, AuditLog audit, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.locks = new AccountLocks(jdbc, batch, clock);
        this.queries = new LedgerQueries(jdbc);
        KeyedChanges changes = new KeyedChanges(jdbc, locks, clock);
        this.writer = new PointsWriter(jdbc, changes, queries, audit);
        this.bulk = new BulkEarning(batch, locks, clock);
        this.expiry = new PointsExpiry(jdbc, locks, changes);
    }

    /**
     * Credits {@code points} as a new lot that expires at {@code expiresAt} (null: never).
     *
     * @throws ReservoirException invalid for a bad amount or key; conflict when {@code key} wrote
     *     another change (another member, kind, amount or expiry); a retry of the same credit
     *     answers the first one
     */
    @Transactional
    public PointsChange earn(
            long workspaceId, long brandId, int customerNo, long points, String key, Instant expiresAt, String reason) {
        return announced(
                workspaceId, writer.earn(workspaceId, new Credit(brandId, customerNo, points, key, expiresAt, reason)));
    }

    /**
     * Credits one {@link Credit}. A member in debt (a refund took back points already spent)
     * repays it first: the new lot holds only what is left over.
     */
    @Transactional
    public PointsChange earn(long workspaceId, Credit credit) {
        return announced(workspaceId, writer.earn(workspaceId, credit));
    }

    /**
     * One credit: as {@link #earn}'s arguments, with the program rule that earned it ({@code order},
     * {@code check_in}, …; null for outside causes) and the brand-local day of its cause, by which
     * action caps count.
     */
    public record Credit(
            long brandId,
            int customerNo,
            long points,
            String key,
            Instant expiresAt,
            String reason,
            String rule,
            LocalDate earnedOn) {

        public Credit(long brandId, int customerNo, long points, String key, Instant expiresAt, String reason) {
            this(brandId, customerNo, points, key, expiresAt, reason, null, null);
        }
    }

    /**
     * Earns many credits in a few statements (the order earner's path), each account written once.
     * Keys already in the ledger and repeats within the batch are skipped, whatever they wrote: a
     * batch is re-read after a failure, and a key another caller takes at the same moment stays
     * theirs. Returns how many credits were new.
     *
     * <p>Two batches with the same credits, or a batch and single calls, credit each key once.
     * Members in debt repay it first, credits in batch order.
     */
    @Transactional
    public int earnAll(long workspaceId, List<Credit> credits) {
        int fresh = bulk.earnAll(workspaceId, credits);
        if (fresh > 0) {
            announce(workspaceId, credits.stream().map(Credit::customerNo).collect(Collectors.toSet()));
        }
        return fresh;
    }

    /**
     * Spends {@code points}, oldest-expiring lots first.
     *
     * @throws ReservoirException invalid {@code points} when the balance is smaller
     */
    @Transactional
    public PointsChange spend(long workspaceId, long brandId, int customerNo, long points, String key, String reason) {
        return announced(workspaceId, writer.spend(workspaceId, brandId, customerNo, points, key, reason));
    }

    /**
     * Takes back up to {@code points} of what the entry keyed {@code earnKey} credited (a refund):
     * first from that entry's own lot, then from the oldest-expiring others. Never more than the
     * entry credited in all its reversals together, and never below a zero balance.
     */
    @Transactional
    public PointsChange reverse(
            long workspaceId, long brandId, int customerNo, String earnKey, long points, String key, String reason) {
        return announced(
                workspaceId, writer.reverse(workspaceId, brandId, customerNo, earnKey, points, key, reason, false));
    }

    /**
     * As {@link #reverse(long, long, int, String, long, String, String)}; with {@code allowDebt}
     * the points already spent are taken back too, leaving a negative balance.
     */
    @Transactional
    public PointsChange reverse(
            long workspaceId,
            long brandId,
            int customerNo,
            String earnKey,
            long points,
            String key,
            String reason,
            boolean allowDebt) {
        return announced(
                workspaceId, writer.reverse(workspaceId, brandId, customerNo, earnKey, points, key, reason, allowDebt));
    }

    /**
     * A manual correction by {@code caller}: positive credits a lot that never expires, negative
     * spends. Audited with its reason, in the same transaction.
     */
    @Transactional
    public PointsChange adjust(
            Caller caller, String customerId, long brandId, int customerNo, long points, String key, String reason) {
        return announced(
                caller.workspaceId(), writer.adjust(caller, customerId, brandId, customerNo, points, key, reason));
    }

    @Transactional
    PointsChange adjust(long workspaceId, long brandId, int customerNo, long points, String key, String reason) {
        return announced(workspaceId, writer.adjust(workspaceId, brandId, customerNo, points, key, reason));
    }

    /**
     * Expires what is left of lots whose time has come: the members of the {@code limit} soonest
     * due lots lose all their lots due by {@code now}, one entry per lot. Returns how many lots it
     * found (the schedule calls again while that is {@code limit}). A lot a spend emptied meanwhile
     * writes nothing; members whose lots came due only while this call ran are left for the next.
     */
    @Transactional
    public int expire(long workspaceId, Instant now, int limit) {
        Set<Integer> changed = new HashSet<>();
        int lots = expiry.expire(workspaceId, now, limit, changed);
        announce(workspaceId, changed);
        return lots;
    }

    /**
     * Locks the member's account for the rest of the caller's transaction (creating it on first
     * use), for a caller that decides on more than the ledger under the same lock: a redemption
     * checks its key and the member's limit before it spends. Returns the balance.
     */
    @Transactional
    long lock(long workspaceId, long brandId, int customerNo) {
        return locks.lock(workspaceId, brandId, customerNo);
    }

    /** How many credits of {@code rule} the member earned on days {@code from} to {@code to}. */
    @Transactional(readOnly = true)
    public int rewardsOf(long workspaceId, long brandId, int customerNo, String rule, LocalDate from, LocalDate to) {
        return queries.rewardsOf(workspaceId, brandId, customerNo, rule, from, to);
    }

    /**
     * What a retry of the call that wrote {@code key} answers: its entry and the balance now; for
     * callers that rebuild a request which may have changed since (a program's rule edited), and
     * want the first answer rather than a conflict.
     */
    @Transactional(readOnly = true)
    Optional<PointsChange> replay(long workspaceId, String key) {
        return queries.replay(workspaceId, key);
    }

    /** The credit written under {@code key}, if there is one. */
    @Transactional(readOnly = true)
    public Optional<PointsEntry> credit(long workspaceId, String key) {
        return queries.credit(workspaceId, key);
    }

    /** The credits written under {@code keys}, by key. */
    @Transactional(readOnly = true)
    public Map<String, PointsEntry> credits(long workspaceId, Collection<String> keys) {
        return queries.credits(workspaceId, keys);
    }

    @Transactional(readOnly = true)
    public PointsAccount account(long workspaceId, long brandId, int customerNo) {
        return queries.account(workspaceId, brandId, customerNo);
    }

    /** The member's entries with one brand, newest first; {@code beforeId} pages back. */
    @Transactional(readOnly = true)
    public List<PointsEntry> entries(long workspaceId, long brandId, int customerNo, Long beforeId, int limit) {
        return queries.entries(workspaceId, brandId, customerNo, beforeId, limit);
    }

    /** The balances of {@code customerNos} with one brand (0 for a member without an account). */
    @Transactional(readOnly = true)
    public Map<Integer, Long> balances(long workspaceId, long brandId, Collection<Integer> customerNos) {
        return queries.balances(workspaceId, brandId, customerNos);
    }

    /** The members' balances with every brand, for the customer 360 view. */
    @Transactional(readOnly = true)
    public List<PointsAccount> accounts(long workspaceId, int customerNo) {
        return queries.accounts(workspaceId, customerNo);
    }

    /** Waits {@link #SETTLE_PAUSE_MS}; an interrupt ends the wait as a conflict. */
    static void pause() {
        try {
            Thread.sleep(SETTLE_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ReservoirException.conflict("key", "interrupted while waiting for a concurrent request");
        }
    }

    /**
     * Tells the modules that keep copies of balances (the audience index) which members' points
     * changed; they read them after this transaction commits. A replay changed nothing.
     */
    private PointsChange announced(long workspaceId, PointsChange change) {
        if (!change.replay()) {
            announce(workspaceId, Set.of(change.entry().customerNo()));
        }
        return change;
    }

    private void announce(long workspaceId, Set<Integer> customerNos) {
        if (!customerNos.isEmpty()) {
            events.publishEvent(new MembersChanged(workspaceId, customerNos));
        }
    }
}
