package io.reservoir.ingest;

import io.reservoir.platform.storage.CustomerRows;
import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * The intake's order book in bulk, for the modules that keep their own copy of a brand's orders or
 * measure them (insight's facts, audience's models, loyalty's tier measures): each order with what
 * its refunds took back so far, of all customers of a workspace or of some, a row at a time, inside
 * the caller's transaction.
 */
@Component
public class OrderRows {

    /**
     * Which orders of a brand: of some customers (null: all), paid after {@code paidAfter} (null:
     * from the first) up to and including {@code paidUpTo} (null: to the last).
     */
    public record Selection(long brandId, Collection<Integer> customers, Instant paidAfter, Instant paidUpTo) {

        public static Selection ofBrand(long brandId) {
            return new Selection(brandId, null, null, null);
        }

        public Selection ofCustomers(Collection<Integer> customers) {
            return new Selection(brandId, List.copyOf(customers), paidAfter, paidUpTo);
        }

        public Selection paid(Instant after, Instant upTo) {
            return new Selection(brandId, customers, after, upTo);
        }
    }

    /**
     * An order as paid, and what its refunds took back so far (fen): never more than was paid
     * (refunds that came before their order may have exceeded it; {@code WaitingRefunds} reports the
     * excess).
     *
     * @param couponCodes the coupons applied, comma-separated as sent, or null
     * @param items its products as sent ({@code [{product_id, sku, name, category, price,
     *     quantity}]}, docs/events.md), or null when not asked for or not sent
     */
    public record Order(
            int customerNo,
            String orderId,
            Instant paidAt,
            long paidFen,
            long refundedFen,
            String channel,
            String couponCodes,
            String shareCode,
            String items) {

        public long netFen() {
            return paidFen - refundedFen;
        }
    }

    /** What an order was paid and what its refunds took back so far (fen). */
    public interface Amounts {
        void accept(int customerNo, Instant paidAt, long paidFen, long refundedFen);
    }

    /** A customer-level refund: a return that names no order (fen), in the channel it came from. */
    public record CustomerRefund(
            int customerNo, String messageId, Instant refundedAt, long amountFen, String channel) {}

    /**
     * A refund of an order, with the place of its event in the log.
     *
     * @param seq the sequence number of the refund's {@code Order Refunded} in the event log
     */
    public record OrderRefund(long brandId, String orderId, String messageId, long amountFen, long seq) {}

    /** An order of a brand. */
    public record OrderKey(long brandId, String orderId) {}

    private static final String REFUNDED = "least(t.paid_fen, (select coalesce(sum(r.amount_fen), 0)"
            + " from order_refund r"
            + " where r.workspace_id = t.workspace_id and r.brand_id = t.brand_id and r.order_id = t.order_id))";

    private final JdbcTemplate jdbc;

    OrderRows(JdbcTemplate jdbc) {
        this.jdbc = CustomerRows.streaming(jdbc);
    }

    /**
     * The orders selected, with their products when {@code withItems}. The refunds of a whole brand
     * are summed in one pass first; otherwise each order's are looked up on the order's index.
     */
    public void orders(long workspaceId, Selection selection, boolean withItems, Consumer<Order> each) {
        boolean wholeBrand = selection.customers() == null && selection.paidAfter() == null;
        Map<String, Long> refunded = new HashMap<>();
        if (wholeBrand) {
            jdbc.query(
                    "select order_id, sum(amount_fen) from order_refund"
                            + " where workspace_id = ? and brand_id = ? and order_id is not null group by order_id",
                    (RowCallbackHandler) rs -> refunded.put(rs.getString(1), rs.getLong(2)),
                    workspaceId,
                    selection.brandId());
        }
        read(
                workspaceId,
                selection,
                "t.customer_no, t.order_id, t.paid_at, t.paid_fen, t.channel, t.coupon_codes, t.share_code, "
                        + (withItems ? "t.items" : "cast(null as varchar)") + ", "
                        + (wholeBrand ? "0" : REFUNDED),
                rs -> {
                    String orderId = rs.getString(2);
                    long paid = rs.getLong(4);
                    each.accept(new Order(
                            rs.getInt(1),
                            orderId,
                            SqlTime.read(rs, "paid_at"),
                            paid,
                            wholeBrand ? Math.min(paid, refunded.getOrDefault(orderId, 0L)) : rs.getLong(9),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8)));
                });
    }

    /**
     * Only the amounts of the orders selected: read from the order book's covering indexes (V16),
     * for measures over many members.
     */
    public void amounts(long workspaceId, Selection selection, Amounts each) {
        read(
                workspaceId,
                selection,
                "t.customer_no, t.paid_at, t.paid_fen, " + REFUNDED,
                rs -> each.accept(rs.getInt(1), SqlTime.read(rs, "paid_at"), rs.getLong(3), rs.getLong(4)));
    }

    /**
     * The customer-level refunds of the selection, its window taken on when they were refunded
     * (they have no order, so no payment, to belong to).
     */
    public void customerRefunds(long workspaceId, Selection selection, Consumer<CustomerRefund> each) {
        read(
                workspaceId,
                selection,
                "order_refund",
                "t.order_id is null",
                "refunded_at",
                "t.customer_no, t.message_id, t.refunded_at, t.amount_fen, (select e.channel from event_log e"
                        + " where e.workspace_id = t.workspace_id and e.message_id = t.message_id)",
                rs -> each.accept(new CustomerRefund(
                        rs.getInt(1),
                        rs.getString(2),
                        SqlTime.read(rs, "refunded_at"),
                        rs.getLong(4),
                        rs.getString(5))));
    }

    /** The refunds of the orders given, whenever they came, each with its event's place in the log. */
    public List<OrderRefund> refundsOf(long workspaceId, Collection<OrderKey> orders) {
        List<OrderRefund> refunds = new ArrayList<>();
        if (orders.isEmpty()) {
            return refunds;
        }
        List<OrderKey> keys = List.copyOf(new LinkedHashSet<>(orders));
        jdbc.query(
                """
                select r.brand_id, r.order_id, r.message_id, r.amount_fen, e.seq
                  from unnest(cast(? as bigint array), cast(? as varchar array)) as k(brand_id, order_id)
                  join order_refund r on r.workspace_id = ? and r.brand_id = k.brand_id and r.order_id = k.order_id
                  join event_log e on e.workspace_id = r.workspace_id and e.message_id = r.message_id
                """,
                (RowCallbackHandler) rs -> refunds.add(
                        new OrderRefund(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5))),
                SqlArrays.bigints(keys.stream().map(OrderKey::brandId).toList()),
                SqlArrays.varchars(keys.stream().map(OrderKey::orderId).toList()),
                workspaceId);
        return refunds;
    }

    private void read(long workspaceId, Selection selection, String columns, RowCallbackHandler row) {
        read(workspaceId, selection, "customer_order", null, "paid_at", columns, row);
    }

    /**
     * The rows of {@code table} ({@code t}) of the selection's brand and customers, its window taken
     * on {@code timeColumn}, narrowed further by {@code condition} when not null.
     */
    private void read(
            long workspaceId,
            Selection selection,
            String table,
            String condition,
            String timeColumn,
            String columns,
            RowCallbackHandler row) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder("t.brand_id = ?");
        args.add(selection.brandId());
        if (condition != null) {
            where.append(" and ").append(condition);
        }
        if (selection.paidAfter() != null) {
            where.append(" and t.").append(timeColumn).append(" > ?");
            args.add(SqlTime.param(selection.paidAfter()));
        }
        if (selection.paidUpTo() != null) {
            where.append(" and t.").append(timeColumn).append(" <= ?");
            args.add(SqlTime.param(selection.paidUpTo()));
        }
        new CustomerRows(jdbc, workspaceId, selection.customers())
                .read(columns, table, where.toString(), row, args.toArray());
    }
}
