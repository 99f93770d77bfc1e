package io.reservoir.loyalty;

import io.reservoir.loyalty.KeyedChanges.Call;
import io.reservoir.loyalty.KeyedChanges.KeyTaken;
import io.reservoir.platform.storage.SqlTime;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * One locked account during one call of {@link KeyedChanges}: its balance and the writes of the
 * call, its entry (a credit's entry is also its lot) and the lots a debit consumes.
 */
final class LockedAccount {

    private final JdbcClient jdbc;
    final Call call;
    final Instant now;
    long balance;
    long entryId;

    LockedAccount(JdbcClient jdbc, Call call, Instant now, long balance) {
        this.jdbc = jdbc;
        this.call = call;
        this.now = now;
        this.balance = balance;
    }

    /**
     * Writes the call's entry of {@code points}, a debit; returns its id.
     *
     * @throws KeyTaken when another entry holds the call's key: nothing is written
     */
    long insertEntry(long points) {
        return insert(points, null, null);
    }

    /**
     * Writes the call's entry of {@code points}, a credit and so its own lot, of which
     * {@code remaining} is open until {@code expiresAt} (null: never); returns its id.
     *
     * @throws KeyTaken when another entry holds the call's key: nothing is written
     */
    long insertCredit(long points, long remaining, Instant expiresAt) {
        return insert(points, remaining, expiresAt);
    }

    private long insert(long points, Long remaining, Instant expiresAt) {
        GeneratedKeyHolder id = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into points_entry (workspace_id, brand_id, customer_no, kind, points, idempotency_key,
                                                  reason, reverses, rule, earned_on, created_at, remaining, expires_at)
                        values (:ws, :brand, :no, :kind, :points, :key, :reason, :reverses, :rule, :on, :at, :remaining,
                                :expires)
                        on conflict do nothing
                        """)
                .param("ws", call.workspaceId())
                .param("brand", call.brandId())
                .param("no", call.customerNo())
                .param("kind", call.kind().id())
                .param("points", points)
                .param("key", call.key())
                .param("reason", call.reason())
                .param("reverses", call.reverses())
                .param("rule", call.rule())
                .param("on", call.earnedOn())
                .param("at", SqlTime.param(now))
                .param("remaining", remaining)
                .param("expires", SqlTime.param(expiresAt))
                .update(id, "id");
        if (id.getKeyList().isEmpty()) {
            throw new KeyTaken();
        }
        entryId = id.getKey().longValue();
        return entryId;
    }

    /** What is left of the lot of the credit {@code entryId}. */
    long lotRemaining(long entryId) {
        return jdbc.sql("select remaining from points_entry where workspace_id = :ws and id = :entry")
                .param("ws", call.workspaceId())
                .param("entry", entryId)
                .query(Long.class)
                .single();
    }

    void consumeLot(long entryId, long points) {
        jdbc.sql("update points_entry set remaining = remaining - :points where workspace_id = :ws and id = :entry")
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
                        select id, remaining from points_entry
                         where workspace_id = :ws and brand_id = :brand and customer_no = :no and remaining > 0
                         order by expires_at nulls last, id
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
