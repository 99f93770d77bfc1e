package io.reservoir.loyalty;

import io.reservoir.loyalty.KeyedChanges.Call;
import io.reservoir.platform.storage.SqlTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Expires what is left of lots whose time has come ({@link PointsLedger#expire}), one keyed entry
 * per lot.
 *
 * <p>The members' accounts are locked first, in the order every writer of several accounts takes
 * them, and their due lots read again under the locks: a lot a spend emptied meanwhile writes
 * nothing, a credit due on arrival that committed meanwhile expires now. Each member's expiry is
 * thus one step among that member's other calls; members whose lots came due only while this call
 * ran are left for the next.
 */
final class PointsExpiry {

    private final JdbcClient jdbc;
    private final AccountLocks locks;
    private final KeyedChanges changes;

    PointsExpiry(JdbcClient jdbc, AccountLocks locks, KeyedChanges changes) {
        this.jdbc = jdbc;
        this.locks = locks;
        this.changes = changes;
    }

    /** As {@link PointsLedger#expire}; the members whose lots it looked at go into {@code changed}. */
    int expire(long workspaceId, Instant now, int limit, Set<Integer> changed) {
        List<AccountRef> due = jdbc.sql("""
                        select brand_id, customer_no from points_entry
                         where workspace_id = :ws and expires_at <= :now and remaining > 0
                         order by expires_at, id fetch first :limit rows only
                        """)
                .param("ws", workspaceId)
                .param("now", SqlTime.param(now))
                .param("limit", limit)
                .query((rs, row) -> new AccountRef(rs.getLong(1), rs.getInt(2)))
                .list();
        if (due.isEmpty()) {
            return 0;
        }
        locks.lockAll(workspaceId, due);
        for (AccountRef member : new TreeSet<>(due)) {
            changed.add(member.customerNo());
            List<Long> lots = jdbc.sql("""
                            select id from points_entry
                             where workspace_id = :ws and brand_id = :brand and customer_no = :no
                               and expires_at <= :now and remaining > 0
                             order by expires_at, id
                            """)
                    .param("ws", workspaceId)
                    .param("brand", member.brandId())
                    .param("no", member.customerNo())
                    .param("now", SqlTime.param(now))
                    .query(Long.class)
                    .list();
            for (long lot : lots) {
                changes.apply(
                        new Call(
                                workspaceId,
                                member.brandId(),
                                member.customerNo(),
                                "expire:" + lot,
                                EntryKind.EXPIRE,
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
}
