package io.reservoir.ingest;

import io.reservoir.identity.Customers;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/refunds/waiting}: the refunds of a brand that name an order the order book
 * does not hold yet. They count nowhere until their order arrives (no figure counted its payment
 * either); then they count against it. Also the orders that arrived for less than the refunds
 * already waiting for them: such an order is accepted, its refunds count up to what was paid, and
 * the excess is listed here.
 */
@RestController
class WaitingRefunds {

    static final int MAX_PAGE = 200;

    private static final String WAITING = """
             from order_refund r
            where r.workspace_id = ? and r.brand_id = ? and r.order_id is not null
              and not exists (select 1 from customer_order o where o.workspace_id = r.workspace_id
                                 and o.brand_id = r.brand_id and o.order_id = r.order_id)
            """;

    private final JdbcTemplate jdbc;
    private final Brands brands;
    private final Customers customers;

    WaitingRefunds(JdbcTemplate jdbc, Brands brands, Customers customers) {
        this.jdbc = jdbc;
        this.brands = brands;
        this.customers = customers;
    }

    /** A refund waiting for its order; {@code amount} in yuan. */
    record Refund(String messageId, String orderId, String customerId, String amount, Instant refundedAt) {}

    /** An order that arrived for less than its refunds: they count up to {@code paid}. */
    record Excess(String orderId, String customerId, String paid, String refunded, String excess) {}

    /**
     * The brand's waiting refunds: how many, their sum, and a page of them, oldest first; {@code next}
     * is the offset of the following page (null at the end). The excesses are listed in full up to
     * {@value #MAX_PAGE} orders.
     */
    record Answer(
            long brand,
            long count,
            String amount,
            List<Refund> refunds,
            Integer next,
            long excessOrders,
            String excessAmount,
            List<Excess> excesses) {}

    @GetMapping("/api/v1/refunds/waiting")
    @Transactional(readOnly = true)
    Answer waiting(
            Caller caller,
            @RequestParam long brand,
            @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "50") int limit) {
        caller.require(Role.OPERATOR, Role.ANALYST);
        if (limit < 1 || limit > MAX_PAGE) {
            throw ReservoirException.invalid("limit", "must be between 1 and " + MAX_PAGE);
        }
        if (offset < 0) {
            throw ReservoirException.invalid("offset", "must not be negative");
        }
        long brandId = brands.get(caller, brand).id();
        long ws = caller.workspaceId();
        long[] total = new long[2];
        jdbc.query(
                "select count(*), coalesce(sum(r.amount_fen), 0)" + WAITING,
                rs -> {
                    total[0] = rs.getLong(1);
                    total[1] = rs.getLong(2);
                },
                ws,
                brandId);
        List<Row> rows = new ArrayList<>();
        jdbc.query(
                "select r.message_id, r.order_id, r.customer_no, r.amount_fen, r.refunded_at" + WAITING
                        + " order by r.refunded_at, r.message_id offset ? rows fetch first ? rows only",
                rs -> {
                    rows.add(new Row(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getInt(3),
                            rs.getLong(4),
                            0,
                            SqlTime.read(rs, "refunded_at")));
                },
                ws,
                brandId,
                offset,
                limit + 1);
        List<Row> excess = excess(ws, brandId);
        Set<Integer> nos = new HashSet<>();
        rows.forEach(r -> nos.add(r.customerNo()));
        excess.forEach(r -> nos.add(r.customerNo()));
        Map<Integer, String> ids = customers.publicIds(ws, nos);
        List<Refund> page = rows.stream()
                .limit(limit)
                .map(r -> new Refund(
                        r.messageId(), r.orderId(), ids.get(r.customerNo()), CustomerFacts.yuan(r.fen()), r.at()))
                .toList();
        long excessFen = excess.stream().mapToLong(r -> r.fen() - r.paidFen()).sum();
        return new Answer(
                brandId,
                total[0],
                CustomerFacts.yuan(total[1]),
                page,
                rows.size() > limit ? offset + limit : null,
                excess.size(),
                CustomerFacts.yuan(excessFen),
                excess.stream()
                        .limit(MAX_PAGE)
                        .map(r -> new Excess(
                                r.orderId(),
                                ids.get(r.customerNo()),
                                CustomerFacts.yuan(r.paidFen()),
                                CustomerFacts.yuan(r.fen()),
                                CustomerFacts.yuan(r.fen() - r.paidFen())))
                        .toList());
    }

    /** The orders whose refunds exceed what was paid for them (refunds that came first). */
    private List<Row> excess(long ws, long brandId) {
        List<Row> rows = new ArrayList<>();
        jdbc.query(
                """
                select o.order_id, o.customer_no, s.refunded, o.paid_fen, o.paid_at
                  from (select r.brand_id, r.order_id, sum(r.amount_fen) as refunded from order_refund r
                         where r.workspace_id = ? and r.brand_id = ? and r.order_id is not null
                         group by r.brand_id, r.order_id) s
                  join customer_order o on o.workspace_id = ? and o.brand_id = s.brand_id and o.order_id = s.order_id
                 where s.refunded > o.paid_fen
                 order by o.paid_at, o.order_id
                """,
                rs -> {
                    rows.add(new Row(
                            null,
                            rs.getString(1),
                            rs.getInt(2),
                            rs.getLong(3),
                            rs.getLong(4),
                            SqlTime.read(rs, "paid_at")));
                },
                ws,
                brandId,
                ws);
        return rows;
    }

    private record Row(String messageId, String orderId, int customerNo, long fen, long paidFen, Instant at) {}
}
