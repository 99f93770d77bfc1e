package io.reservoir.ingest;

import io.reservoir.platform.storage.CustomerRows;
import io.reservoir.platform.storage.SqlTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The intake's order book in bulk, for the modules that keep their own copy of a brand's orders
 * (insight's facts): each order with what has been refunded of it, of all customers of a workspace
 * ({@code customers} null) or of some, a row at a time, inside the caller's transaction.
 */
@Component
public class OrderRows {

    /**
     * An order as paid, and what its refunds took back so far (fen).
     *
     * @param lines its products with a {@code product_id}, in the order given
     */
    public record Order(
            int customerNo,
            String orderId,
            Instant paidAt,
            long paidFen,
            long refundedFen,
            String channel,
            String shareCode,
            List<Line> lines) {

        public long netFen() {
            return paidFen - refundedFen;
        }
    }

    /** A product of an order; quantity 1 when the order did not say. */
    public record Line(String productId, int quantity) {}

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    OrderRows(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = CustomerRows.streaming(jdbc);
        this.json = json;
    }

    /**
     * The brand's orders. For the whole brand the refunds are summed in one pass first; for some
     * customers each order's refunds are looked up on the order's index.
     */
    public void ofBrand(long workspaceId, long brandId, Collection<Integer> customers, Consumer<Order> each) {
        CustomerRows rows = new CustomerRows(jdbc, workspaceId, customers);
        Map<String, Long> refunded = new HashMap<>();
        String refundColumn;
        if (customers == null) {
            jdbc.query(
                    "select order_id, sum(amount_fen) from order_refund where workspace_id = ? and brand_id = ? group by order_id",
                    (RowCallbackHandler) rs -> refunded.put(rs.getString(1), rs.getLong(2)),
                    workspaceId,
                    brandId);
            refundColumn = "null";
        } else {
            refundColumn = "(select sum(r.amount_fen) from order_refund r where r.workspace_id = t.workspace_id"
                    + " and r.brand_id = t.brand_id and r.order_id = t.order_id)";
        }
        rows.read(
                "t.customer_no, t.order_id, t.paid_at, t.paid_fen, t.share_code, t.channel, t.items, " + refundColumn,
                "customer_order",
                "t.brand_id = ?",
                rs -> {
                    String orderId = rs.getString(2);
                    long refundedFen = customers == null ? refunded.getOrDefault(orderId, 0L) : rs.getLong(8);
                    each.accept(new Order(
                            rs.getInt(1),
                            orderId,
                            SqlTime.read(rs, "paid_at"),
                            rs.getLong(4),
                            refundedFen,
                            rs.getString(6),
                            rs.getString(5),
                            lines(rs.getString(7))));
                },
                brandId);
    }

    private List<Line> lines(String items) {
        if (items == null) {
            return List.of();
        }
        List<Line> lines = new ArrayList<>();
        for (JsonNode item : json.readTree(items)) {
            JsonNode id = item.isObject() ? item.get("product_id") : null;
            if (id != null && !id.isNull() && !id.isContainer()) {
                JsonNode quantity = item.get("quantity");
                lines.add(new Line(
                        id.asString(), quantity != null && quantity.isIntegralNumber() ? quantity.asInt() : 1));
            }
        }
        return lines;
    }
}
