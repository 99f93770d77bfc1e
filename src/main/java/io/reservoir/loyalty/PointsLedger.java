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
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The points ledger. Every call names an idempotency key derived from its cause (an order id, an
 * event's message id, a request key): a key already in the ledger returns the entry written the
 * first time and changes nothing. Each call locks the member's account row first, so concurrent
 * calls for one member run one after another and a spend never overdraws. Invariant after every
 * commit: balance = sum of the account's entries = sum of its open lots.
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

    /** Credits {@code points} as a new lot that expires at {@code expiresAt} (null: never). */
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
                credit.earnedOn());
        return apply(call, account -> {
            long entry = account.insertEntry(credit.points());
            long debt = Math.max(0, -account.balance);
            account.insertLot(entry, credit.points(), Math.max(0, credit.points() - debt), credit.expiresAt());
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
     * Earns many credits in a few statements (the order earner's path): keys already in the ledger
     * and repeats within the batch are skipped; accounts are updated in key order, so batches
     * and single calls never wait on each other in a circle. Returns how many were new.
     */
    @Transactional
    public int earnAll(long workspaceId, List<Credit> credits) {
        Map<String, Credit> byKey = new LinkedHashMap<>();
        for (Credit credit : credits) {
            requireAmount(credit.points());
            byKey.putIfAbsent(credit.key(), credit);
        }
        if (byKey.isEmpty()) {
            return 0;
        }
        Set<String> existing =
                new HashSet<>(batch.queryForList("""
                select k.idempotency_key from unnest(cast(? as varchar array)) as k(idempotency_key)
                 where (select e.id from points_entry e
                         where e.workspace_id = ? and e.idempotency_key = k.idempotency_key) is not null
                """, String.class, SqlArrays.varchars(byKey.keySet()), workspaceId));
        List<Credit> fresh =
                byKey.values().stream().filter(c -> !existing.contains(c.key())).toList();
        // members in debt repay it from their credits: one at a time, through earn
        Set<List<Long>> indebted = indebted(workspaceId, fresh);
        if (!indebted.isEmpty()) {
            List<Credit> single = fresh.stream()
                    .filter(c -> indebted.contains(List.of(c.brandId(), (long) c.customerNo())))
                    .toList();
            single.forEach(c -> earn(workspaceId, c));
            fresh = fresh.stream().filter(c -> !single.contains(c)).toList();
        }
        if (fresh.isEmpty()) {
            return byKey.size() - existing.size();
        }
        var at = SqlTime.param(SqlTime.now(clock));
        Map<List<Long>, Long> perAccount = new TreeMap<>(
                Comparator.<List<Long>, Long>comparing(a -> a.get(0)).thenComparing(a -> a.get(1)));
        fresh.forEach(c -> perAccount.merge(List.of(c.brandId(), (long) c.customerNo()), c.points(), Long::sum));
        batch.batchUpdate(
                """
                insert into points_account (workspace_id, brand_id, customer_no, balance, updated_at)
                values (?, ?, ?, 0, ?) on conflict do nothing
                """,
                perAccount.keySet().stream()
                        .map(a -> new Object[] {workspaceId, a.get(0), a.get(1).intValue(), at})
                        .toList());
        batch.batchUpdate(
                """
                update points_account set balance = balance + ?, updated_at = ?
                 where workspace_id = ? and brand_id = ? and customer_no = ?
                """,
                perAccount.entrySet().stream()
                        .map(a -> new Object[] {
                            a.getValue(),
                            at,
                            workspaceId,
                            a.getKey().get(0),
                            a.getKey().get(1).intValue()
                        })
                        .toList());
        batch.batchUpdate(
                """
                insert into points_entry (workspace_id, brand_id, customer_no, kind, points, idempotency_key, reason,
                                          rule, earned_on, created_at)
                values (?, ?, ?, 'earn', ?, ?, ?, ?, ?, ?)
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
        batch.batchUpdate(
                """
                insert into points_lot (workspace_id, entry_id, brand_id, customer_no, earned, remaining, earned_at, expires_at)
                select e.workspace_id, e.id, e.brand_id, e.customer_no, e.points, e.points, e.created_at, ?
                  from points_entry e where e.workspace_id = ? and e.idempotency_key = ?
                """,
                fresh.stream()
                        .map(c -> new Object[] {SqlTime.param(c.expiresAt()), workspaceId, c.key()})
                        .toList());
        return byKey.size() - existing.size();
    }

    /** The accounts among the credits' that have a negative balance, as (brand, customer). */
    private Set<List<Long>> indebted(long workspaceId, List<Credit> credits) {
        Map<Long, Set<Integer>> byBrand = new TreeMap<>();
        credits.forEach(
                c -> byBrand.computeIfAbsent(c.brandId(), b -> new HashSet<>()).add(c.customerNo()));
        Set<List<Long>> indebted = new HashSet<>();
        byBrand.forEach((brand, nos) -> batch.queryForList(
                        """
                        select k.no from unnest(cast(? as integer array)) as k(no)
                         where (select a.balance from points_account a
                                 where a.workspace_id = ? and a.brand_id = ? and a.customer_no = k.no) < 0
                        """, Integer.class, SqlArrays.integers(nos), workspaceId, brand)
                .forEach(no -> indebted.add(List.of(brand, (long) no))));
        return indebted;
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
                new Call(workspaceId, brandId, customerNo, key, "spend", -points, reason, null, null, null),
                account -> {
                    if (points > account.balance) {
                        throw ReservoirException.invalid(
                                "points",
                                "the balance is " + account.balance + " points; " + points + " cannot be spent");
                    }
                    account.consume(points, null);
                    account.insertEntry(-points);
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
                new Call(workspaceId, brandId, customerNo, key, "reverse", -points, reason, earned.id(), null, null),
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
                    account.consume(Math.min(taken, held), earned.id());
                    account.insertEntry(-taken);
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
                new Call(workspaceId, brandId, customerNo, key, "adjust", points, reason, null, "manual", null),
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
                        account.consume(-points, null);
                        account.insertEntry(points);
                    }
                    return points;
                });
    }

    /** Expires what is left of lots whose time has come (up to {@code limit} lots); returns how many. */
    @Transactional
    public int expire(long workspaceId, Instant now, int limit) {
        record Due(long entryId, long brandId, int customerNo) {}
        List<Due> due = jdbc.sql("""
                        select entry_id, brand_id, customer_no from points_lot
                         where workspace_id = :ws and expires_at <= :now and remaining > 0
                         order by expires_at, entry_id fetch first :limit rows only
                        """)
                .param("ws", workspaceId)
                .param("now", SqlTime.param(now))
                .param("limit", limit)
                .query((rs, row) -> new Due(rs.getLong(1), rs.getLong(2), rs.getInt(3)))
                .list();
        for (Due lot : due) {
            apply(
                    new Call(
                            workspaceId,
                            lot.brandId(),
                            lot.customerNo(),
                            "expire:" + lot.entryId(),
                            "expire",
                            0,
                            "lot expired",
                            null,
                            null,
                            null),
                    account -> {
                        long left = account.lotRemaining(lot.entryId());
                        account.consumeLot(lot.entryId(), left);
                        account.insertEntry(-left);
                        return -left;
                    });
        }
        return due.size();
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
            LocalDate earnedOn) {}

    @FunctionalInterface
    private interface Change {
        /** Writes the entry (and lots) of the call; returns the signed change of the balance. */
        long write(Account account);
    }

    private PointsChange apply(Call call, Change change) {
        if (call.key() == null || call.key().isBlank() || call.key().length() > 300) {
            throw ReservoirException.invalid("key", "must be 1 to 300 characters naming the cause of the change");
        }
        if (call.reason() != null && call.reason().length() > 500) {
            throw ReservoirException.invalid("reason", "must be at most 500 characters");
        }
        Account account = new Account(call, SqlTime.now(clock), lock(call));
        Optional<PointsEntry> earlier = entry(call.workspaceId(), call.key());
        if (earlier.isPresent()) {
            PointsEntry first = earlier.get();
            if (first.brandId() != call.brandId()
                    || first.customerNo() != call.customerNo()
                    || !first.kind().equals(call.kind())) {
                throw ReservoirException.conflict("key", "was already used for another change: " + call.key());
            }
            return new PointsChange(first, account.balance, true);
        }
        long delta = change.write(account);
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

    /** Creates the account on first use and locks it for the rest of the transaction. */
    private long lock(Call call) {
        // ON CONFLICT DO NOTHING (H2 knows it in PostgreSQL mode): a concurrent first call must not
        // fail with a duplicate key, which on PostgreSQL would abort the whole transaction.
        jdbc.sql("""
                        insert into points_account (workspace_id, brand_id, customer_no, balance, updated_at)
                        values (:ws, :brand, :no, 0, :at) on conflict do nothing
                        """)
                .param("ws", call.workspaceId())
                .param("brand", call.brandId())
                .param("no", call.customerNo())
                .param("at", SqlTime.param(SqlTime.now(clock)))
                .update();
        return jdbc.sql("""
                        select balance from points_account
                         where workspace_id = :ws and brand_id = :brand and customer_no = :no for update
                        """)
                .param("ws", call.workspaceId())
                .param("brand", call.brandId())
                .param("no", call.customerNo())
                .query(Long.class)
                .single();
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
