package io.reservoir.loyalty;

import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The account rows that serialise each member's changes ({@link PointsLedger}, "Locks"): one for a
 * call that changes one account, all of them in (brand, customer) order for a call that changes
 * several. Creates an account on first use. Callers run inside the ledger's transaction, which
 * holds the locks until it ends.
 */
final class AccountLocks {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Clock clock;

    AccountLocks(JdbcClient jdbc, JdbcTemplate batch, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.clock = clock;
    }

    /** Locks one member's account, creating it on first use. Returns the balance. */
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

    /**
     * Creates the accounts that do not exist yet and locks them all, in (brand, customer) order:
     * every call that changes more than one account takes their locks in this order, and the
     * others take one lock only, so no two calls wait on each other in a circle. Returns the
     * balances, read under the locks.
     */
    Map<AccountRef, Long> lockAll(long workspaceId, Collection<AccountRef> accounts) {
        SortedSet<AccountRef> sorted = new TreeSet<>(accounts);
        var at = SqlTime.param(SqlTime.now(clock));
        createMissing(workspaceId, sorted, at);
        // one row lock after the other, in the order of the batch
        batch.batchUpdate(
                """
                update points_account set updated_at = updated_at
                 where workspace_id = ? and brand_id = ? and customer_no = ?
                """,
                sorted.stream()
                        .map(a -> new Object[] {workspaceId, a.brandId(), a.customerNo()})
                        .toList());
        return balances(workspaceId, sorted);
    }

    /**
     * As {@link #lockAll}, and adds each account's {@code gains} to its balance with the same
     * write that locks it: an account is written once. Returns the balances after, read under the
     * locks.
     */
    Map<AccountRef, Long> lockAndAdd(long workspaceId, Map<AccountRef, Long> gains) {
        SortedMap<AccountRef, Long> sorted = new TreeMap<>(gains);
        var at = SqlTime.param(SqlTime.now(clock));
        createMissing(workspaceId, sorted.keySet(), at);
        batch.batchUpdate(
                """
                update points_account set balance = balance + ?, updated_at = ?
                 where workspace_id = ? and brand_id = ? and customer_no = ?
                """,
                sorted.entrySet().stream()
                        .map(a -> new Object[] {
                            a.getValue(),
                            at,
                            workspaceId,
                            a.getKey().brandId(),
                            a.getKey().customerNo()
                        })
                        .toList());
        return balances(workspaceId, sorted.keySet());
    }

    /**
     * Inserts the accounts that are not there yet. Those that are cost a read, not a refused
     * insert (which H2 pays as a failed write); {@code on conflict} covers a call that creates one
     * at the same moment.
     */
    private void createMissing(long workspaceId, Set<AccountRef> accounts, Object at) {
        Set<AccountRef> missing = new TreeSet<>(accounts);
        missing.removeAll(balances(workspaceId, accounts).keySet());
        if (missing.isEmpty()) {
            return;
        }
        batch.batchUpdate(
                """
                insert into points_account (workspace_id, brand_id, customer_no, balance, updated_at)
                values (?, ?, ?, 0, ?) on conflict do nothing
                """,
                missing.stream()
                        .map(a -> new Object[] {workspaceId, a.brandId(), a.customerNo(), at})
                        .toList());
    }

    private Map<AccountRef, Long> balances(long workspaceId, Set<AccountRef> accounts) {
        Map<AccountRef, Long> balances = new HashMap<>();
        Map<Long, Set<Integer>> byBrand = new TreeMap<>();
        accounts.forEach(
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
}
