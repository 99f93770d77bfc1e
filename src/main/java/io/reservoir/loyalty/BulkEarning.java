package io.reservoir.loyalty;

import static io.reservoir.loyalty.LedgerArguments.micros;
import static io.reservoir.loyalty.LedgerArguments.requireAmount;
import static io.reservoir.loyalty.LedgerArguments.requireKey;

import io.reservoir.loyalty.PointsLedger.Credit;
import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import java.time.Clock;
import java.util.ArrayList;
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
 * <p>The accounts are locked first, all of them, in (brand, customer) order, and the keys checked
 * again under the locks; entries are inserted with {@code on conflict do nothing} and only the
 * entries this call wrote get a lot and count in the balance. Two batches with the same credits,
 * or a batch and single calls, therefore credit each key once and never wait on each other in a
 * circle. Members in debt repay it first, credits in batch order.
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
        List<Credit> fresh = withoutKeysInLedger(workspaceId, byKey.values());
        if (fresh.isEmpty()) {
            return 0;
        }
        Map<AccountRef, Long> balances =
                locks.lockAll(workspaceId, fresh.stream().map(AccountRef::of).toList());
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
}
