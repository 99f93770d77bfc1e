package io.reservoir.loyalty;

import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
}
