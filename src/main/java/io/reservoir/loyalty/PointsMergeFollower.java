package io.reservoir.loyalty;

import io.reservoir.identity.CustomersMerged;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
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

    PointsMergeFollower(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(CustomersMerged merged) {
        long ws = merged.workspaceId();
        // both members' accounts locked first, in the (brand, customer) order every ledger call
        // takes them in: the earner may be crediting either of them at this moment
        List<Object[]> accounts = jdbc.query(
                """
                select brand_id, customer_no from points_account
                 where workspace_id = ? and customer_no in (?, ?)
                 order by brand_id, customer_no
                """, (rs, row) -> new Object[] {ws, rs.getLong(1), rs.getInt(2)}, ws, merged.winner(), merged.loser());
        jdbc.batchUpdate(
                "update points_account set updated_at = updated_at where workspace_id = ? and brand_id = ? and customer_no = ?",
                accounts);
        jdbc.update("""
                insert into points_account (workspace_id, brand_id, customer_no, balance, updated_at)
                select workspace_id, brand_id, ?, 0, updated_at from points_account
                 where workspace_id = ? and customer_no = ?
                on conflict do nothing
                """, merged.winner(), ws, merged.loser());
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
        for (String table : new String[] {"points_entry", "points_lot", "loyalty_member", "tier_change"}) {
            jdbc.update(
                    "update " + table + " set customer_no = ? where workspace_id = ? and customer_no = ?",
                    merged.winner(),
                    ws,
                    merged.loser());
        }
    }
}
