package io.reservoir.loyalty;

import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The points ledger. Invariant after every commit: balance = sum of the account's entries = sum
 * of its open lots (0 while a refund left the member in debt).
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
 */
@Service
public class PointsLedger {

    /** Larger amounts are a mistake, not a points balance. */
    static final long MAX_POINTS = 1_000_000_000L;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final AuditLog audit;
    private final Clock clock;

    PointsLedger(JdbcClient jdbc, JdbcTemplate batch, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.audit = audit;
        this.clock = clock;
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
        return earn(workspaceId, new Credit(brandId, customerNo, points, key, expiresAt, reason));
    }

    /**
     * Credits one {@link Credit}. A member in debt (a refund took back points already spent)
     * repays it first: the new lot holds only what is left over.
     */
    @Transactional
    public PointsChange earn(long workspaceId, Credit credit) {
        requireAmount(credit.points());
        Instant expiresAt = micros(credit.expiresAt());
        Call call = new Call(
                workspaceId,
                credit.brandId(),
                credit.customerNo(),
                credit.key(),
                "earn",
                credit.points(),
                credit.reason(),
                null,
                credit.rule(),
                credit.earnedOn(),
                expiresAt);
        return apply(call, account -> {
            long entry = account.insertEntry(credit.points());
            long debt = Math.max(0, -account.balance);
            account.insertLot(entry, credit.points(), Math.max(0, credit.points() - debt), expiresAt);
            return credit.points();
        });
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
     * Earns many credits in a few statements (the order earner's path). Keys already in the ledger
     * and repeats within the batch are skipped, whatever they wrote: a batch is re-read after a
     * failure, and a key another caller takes at the same moment stays theirs. Returns how many
     * credits were new.
     *
     * <p>The accounts are locked first, all of them, in (brand, customer) order, and the keys
     * checked again under the locks; entries are inserted with {@code on conflict do nothing} and
     * only the entries this call wrote get a lot and count in the balance. Two batches with the
     * same credits, or a batch and single calls, therefore credit each key once and never wait
     * on each other in a circle. Members in debt repay it first, credits in batch order.
     */
    @Transactional
    public int earnAll(long workspaceId, List<Credit> credits) {
        Map<String, Credit> byKey = new LinkedHashMap<>();
        for (Credit credit : credits) {
            requireAmount(credit.points());
            requireKey(credit.key());
            byKey.putIfAbsent(credit.key(), credit);
        }
        // keys already in the ledger cost no lock (a batch read again after a failure)
        List<Credit> fresh = withoutKeysInLedger(workspaceId, byKey.values());
        if (fresh.isEmpty()) {
            return 0;
        }
        Map<AccountRef, Long> balances =
                lockAll(workspaceId, fresh.stream().map(AccountRef::of).toList());
        fresh = withoutKeysInLedger(workspaceId, fresh); // written while this call waited for the locks
        if (fresh.isEmpty()) {
            return 0;
        }
        var at = SqlTime.param(SqlTime.now(clock));
        int[] inserted = batch.batchUpdate(
                """
                insert into points_entry (workspace_id, brand_id, customer_no, kind, points, idempotency_key, reason,
                                          rule, earned_on, created_at)
                values (?, ?, ?, 'earn', ?, ?, ?, ?, ?, ?) on conflict do nothing
                """,
                fresh.stream()
                        .map(c -> new Object[] {
                            workspaceId,
                            c.brandId(),
                            c.customerNo(),
                            c.points(),
                            c.key(),
                            c.reason(),
                            c.rule(),
                            c.earnedOn(),
                            at
                        })
                        .toList());
        Map<String, Long> written = writtenFor(workspaceId, fresh, inserted);
        List<Object[]> lots = new ArrayList<>();
        Map<AccountRef, Long> changed = new TreeMap<>();
        for (Credit c : fresh) {
            Long entryId = written.get(c.key());
            if (entryId == null) {
                continue; // another member's call took the key at the same moment
            }
            AccountRef account = AccountRef.of(c);
            long balance = changed.getOrDefault(account, balances.get(account));
            long debt = Math.max(0, -balance);
            lots.add(new Object[] {
                workspaceId,
                entryId,
                c.brandId(),
                c.customerNo(),
                c.points(),
                Math.max(0, c.points() - debt),
                at,
                SqlTime.param(micros(c.expiresAt()))
            });
            changed.put(account, balance + c.points());
        }
        batch.batchUpdate("""
                insert into points_lot (workspace_id, entry_id, brand_id, customer_no, earned, remaining, earned_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                """, lots);
        batch.batchUpdate(
                """
                update points_account set balance = balance + ?, updated_at = ?
                 where workspace_id = ? and brand_id = ? and customer_no = ?
                """,
                changed.entrySet().stream()
                        .map(a -> new Object[] {
                            a.getValue() - balances.get(a.getKey()),
                            at,
                            workspaceId,
                            a.getKey().brandId(),
                            a.getKey().customerNo()
                        })
                        .toList());
        return written.size();
    }

    /** The credits whose keys are not in the ledger yet. */
    private List<Credit> withoutKeysInLedger(long workspaceId, Collection<Credit> credits) {
        Set<String> existing = new HashSet<>(batch.queryForList(
                """
                select k.idempotency_key from unnest(cast(? as varchar array)) as k(idempotency_key)
                 where (select e.id from points_entry e
                         where e.workspace_id = ? and e.idempotency_key = k.idempotency_key) is not null
                """,
                String.class,
                SqlArrays.varchars(credits.stream().map(Credit::key).toList()),
                workspaceId));
        return credits.stream().filter(c -> !existing.contains(c.key())).toList();
    }

    /**
     * The entry ids of the credits this call wrote, by key. Where the driver counts each row of
     * the batch (H2), the counts say which; where it does not (PostgreSQL, whose batches travel
     * as multi-row inserts), an entry under the key for the credit's account is this call's:
     * nobody else writes to an account whose lock this call holds, and on PostgreSQL everything
     * committed before the lock was granted is read here.
     */
    private Map<String, Long> writtenFor(long workspaceId, List<Credit> credits, int[] inserted) {
        Map<String, AccountRef> accountOf = new HashMap<>();
        boolean counted = inserted.length == credits.size()
                && Arrays.stream(inserted).allMatch(count -> count == 0 || count == 1);
        for (int i = 0; i < credits.size(); i++) {
            if (!counted || inserted[i] == 1) {
                accountOf.put(credits.get(i).key(), AccountRef.of(credits.get(i)));
            }
        }
        if (accountOf.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> written = new HashMap<>();
        batch.query(
                """
                select e.idempotency_key, e.id, e.brand_id, e.customer_no
                  from unnest(cast(? as varchar array)) as k(idempotency_key)
                  join points_entry e on e.workspace_id = ? and e.idempotency_key = k.idempotency_key
                """,
                rs -> {
                    if (new AccountRef(rs.getLong(3), rs.getInt(4)).equals(accountOf.get(rs.getString(1)))) {
                        written.put(rs.getString(1), rs.getLong(2));
                    }
                },
                SqlArrays.varchars(accountOf.keySet()),
                workspaceId);
        return written;
    }

    /** One member's account with one brand; ordered as accounts are locked. */
    private record AccountRef(long brandId, int customerNo) implements Comparable<AccountRef> {

        static AccountRef of(Credit credit) {
            return new AccountRef(credit.brandId(), credit.customerNo());
        }

        @Override
        public int compareTo(AccountRef other) {
            int byBrand = Long.compare(brandId, other.brandId);
            return byBrand != 0 ? byBrand : Integer.compare(customerNo, other.customerNo);
        }
    }

    /**
     * Creates the accounts that do not exist yet and locks them all, in (brand, customer) order:
     * every call that changes more than one account takes their locks in this order, and the
     * others take one lock only, so no two calls wait on each other in a circle. Returns the
     * balances, read under the locks.
     */
    private Map<AccountRef, Long> lockAll(long workspaceId, Collection<AccountRef> accounts) {
        SortedSet<AccountRef> sorted = new TreeSet<>(accounts);
        var at = SqlTime.param(SqlTime.now(clock));
        batch.batchUpdate(
                """
                insert into points_account (workspace_id, brand_id, customer_no, balance, updated_at)
                values (?, ?, ?, 0, ?) on conflict do nothing
                """,
                sorted.stream()
                        .map(a -> new Object[] {workspaceId, a.brandId(), a.customerNo(), at})
                        .toList());
        // one row lock after the other, in the order of the batch
        batch.batchUpdate(
                """
                update points_account set updated_at = updated_at
                 where workspace_id = ? and brand_id = ? and customer_no = ?
                """,
                sorted.stream()
                        .map(a -> new Object[] {workspaceId, a.brandId(), a.customerNo()})
                        .toList());
        Map<AccountRef, Long> balances = new HashMap<>();
        Map<Long, Set<Integer>> byBrand = new TreeMap<>();
        sorted.forEach(
                a -> byBrand.computeIfAbsent(a.brandId(), b -> new TreeSet<>()).add(a.customerNo()));
        byBrand.forEach((brand, nos) -> batch.query(
                """
                select a.customer_no, a.balance from unnest(cast(? as integer array)) as k(no)
                  join points_account a on a.workspace_id = ? and a.brand_id = ? and a.customer_no = k.no
                """,
                rs -> {
                    balances.put(new AccountRef(brand, rs.getInt(1)), rs.getLong(2));
                },
                SqlArrays.integers(nos),
                workspaceId,
                brand));
        return balances;
    }

    /** How many credits of {@code rule} the member earned on days {@code from} to {@code to}. */
    @Transactional(readOnly = true)
    public int rewardsOf(long workspaceId, long brandId, int customerNo, String rule, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                        select count(*) from points_entry
                         where workspace_id = :ws and brand_id = :brand and customer_no = :no
                           and rule = :rule and earned_on between :from and :to
                        """)
                .param("ws", workspaceId)
                .param("brand", brandId)
                .param("no", customerNo)
                .param("rule", rule)
                .param("from", from)
                .param("to", to)
                .query(Integer.class)
                .single();
    }

    /**
     * Spends {@code points}, oldest-expiring lots first.
     *
     * @throws ReservoirException invalid {@code points} when the balance is smaller
     */
    @Transactional
    public PointsChange spend(long workspaceId, long brandId, int customerNo, long points, String key, String reason) {
        requireAmount(points);
        return apply(
                new Call(workspaceId, brandId, customerNo, key, "spend", -points, reason, null, null, null, null),
                account -> {
                    if (points > account.balance) {
                        throw ReservoirException.invalid(
                                "points",
                                "the balance is " + account.balance + " points; " + points + " cannot be spent");
                    }
                    account.insertEntry(-points);
                    account.consume(points, null);
                    return -points;
                });
    }

    /**
     * Takes back up to {@code points} of what the entry keyed {@code earnKey} credited (a refund):
     * first from that entry's own lot, then from the oldest-expiring others. Never more than the
     * entry credited in all its reversals together, and never below a zero balance.
     */
    @Transactional
    public PointsChange reverse(
            long workspaceId, long brandId, int customerNo, String earnKey, long points, String key, String reason) {
        return reverse(workspaceId, brandId, customerNo, earnKey, points, key, reason, false);
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
        requireAmount(points);
        PointsEntry earned = entry(workspaceId, earnKey)
                .filter(e -> e.points() > 0 && e.brandId() == brandId && e.customerNo() == customerNo)
                .orElseThrow(() -> ReservoirException.invalid("earnKey", "names no credit of this member: " + earnKey));
        return apply(
                new Call(
                        workspaceId,
                        brandId,
                        customerNo,
                        key,
                        "reverse",
                        -points,
                        reason,
                        earned.id(),
                        null,
                        null,
                        null),
                account -> {
                    long reversedBefore = -jdbc.sql(
                                    "select coalesce(sum(points), 0) from points_entry where workspace_id = :ws and reverses = :entry")
                            .param("ws", workspaceId)
                            .param("entry", earned.id())
                            .query(Long.class)
                            .single();
                    long held = Math.max(0, account.balance);
                    long owed = Math.min(points, earned.points() - reversedBefore);
                    long taken = allowDebt ? owed : Math.min(owed, held);
                    account.insertEntry(-taken);
                    account.consume(Math.min(taken, held), earned.id());
                    return -taken;
                });
    }

    /**
     * A manual correction by {@code caller}: positive credits a lot that never expires, negative
     * spends. Audited with its reason, in the same transaction.
     */
    @Transactional
    public PointsChange adjust(
            Caller caller, String customerId, long brandId, int customerNo, long points, String key, String reason) {
        caller.require(Role.OPERATOR);
        PointsChange change = adjust(caller.workspaceId(), brandId, customerNo, points, key, reason);
        if (!change.replay()) {
            audit.record(
                    caller,
                    "points.adjusted",
                    "customer",
                    customerId,
                    Map.of("brand", brandId, "points", points, "reason", reason, "key", key));
        }
        return change;
    }

    @Transactional
    PointsChange adjust(long workspaceId, long brandId, int customerNo, long points, String key, String reason) {
        if (points == 0 || Math.abs(points) > MAX_POINTS) {
            throw ReservoirException.invalid("points", "must be a non-zero number of points up to " + MAX_POINTS);
        }
        if (reason == null || reason.isBlank()) {
            throw ReservoirException.invalid("reason", "is required for an adjustment");
        }
        return apply(
                new Call(workspaceId, brandId, customerNo, key, "adjust", points, reason, null, "manual", null, null),
                account -> {
                    if (points > 0) {
                        long debt = Math.max(0, -account.balance);
                        account.insertLot(account.insertEntry(points), points, Math.max(0, points - debt), null);
                    } else {
                        if (-points > Math.max(0, account.balance)) {
                            throw ReservoirException.invalid(
                                    "points",
                                    "the balance is " + account.balance + " points; " + -points + " cannot be taken");
                        }
                        account.insertEntry(points);
                        account.consume(-points, null);
                    }
                    return points;
                });
    }

    /**
     * Expires what is left of lots whose time has come: the members of the {@code limit} soonest
     * due lots lose all their lots due by {@code now}, one entry per lot. Returns how many lots it
     * found (the schedule calls again while that is {@code limit}).
     *
     * <p>The members' accounts are locked first, in the order every writer of several accounts
     * takes them, and their due lots read again under the locks: a lot a spend emptied meanwhile
     * writes nothing, a credit due on arrival that committed meanwhile expires now. Each member's
     * expiry is thus one step among that member's other calls; members whose lots came due only
     * while this call ran are left for the next.
     */
    @Transactional
    public int expire(long workspaceId, Instant now, int limit) {
        List<AccountRef> due = jdbc.sql("""
                        select brand_id, customer_no from points_lot
                         where workspace_id = :ws and expires_at <= :now and remaining > 0
                         order by expires_at, entry_id fetch first :limit rows only
                        """)
                .param("ws", workspaceId)
                .param("now", SqlTime.param(now))
                .param("limit", limit)
                .query((rs, row) -> new AccountRef(rs.getLong(1), rs.getInt(2)))
                .list();
        if (due.isEmpty()) {
            return 0;
        }
        lockAll(workspaceId, due);
        for (AccountRef member : new TreeSet<>(due)) {
            List<Long> lots = jdbc.sql("""
                            select entry_id from points_lot
                             where workspace_id = :ws and brand_id = :brand and customer_no = :no
                               and expires_at <= :now and remaining > 0
                             order by expires_at, entry_id
                            """)
                    .param("ws", workspaceId)
                    .param("brand", member.brandId())
                    .param("no", member.customerNo())
                    .param("now", SqlTime.param(now))
                    .query(Long.class)
                    .list();
            for (long lot : lots) {
                apply(
                        new Call(
                                workspaceId,
                                member.brandId(),
                                member.customerNo(),
                                "expire:" + lot,
                                "expire",
                                0,
                                "lot expired",
                                null,
                                null,
                                null,
                                null),
                        account -> {
                            long left = account.lotRemaining(lot);
                            account.insertEntry(-left);
                            account.consumeLot(lot, left);
                            return -left;
                        });
            }
        }
        return due.size();
    }

    /**
     * What a retry of the call that wrote {@code key} answers: its entry and the balance now; for
     * callers that rebuild a request which may have changed since (a program's rule edited), and
     * want the first answer rather than a conflict.
     */
    @Transactional(readOnly = true)
    Optional<PointsChange> replay(long workspaceId, String key) {
        return entry(workspaceId, key)
                .map(e -> new PointsChange(
                        e, account(workspaceId, e.brandId(), e.customerNo()).balance(), true));
    }

    /** The credit written under {@code key}, if there is one. */
    @Transactional(readOnly = true)
    public Optional<PointsEntry> credit(long workspaceId, String key) {
        return entry(workspaceId, key).filter(e -> e.points() > 0);
    }

    /** The credits written under {@code keys}, by key. */
    @Transactional(readOnly = true)
    public Map<String, PointsEntry> credits(long workspaceId, Collection<String> keys) {
        Map<String, PointsEntry> found = new HashMap<>();
        jdbc.sql("""
                        select e.* from unnest(cast(:keys as varchar array)) as k(idempotency_key)
                          join points_entry e on e.workspace_id = :ws and e.idempotency_key = k.idempotency_key
                         where e.points > 0
                        """)
                .param("keys", SqlArrays.varchars(keys))
                .param("ws", workspaceId)
                .query((rs, row) -> entry(rs))
                .list()
                .forEach(e -> found.put(e.key(), e));
        return found;
    }

    @Transactional(readOnly = true)
    public PointsAccount account(long workspaceId, long brandId, int customerNo) {
        long balance = jdbc.sql(
                        "select balance from points_account where workspace_id = :ws and brand_id = :brand and customer_no = :no")
                .param("ws", workspaceId)
                .param("brand", brandId)
                .param("no", customerNo)
                .query(Long.class)
                .optional()
                .orElse(0L);
        List<PointsLot> lots = jdbc.sql("""
                        select * from points_lot
                         where workspace_id = :ws and brand_id = :brand and customer_no = :no and remaining > 0
                         order by expires_at nulls last, entry_id
                        """)
                .param("ws", workspaceId)
                .param("brand", brandId)
                .param("no", customerNo)
                .query((rs, row) -> new PointsLot(
                        rs.getLong("entry_id"),
                        rs.getLong("earned"),
                        rs.getLong("remaining"),
                        SqlTime.read(rs, "earned_at"),
                        SqlTime.read(rs, "expires_at")))
                .list();
        return new PointsAccount(brandId, customerNo, balance, lots);
    }

    /** The member's entries with one brand, newest first; {@code beforeId} pages back. */
    @Transactional(readOnly = true)
    public List<PointsEntry> entries(long workspaceId, long brandId, int customerNo, Long beforeId, int limit) {
        return jdbc.sql("""
                        select * from points_entry
                         where workspace_id = :ws and brand_id = :brand and customer_no = :no and id < :before
                         order by id desc fetch first :limit rows only
                        """)
                .param("ws", workspaceId)
                .param("brand", brandId)
                .param("no", customerNo)
                .param("before", beforeId == null ? Long.MAX_VALUE : beforeId)
                .param("limit", limit)
                .query((rs, row) -> entry(rs))
                .list();
    }

    /** The balances of {@code customerNos} with one brand (0 for a member without an account). */
    @Transactional(readOnly = true)
    public Map<Integer, Long> balances(long workspaceId, long brandId, Collection<Integer> customerNos) {
        Map<Integer, Long> balances = new HashMap<>();
        customerNos.forEach(no -> balances.put(no, 0L));
        if (customerNos.isEmpty()) {
            return balances;
        }
        jdbc.sql("""
                        select a.customer_no, a.balance from unnest(cast(:nos as integer array)) as k(no)
                          join points_account a on a.workspace_id = :ws and a.brand_id = :brand and a.customer_no = k.no
                        """)
                .param("nos", SqlArrays.integers(customerNos))
                .param("ws", workspaceId)
                .param("brand", brandId)
                .query((rs, row) -> Map.entry(rs.getInt(1), rs.getLong(2)))
                .list()
                .forEach(e -> balances.put(e.getKey(), e.getValue()));
        return balances;
    }

    /** The members' balances with every brand, for the customer 360 view. */
    @Transactional(readOnly = true)
    public List<PointsAccount> accounts(long workspaceId, int customerNo) {
        return jdbc
                .sql(
                        "select brand_id from points_account where workspace_id = :ws and customer_no = :no order by brand_id")
                .param("ws", workspaceId)
                .param("no", customerNo)
                .query(Long.class)
                .list()
                .stream()
                .map(brand -> account(workspaceId, brand, customerNo))
                .toList();
    }

    /**
     * One call: {@code points} as asked (signed; 0 for expiry), {@code reverses} the credit a
     * refund takes back, {@code expiresAt} the lot of a credit.
     */
    private record Call(
            long workspaceId,
            long brandId,
            int customerNo,
            String key,
            String kind,
            long points,
            String reason,
            Long reverses,
            String rule,
            LocalDate earnedOn,
            Instant expiresAt) {}

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
                    || !entry.kind().equals(call.kind())) {
                return false;
            }
            return switch (call.kind()) {
                case "reverse" -> Objects.equals(reverses, call.reverses());
                case "expire" -> true;
                case "earn" -> entry.points() == call.points() && Objects.equals(expiresAt, call.expiresAt());
                default -> entry.points() == call.points();
            };
        }
    }

    @FunctionalInterface
    private interface Change {
        /** Writes the entry (and lots) of the call; returns the signed change of the balance. */
        long write(Account account);
    }

    private PointsChange apply(Call call, Change change) {
        requireKey(call.key());
        if (call.reason() != null && call.reason().length() > 500) {
            throw ReservoirException.invalid("reason", "must be at most 500 characters");
        }
        Account account =
                new Account(call, SqlTime.now(clock), lock(call.workspaceId(), call.brandId(), call.customerNo()));
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
                call.kind(),
                delta,
                call.key(),
                call.reason(),
                account.now);
        return new PointsChange(written, account.balance, false);
    }

    /**
     * Raised by the first write of a call (its entry) when the key turned out to be taken since
     * the call looked: nothing of the call is written yet.
     */
    private static final class KeyTaken extends RuntimeException {
        KeyTaken() {
            super(null, null, false, false);
        }
    }

    /**
     * The key was free when this call looked under the member's lock, but its entry could not be
     * written: another member's call holds it (under that member's lock), or, on H2, the commit
     * of this member's previous call is not yet visible to this transaction's reads (H2 grants
     * the lock a moment before every row of that commit can be read). Looks again for a short
     * while: a retry of the same request answers the first; anything else is a conflict.
     */
    private PointsChange afterKeyTaken(Call call, long balance) {
        for (int attempt = 0; attempt < SETTLE_ATTEMPTS; attempt++) {
            Optional<Earlier> earlier = earlier(call.workspaceId(), call.key());
            if (earlier.isPresent()) {
                if (!earlier.get().retriedBy(call)) {
                    break;
                }
                return new PointsChange(earlier.get().entry(), balance, true);
            }
            pause();
        }
        throw ReservoirException.conflict("key", "was just used for another change: " + call.key());
    }

    /** How often, {@link #SETTLE_PAUSE_MS} apart, a call looks again for a key it found taken. */
    static final int SETTLE_ATTEMPTS = 40;

    static final long SETTLE_PAUSE_MS = 5;

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
     * Locks the member's account for the rest of the caller's transaction (creating it on first
     * use), for a caller that decides on more than the ledger under the same lock: a redemption
     * checks its key and the member's limit before it spends. Returns the balance.
     */
    @Transactional
    long lock(long workspaceId, long brandId, int customerNo) {
        Optional<Long> balance = lockedBalance(workspaceId, brandId, customerNo);
        if (balance.isPresent()) {
            return balance.get();
        }
        // ON CONFLICT DO NOTHING (H2 knows it in PostgreSQL mode): a concurrent first call must not
        // fail with a duplicate key, which on PostgreSQL would abort the whole transaction.
        jdbc.sql("""
                        insert into points_account (workspace_id, brand_id, customer_no, balance, updated_at)
                        values (:ws, :brand, :no, 0, :at) on conflict do nothing
                        """)
                .param("ws", workspaceId)
                .param("brand", brandId)
                .param("no", customerNo)
                .param("at", SqlTime.param(SqlTime.now(clock)))
                .update();
        return lockedBalance(workspaceId, brandId, customerNo).orElseThrow();
    }

    private Optional<Long> lockedBalance(long workspaceId, long brandId, int customerNo) {
        return jdbc.sql("""
                        select balance from points_account
                         where workspace_id = :ws and brand_id = :brand and customer_no = :no for update
                        """)
                .param("ws", workspaceId)
                .param("brand", brandId)
                .param("no", customerNo)
                .query(Long.class)
                .optional();
    }

    private Optional<Earlier> earlier(long workspaceId, String key) {
        return jdbc.sql("""
                        select e.*, l.expires_at as lot_expires_at from points_entry e
                          left join points_lot l on l.workspace_id = e.workspace_id and l.entry_id = e.id
                         where e.workspace_id = :ws and e.idempotency_key = :key
                        """)
                .param("ws", workspaceId)
                .param("key", key)
                .query((rs, row) -> new Earlier(
                        entry(rs), rs.getObject("reverses", Long.class), SqlTime.read(rs, "lot_expires_at")))
                .optional();
    }

    private Optional<PointsEntry> entry(long workspaceId, String key) {
        return jdbc.sql("select * from points_entry where workspace_id = :ws and idempotency_key = :key")
                .param("ws", workspaceId)
                .param("key", key)
                .query((rs, row) -> entry(rs))
                .optional();
    }

    private static PointsEntry entry(ResultSet rs) throws SQLException {
        return new PointsEntry(
                rs.getLong("id"),
                rs.getLong("brand_id"),
                rs.getInt("customer_no"),
                rs.getString("kind"),
                rs.getLong("points"),
                rs.getString("idempotency_key"),
                rs.getString("reason"),
                SqlTime.read(rs, "created_at"));
    }

    private static void requireKey(String key) {
        if (key == null || key.isBlank() || key.length() > 300) {
            throw ReservoirException.invalid("key", "must be 1 to 300 characters naming the cause of the change");
        }
    }

    /** Instants to the microsecond, as both databases keep them: a retry compares equal. */
    private static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static void requireAmount(long points) {
        if (points <= 0 || points > MAX_POINTS) {
            throw ReservoirException.invalid("points", "must be between 1 and " + MAX_POINTS);
        }
    }

    /** One locked account during one call: its balance and the writes of the call. */
    private final class Account {

        final Call call;
        final Instant now;
        long balance;
        long entryId;

        Account(Call call, Instant now, long balance) {
            this.call = call;
            this.now = now;
            this.balance = balance;
        }

        long insertEntry(long points) {
            GeneratedKeyHolder id = new GeneratedKeyHolder();
            jdbc.sql("""
                            insert into points_entry (workspace_id, brand_id, customer_no, kind, points, idempotency_key,
                                                      reason, reverses, rule, earned_on, created_at)
                            values (:ws, :brand, :no, :kind, :points, :key, :reason, :reverses, :rule, :on, :at)
                            on conflict do nothing
                            """)
                    .param("ws", call.workspaceId())
                    .param("brand", call.brandId())
                    .param("no", call.customerNo())
                    .param("kind", call.kind())
                    .param("points", points)
                    .param("key", call.key())
                    .param("reason", call.reason())
                    .param("reverses", call.reverses())
                    .param("rule", call.rule())
                    .param("on", call.earnedOn())
                    .param("at", SqlTime.param(now))
                    .update(id, "id");
            if (id.getKeyList().isEmpty()) {
                throw new KeyTaken();
            }
            entryId = id.getKey().longValue();
            return entryId;
        }

        void insertLot(long entryId, long points, long remaining, Instant expiresAt) {
            jdbc.sql("""
                            insert into points_lot (workspace_id, entry_id, brand_id, customer_no, earned, remaining,
                                                    earned_at, expires_at)
                            values (:ws, :entry, :brand, :no, :points, :remaining, :at, :expires)
                            """)
                    .param("ws", call.workspaceId())
                    .param("entry", entryId)
                    .param("brand", call.brandId())
                    .param("no", call.customerNo())
                    .param("points", points)
                    .param("remaining", remaining)
                    .param("at", SqlTime.param(now))
                    .param("expires", SqlTime.param(expiresAt))
                    .update();
        }

        long lotRemaining(long entryId) {
            return jdbc.sql("select remaining from points_lot where workspace_id = :ws and entry_id = :entry")
                    .param("ws", call.workspaceId())
                    .param("entry", entryId)
                    .query(Long.class)
                    .single();
        }

        void consumeLot(long entryId, long points) {
            jdbc.sql(
                            "update points_lot set remaining = remaining - :points where workspace_id = :ws and entry_id = :entry")
                    .param("points", points)
                    .param("ws", call.workspaceId())
                    .param("entry", entryId)
                    .update();
        }

        /** Takes {@code points} from the open lots: {@code first}'s lot first (if given), then oldest-expiring. */
        void consume(long points, Long first) {
            long left = points;
            if (first != null && left > 0) {
                long taken = Math.min(left, lotRemaining(first));
                consumeLot(first, taken);
                left -= taken;
            }
            if (left == 0) {
                return;
            }
            List<long[]> lots = jdbc.sql("""
                            select entry_id, remaining from points_lot
                             where workspace_id = :ws and brand_id = :brand and customer_no = :no and remaining > 0
                             order by expires_at nulls last, entry_id
                            """)
                    .param("ws", call.workspaceId())
                    .param("brand", call.brandId())
                    .param("no", call.customerNo())
                    .query((rs, row) -> new long[] {rs.getLong(1), rs.getLong(2)})
                    .list();
            for (long[] lot : lots) {
                if (left == 0) {
                    break;
                }
                long taken = Math.min(left, lot[1]);
                consumeLot(lot[0], taken);
                left -= taken;
            }
            if (left != 0) {
                throw new IllegalStateException("points lots hold less than the balance of account " + call);
            }
        }
    }
}
