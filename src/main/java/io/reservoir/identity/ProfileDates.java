package io.reservoir.identity;

import io.reservoir.platform.storage.SqlTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Profiles and identities are dated by the data: {@code customer.created_at} and {@code
 * customer_identity.first_seen} are the time of the earliest event that names them, not the moment
 * it arrived. Events arriving later but having occurred earlier move them back; nothing moves them
 * forward.
 */
final class ProfileDates {

    private ProfileDates() {}

    static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /**
     * Moves back the dates of the profiles ({@code dated}, by root) and identities ({@code seen})
     * of a batch that existed before it; those the batch {@code created} or {@code attached} were
     * written with their earliest date already.
     */
    static void backdate(
            JdbcTemplate batch,
            long workspaceId,
            Map<Integer, Instant> dated,
            Set<Integer> created,
            Map<IdentityGraph.Key, Instant> seen,
            Set<IdentityGraph.Key> attached) {
        List<Object[]> customers = new ArrayList<>();
        dated.forEach((no, at) -> {
            if (!created.contains(no)) {
                customers.add(new Object[] {SqlTime.param(at), workspaceId, no, SqlTime.param(at)});
            }
        });
        if (!customers.isEmpty()) {
            batch.batchUpdate(
                    "update customer set created_at = ? where workspace_id = ? and customer_no = ? and created_at > ?",
                    customers);
        }
        List<Object[]> identities = new ArrayList<>();
        seen.forEach((key, at) -> {
            if (!attached.contains(key)) {
                identities.add(
                        new Object[] {SqlTime.param(at), workspaceId, key.type().id(), key.lookup(), SqlTime.param(at)
                        });
            }
        });
        if (!identities.isEmpty()) {
            batch.batchUpdate("""
                    update customer_identity set first_seen = ?
                     where workspace_id = ? and id_type = ? and lookup_key = ? and first_seen > ?
                    """, identities);
        }
    }

    /** A merge's winner was known since the earlier of the two profiles. */
    static void keepEarlier(JdbcClient jdbc, long workspaceId, int winner, int loser) {
        jdbc.sql("""
                        update customer set created_at = (select l.created_at from customer l
                                                           where l.workspace_id = :ws and l.customer_no = :loser)
                         where workspace_id = :ws and customer_no = :winner
                           and created_at > (select l.created_at from customer l
                                              where l.workspace_id = :ws and l.customer_no = :loser)
                        """)
                .param("ws", workspaceId)
                .param("winner", winner)
                .param("loser", loser)
                .update();
    }
}
