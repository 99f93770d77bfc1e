package io.reservoir.loyalty;

import io.reservoir.identity.CustomersMerged;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * When two profiles turn out to be one member, the retired profile's points join the survivor's:
 * entries and lots move over and the balances add up, per brand, in the merging transaction. Its
 * memberships move too, where the survivor is not a member of that brand already (then the
 * survivor's membership and tier stand); tier history follows. (An unmerge leaves all of it with
 * the survivor: which of them earned what is not re-derivable.)
 */
@Component
class PointsMergeFollower {

    private final JdbcTemplate jdbc;
    private final AccountLocks locks;

    PointsMergeFollower(JdbcTemplate jdbc, JdbcClient client, Clock clock) {
        this.jdbc = jdbc;
        this.locks = new AccountLocks(client, jdbc, clock);
    }

    @EventListener
    void on(CustomersMerged merged) {
        long ws = merged.workspaceId();
        // both members' accounts, and the survivor's in each of the retired profile's brands, locked
        // (created where missing) the way every ledger call that changes several takes them: the
        // earner may be crediting either member at this moment
        Set<AccountRef> accounts = new HashSet<>();
        jdbc.query(
                "select brand_id, customer_no from points_account where workspace_id = ? and customer_no in (?, ?)",
                rs -> {
                    accounts.add(new AccountRef(rs.getLong(1), rs.getInt(2)));
                    accounts.add(new AccountRef(rs.getLong(1), merged.winner()));
                },
                ws,
                merged.winner(),
                merged.loser());
        locks.lockAll(ws, accounts);
        jdbc.update("""
                update points_account w
                   set balance = balance + coalesce((select l.balance from points_account l
                                                      where l.workspace_id = w.workspace_id and l.brand_id = w.brand_id
                                                        and l.customer_no = ?), 0)
                 where w.workspace_id = ? and w.customer_no = ?
                """, merged.loser(), ws, merged.winner());
        jdbc.update("delete from points_account where workspace_id = ? and customer_no = ?", ws, merged.loser());
        jdbc.update("""
                delete from loyalty_member l
                 where l.workspace_id = ? and l.customer_no = ?
                   and exists (select 1 from loyalty_member w
                                where w.workspace_id = l.workspace_id and w.brand_id = l.brand_id and w.customer_no = ?)
                """, ws, merged.loser(), merged.winner());
        for (String table : new String[] {"points_entry", "loyalty_member", "tier_change"}) {
            jdbc.update(
                    "update " + table + " set customer_no = ? where workspace_id = ? and customer_no = ?",
                    merged.winner(),
                    ws,
                    merged.loser());
        }
    }
}
