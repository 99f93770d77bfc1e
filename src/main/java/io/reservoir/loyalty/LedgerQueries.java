package io.reservoir.loyalty;

import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ledger's reads: entries, balances and lots, as {@link PointsLedger} answers them. Also the
 * mapping of an entry row, which the writes use to answer a retry.
 */
final class LedgerQueries {

    private final JdbcClient jdbc;

    LedgerQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    int rewardsOf(long workspaceId, long brandId, int customerNo, String rule, LocalDate from, LocalDate to) {
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

    Optional<PointsChange> replay(long workspaceId, String key) {
        return entry(workspaceId, key)
                .map(e -> new PointsChange(
                        e, account(workspaceId, e.brandId(), e.customerNo()).balance(), true));
    }

    Optional<PointsEntry> credit(long workspaceId, String key) {
        return entry(workspaceId, key).filter(e -> e.points() > 0);
    }

    Map<String, PointsEntry> credits(long workspaceId, Collection<String> keys) {
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

    PointsAccount account(long workspaceId, long brandId, int customerNo) {
        long balance = jdbc.sql(
                        "select balance from points_account where workspace_id = :ws and brand_id = :brand and customer_no = :no")
                .param("ws", workspaceId)
                .param("brand", brandId)
                .param("no", customerNo)
                .query(Long.class)
                .optional()
                .orElse(0L);
        List<PointsLot> lots = jdbc.sql("""
                        select id, points, remaining, created_at, expires_at from points_entry
                         where workspace_id = :ws and brand_id = :brand and customer_no = :no and remaining > 0
                         order by expires_at nulls last, id
                        """)
                .param("ws", workspaceId)
                .param("brand", brandId)
                .param("no", customerNo)
                .query((rs, row) -> new PointsLot(
                        rs.getLong("id"),
                        rs.getLong("points"),
                        rs.getLong("remaining"),
                        SqlTime.read(rs, "created_at"),
                        SqlTime.read(rs, "expires_at")))
                .list();
        return new PointsAccount(brandId, customerNo, balance, lots);
    }

    List<PointsEntry> entries(long workspaceId, long brandId, int customerNo, Long beforeId, int limit) {
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

    Map<Integer, Long> balances(long workspaceId, long brandId, Collection<Integer> customerNos) {
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

    List<PointsAccount> accounts(long workspaceId, int customerNo) {
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

    /** The entry written under {@code key}, of any kind. */
    Optional<PointsEntry> entry(long workspaceId, String key) {
        return jdbc.sql("select * from points_entry where workspace_id = :ws and idempotency_key = :key")
                .param("ws", workspaceId)
                .param("key", key)
                .query((rs, row) -> entry(rs))
                .optional();
    }

    static PointsEntry entry(ResultSet rs) throws SQLException {
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
}
