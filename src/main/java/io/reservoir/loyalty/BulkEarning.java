package io.reservoir.loyalty;

import static io.reservoir.loyalty.LedgerArguments.micros;
import static io.reservoir.loyalty.LedgerArguments.requireAmount;
import static io.reservoir.loyalty.LedgerArguments.requireKey;

import io.reservoir.loyalty.PointsLedger.Credit;
import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Many credits in a few statements, the order earner's path ({@link PointsLedger#earnAll}).
 *
 * <p>Each account is locked, all of them in (brand, customer) order, by the one write that adds
 * its credits to its balance; the keys are then checked again under the locks, and the entries
 * (each credit its own lot) inserted with {@code on conflict do nothing}. A credit whose key turned
 * out to be taken is taken off its account's balance again, and the lots of that account's other
 * credits set as if it had never been asked (a debt is repaid by the credits that were written).
 * Two batches with the same credits, or a batch and single calls, therefore credit each key once
 * and never wait on each other in a circle. Members in debt repay it first, credits in batch
 * order.
 */
final class BulkEarning {

    private final JdbcTemplate batch;
    private final AccountLocks locks;
    private final Clock clock;

    BulkEarning(JdbcTemplate batch, AccountLocks locks, Clock clock) {
        this.batch = batch;
        this.locks = locks;
        this.clock = clock;
    }

    int earnAll(long workspaceId, List<Credit> credits) {
        Map<String, Credit> byKey = new LinkedHashMap<>();
        for (Credit credit : credits) {
            requireAmount(credit.points());
            requireKey(credit.key());
            byKey.putIfAbsent(credit.key(), credit);
        }
        // keys already in the ledger cost no lock (a batch read again after a failure)
        List<Credit> asked = withoutKeysInLedger(workspaceId, byKey.values());
        if (asked.isEmpty()) {
            return 0;
        }
        Map<AccountRef, Long> added = gains(asked);
        Map<AccountRef, Long> after = locks.lockAndAdd(workspaceId, added);
        Map<AccountRef, Long> before = new HashMap<>();
        added.forEach((account, gain) -> before.put(account, after.get(account) - gain));
        List<Credit> fresh = withoutKeysInLedger(workspaceId, asked); // written while this call waited for the locks
        Map<String, Long> lots = lots(fresh, before);
        var at = SqlTime.param(SqlTime.now(clock));
        int[] inserted = batch.batchUpdate(
                """
                insert into points_entry (workspace_id, brand_id, customer_no, kind, points, idempotency_key, reason,
                                          rule, earned_on, created_at, remaining, expires_at)
                values (?, ?, ?, 'earn', ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing
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
                            at,
                            lots.get(c.key()),
                            SqlTime.param(micros(c.expiresAt()))
                        })
                        .toList());
        Set<String> written = writtenFor(workspaceId, fresh, inserted);
        if (written.size() < asked.size()) {
            settle(workspaceId, asked, written, added, before, lots);
        }
        return written.size();
    }

    /** What each account gains from {@code credits}. */
    private static Map<AccountRef, Long> gains(List<Credit> credits) {
        Map<AccountRef, Long> gains = new HashMap<>();
        credits.forEach(c -> gains.merge(AccountRef.of(c), c.points(), Long::sum));
        return gains;
    }

    /**
     * What is open of each credit's lot, by key, when the accounts held {@code before} and the
     * credits are written in batch order: a debt is repaid first.
     */
    private static Map<String, Long> lots(List<Credit> credits, Map<AccountRef, Long> before) {
        Map<AccountRef, Long> balances = new HashMap<>(before);
        Map<String, Long> lots = new HashMap<>();
        for (Credit c : credits) {
            long balance = balances.get(AccountRef.of(c));
            lots.put(c.key(), Math.max(0, c.points() - Math.max(0, -balance)));
            balances.put(AccountRef.of(c), balance + c.points());
        }
        return lots;
    }

    /**
     * Rare: some credits were added to their accounts' balances but not written, their keys taken
     * by another call meanwhile. Takes them off the balances again and sets the lots of the
     * accounts' written credits as if those had been the only ones asked.
     */
    private void settle(
            long workspaceId,
            List<Credit> asked,
            Set<String> written,
            Map<AccountRef, Long> added,
            Map<AccountRef, Long> before,
            Map<String, Long> lots) {
        List<Credit> credited =
                asked.stream().filter(c -> written.contains(c.key())).toList();
        Map<AccountRef, Long> gained = gains(credited);
        Map<AccountRef, Long> overstated = new TreeMap<>();
        added.forEach((account, gain) -> {
            long over = gain - gained.getOrDefault(account, 0L);
            if (over != 0) {
                overstated.put(account, over);
            }
        });
        batch.batchUpdate(
                """
                update points_account set balance = balance - ?
                 where workspace_id = ? and brand_id = ? and customer_no = ?
                """,
                overstated.entrySet().stream()
                        .map(a -> new Object[] {
                            a.getValue(),
                            workspaceId,
                            a.getKey().brandId(),
                            a.getKey().customerNo()
                        })
                        .toList());
        Map<String, Long> settled = lots(credited, before);
        batch.batchUpdate(
                "update points_entry set remaining = ? where workspace_id = ? and idempotency_key = ?",
                credited.stream()
                        .filter(c -> !settled.get(c.key()).equals(lots.get(c.key())))
                        .map(c -> new Object[] {settled.get(c.key()), workspaceId, c.key()})
                        .toList());
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
     * The keys of the credits this call wrote. Where the driver counts each row of the batch (H2),
     * the counts say which; where it does not (PostgreSQL, whose batches travel as multi-row
     * inserts), an entry under the key for the credit's account is this call's: the keys were
     * checked under the accounts' locks, and nobody else writes to an account whose lock this call
     * holds.
     */
    private Set<String> writtenFor(long workspaceId, List<Credit> credits, int[] inserted) {
        boolean counted = inserted.length == credits.size()
                && Arrays.stream(inserted).allMatch(count -> count == 0 || count == 1);
        Map<String, AccountRef> accountOf = new HashMap<>();
        Set<String> written = new HashSet<>();
        for (int i = 0; i < credits.size(); i++) {
            if (!counted) {
                accountOf.put(credits.get(i).key(), AccountRef.of(credits.get(i)));
            } else if (inserted[i] == 1) {
                written.add(credits.get(i).key());
            }
        }
        if (accountOf.isEmpty()) {
            return written;
        }
        batch.query(
                """
                select e.idempotency_key, e.brand_id, e.customer_no
                  from unnest(cast(? as varchar array)) as k(idempotency_key)
                  join points_entry e on e.workspace_id = ? and e.idempotency_key = k.idempotency_key
                """,
                rs -> {
                    if (new AccountRef(rs.getLong(2), rs.getInt(3)).equals(accountOf.get(rs.getString(1)))) {
                        written.add(rs.getString(1));
                    }
                },
                SqlArrays.varchars(accountOf.keySet()),
                workspaceId);
        return written;
    }
}
