package io.reservoir.loyalty;

import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Earns points from orders and takes them back on refunds, reading the event log in order from
 * where it stopped (the workspace's cursor row, locked while it works, so one node at a time).
 * Each credit is keyed by its order and each reversal by its refund event: a re-read event never
 * counts twice. A refund takes back the share of the order's points that it refunds of the
 * order's amount (rounded half up; the ledger never takes back more than was credited).
 */
@Component
class PointsEarner {

    static final int BATCH = 1_000;

    private final JdbcClient jdbc;
    private final PointsLedger ledger;
    private final LoyaltyPrograms programs;
    private final Brands brands;

    PointsEarner(JdbcClient jdbc, PointsLedger ledger, LoyaltyPrograms programs, Brands brands) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.programs = programs;
        this.brands = brands;
    }

    private record OrderEvent(
            long seq,
            String messageId,
            String event,
            Instant at,
            Long brandId,
            String orderId,
            Integer customerNo,
            Long paidFen,
            Long refundFen) {}

    /**
     * Handles up to {@code limit} order events after the cursor; returns how many it read. (The
     * order names the index's columns in full: then H2 reads the index in order and stops at the
     * limit instead of sorting every later event of the workspace.)
     */
    @Transactional
    int catchUp(long workspaceId, int limit) {
        jdbc.sql("insert into points_cursor (workspace_id, event_seq) values (:ws, 0) on conflict do nothing")
                .param("ws", workspaceId)
                .update();
        long cursor = jdbc.sql("select event_seq from points_cursor where workspace_id = :ws for update")
                .param("ws", workspaceId)
                .query(Long.class)
                .single();
        List<OrderEvent> events = jdbc.sql("""
                        select e.seq, e.message_id, e.event_name, e.occurred_at,
                               coalesce(o.brand_id, r.brand_id) as brand_id, coalesce(o.order_id, r.order_id) as order_id,
                               coalesce(o.customer_no, r.customer_no) as customer_no, o.paid_fen, r.amount_fen
                          from event_log e
                          left join customer_order o on o.workspace_id = e.workspace_id and o.message_id = e.message_id
                          left join order_refund r on r.workspace_id = e.workspace_id and r.message_id = e.message_id
                         where e.workspace_id = :ws and e.seq > :cursor
                           and e.event_name in ('Order Completed', 'Order Refunded')
                         order by e.workspace_id, e.seq fetch first :limit rows only
                        """)
                .param("ws", workspaceId)
                .param("cursor", cursor)
                .param("limit", limit)
                .query((rs, row) -> new OrderEvent(
                        rs.getLong("seq"),
                        rs.getString("message_id"),
                        rs.getString("event_name"),
                        SqlTime.read(rs, "occurred_at"),
                        rs.getObject("brand_id", Long.class),
                        rs.getString("order_id"),
                        rs.getObject("customer_no", Integer.class),
                        rs.getObject("paid_fen", Long.class),
                        rs.getObject("amount_fen", Long.class)))
                .list();
        Map<Long, Optional<LoyaltyProgram>> programOf = new HashMap<>();
        Map<Long, ZoneId> zones = new HashMap<>();
        List<PointsLedger.Credit> credits = new ArrayList<>();
        for (OrderEvent e : events) {
            if (e.orderId() == null) {
                continue; // a later copy of an order, only logged
            }
            Optional<LoyaltyProgram> program =
                    programOf.computeIfAbsent(e.brandId(), brand -> programs.find(workspaceId, brand));
            String earnKey = "order:" + e.brandId() + ":" + e.orderId();
            if (e.paidFen() != null) {
                program.filter(p -> p.pointsPerYuan() > 0)
                        .ifPresent(p -> credit(workspaceId, e, p, earnKey, zones, credits));
            } else if (e.refundFen() != null) {
                // the credits before it first: the refund may take back one of them
                ledger.earnAll(workspaceId, credits);
                credits.clear();
                reverse(workspaceId, e, earnKey);
            }
        }
        ledger.earnAll(workspaceId, credits);
        if (!events.isEmpty()) {
            jdbc.sql("update points_cursor set event_seq = :seq where workspace_id = :ws")
                    .param("seq", events.get(events.size() - 1).seq())
                    .param("ws", workspaceId)
                    .update();
        }
        return events.size();
    }

    private void credit(
            long workspaceId,
            OrderEvent e,
            LoyaltyProgram program,
            String earnKey,
            Map<Long, ZoneId> zones,
            List<PointsLedger.Credit> credits) {
        long points = e.paidFen() * program.pointsPerYuan() / 100;
        if (points > 0) {
            credits.add(new PointsLedger.Credit(
                    e.brandId(),
                    e.customerNo(),
                    Math.min(points, PointsLedger.MAX_POINTS),
                    earnKey,
                    expiry(workspaceId, e, program, zones),
                    "order " + e.orderId()));
        }
    }

    private void reverse(long workspaceId, OrderEvent e, String earnKey) {
        ledger.credit(workspaceId, earnKey).ifPresent(earned -> {
            long paid = jdbc.sql(
                            "select paid_fen from customer_order where workspace_id = :ws and brand_id = :brand and order_id = :order")
                    .param("ws", workspaceId)
                    .param("brand", e.brandId())
                    .param("order", e.orderId())
                    .query(Long.class)
                    .optional()
                    .orElse(0L);
            if (paid <= 0) {
                return;
            }
            // earned × refunded / paid, rounded half up, without overflow
            long share = BigInteger.valueOf(earned.points())
                    .multiply(BigInteger.valueOf(e.refundFen()))
                    .multiply(BigInteger.TWO)
                    .add(BigInteger.valueOf(paid))
                    .divide(BigInteger.valueOf(paid).multiply(BigInteger.TWO))
                    .longValue();
            if (share > 0) {
                ledger.reverse(
                        workspaceId,
                        earned.brandId(),
                        earned.customerNo(),
                        earnKey,
                        Math.min(share, earned.points()),
                        "refund:" + e.messageId(),
                        "refund of order " + e.orderId());
            }
        });
    }

    private Instant expiry(long workspaceId, OrderEvent e, LoyaltyProgram program, Map<Long, ZoneId> zones) {
        if (!program.expiry().equals("end_of_next_year")) {
            return null;
        }
        ZoneId zone = zones.computeIfAbsent(
                e.brandId(),
                brand -> ZoneId.of(brands.get(Caller.system(workspaceId), brand).timeZone()));
        int year = e.at().atZone(zone).getYear();
        return LocalDate.of(year + 2, 1, 1).atStartOfDay(zone).toInstant();
    }

    /** The workspaces that run a loyalty program, for the schedule. */
    List<Long> workspacesWithPrograms() {
        return jdbc.sql("select distinct workspace_id from loyalty_program")
                .query(Long.class)
                .list();
    }
}
