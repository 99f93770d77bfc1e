package io.reservoir.ingest;

import io.reservoir.platform.storage.CustomerRows;
import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link EventLog}: one query per reading over {@code event_log}, with the order book's rows
 * of its orders and refunds, up to the end of what the intake's second stage has projected.
 *
 * <p>Orders are a left join (every follower that reads them reads many); a refund's row and its
 * order's buyer are looked up only for {@code Order Refunded} rows ({@code case when …}: neither
 * database runs the sub-select of a branch not taken), so a scan of millions of visits costs no
 * lookup. Payloads travel only for the names whose properties were asked for. A scan runs in a
 * read-only transaction with a fetch size: PostgreSQL's driver otherwise holds the whole result.
 */
@Component
class LogReader implements EventLog {

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final TransactionTemplate readOnly;

    LogReader(JdbcTemplate jdbc, JsonMapper json, PlatformTransactionManager transactions) {
        this.jdbc = CustomerRows.streaming(jdbc);
        this.json = json;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** The end of what is projected: followers see an event only once its customer is resolved. */
    @Override
    public long end(long workspaceId) {
        return jdbc
                .query(
                        "select projected_seq from intake_projection where workspace_id = ?",
                        (rs, row) -> rs.getLong(1),
                        workspaceId)
                .stream()
                .findFirst()
                .orElse(0L);
    }

    @Override
    public List<LoggedEvent> next(long workspaceId, Reading reading, int limit) {
        List<LoggedEvent> events = new ArrayList<>();
        Query query = new Query(workspaceId, reading, true);
        // the order names the index's columns in full: then H2 reads the index in order and stops
        // at the limit instead of sorting every later event of the workspace
        query.sql.append(" order by e.workspace_id, e.seq fetch first ? rows only");
        query.args.add(limit);
        jdbc.query(query.sql.toString(), (RowCallbackHandler) rs -> events.add(event(rs)), query.args.toArray());
        return events;
    }

    @Override
    public void scan(long workspaceId, Reading reading, Consumer<LoggedEvent> each) {
        if (reading.customers() != null && reading.customers().isEmpty()) {
            return;
        }
        Query query = new Query(workspaceId, reading, false);
        readOnly.executeWithoutResult(status -> jdbc.query(
                query.sql.toString(), (RowCallbackHandler) rs -> each.accept(event(rs)), query.args.toArray()));
    }

    /** The statement of a reading and its arguments, in order. */
    private static final class Query {

        final StringBuilder sql =
                new StringBuilder("select e.seq, e.message_id, e.msg_type, e.event_name, e.customer_no,"
                        + " e.brand_id, e.channel, e.field, e.occurred_at");
        final List<Object> args = new ArrayList<>();

        Query(long workspaceId, Reading reading, boolean fromCursor) {
            boolean orders = reads(reading, EventNames.ORDER_COMPLETED);
            boolean refunds = reads(reading, EventNames.ORDER_REFUNDED);
            sql.append(orders ? ", o.order_id, o.paid_fen" : ", null as order_id, null as paid_fen");
            if (refunds) {
                sql.append(", ").append(refundColumn("r.order_id", "refund_order_id", false));
                sql.append(", ").append(refundColumn("r.amount_fen", "refund_fen", false));
                sql.append(", ").append(refundColumn("b.customer_no", "buyer_no", true));
                sql.append(", ").append(refundColumn("b.paid_fen", "order_paid_fen", true));
            } else {
                sql.append(", null as refund_order_id, null as refund_fen, null as buyer_no, null as order_paid_fen");
            }
            if (reading.withProperties().isEmpty()) {
                sql.append(", null as payload");
            } else {
                sql.append(", case when e.event_name in (")
                        .append(marks(reading.withProperties().size()));
                sql.append(") then e.payload end as payload");
                args.addAll(reading.withProperties());
            }
            if (reading.customers() != null) {
                // from the keys to the log's index by customer: see SqlArrays
                sql.append(" from unnest(cast(? as integer array)) as k(no)"
                        + " join event_log e on e.workspace_id = ? and e.customer_no = k.no");
                args.add(SqlArrays.integers(reading.customers()));
                args.add(workspaceId);
            } else {
                sql.append(" from event_log e");
            }
            if (orders) {
                sql.append(" left join customer_order o on o.workspace_id = e.workspace_id"
                        + " and o.message_id = e.message_id");
            }
            sql.append(" where e.workspace_id = ?");
            args.add(workspaceId);
            // only what the second stage has projected (docs/architecture.md, Intake)
            sql.append(" and e.seq <= (select p.projected_seq from intake_projection p where p.workspace_id = ?)");
            args.add(workspaceId);
            if (fromCursor || reading.after() > 0) {
                sql.append(" and e.seq > ?");
                args.add(reading.after());
            }
            if (reading.through() < Long.MAX_VALUE) {
                sql.append(" and e.seq <= ?");
                args.add(reading.through());
            }
            if (reading.tracksOnly()) {
                sql.append(" and e.msg_type = 'track'");
            }
            if (!reading.names().isEmpty()) {
                sql.append(" and e.event_name in (")
                        .append(marks(reading.names().size()))
                        .append(")");
                args.addAll(reading.names());
            }
            if (reading.brandId() != null) {
                sql.append(" and e.brand_id = ?");
                args.add(reading.brandId());
            }
            if (reading.occurredAfter() != null) {
                sql.append(" and e.occurred_at > ?");
                args.add(SqlTime.param(reading.occurredAfter()));
            }
        }

        private static boolean reads(Reading reading, String name) {
            return reading.names().isEmpty() || reading.names().contains(name);
        }

        /** A column of the event's refund row ({@code r}), or of the refunded order ({@code b}). */
        private static String refundColumn(String column, String as, boolean ofOrder) {
            return "case when e.event_name = '" + EventNames.ORDER_REFUNDED + "' then (select " + column
                    + " from order_refund r"
                    + (ofOrder
                            ? " join customer_order b on b.workspace_id = r.workspace_id and b.brand_id = r.brand_id"
                                    + " and b.order_id = r.order_id"
                            : "")
                    + " where r.workspace_id = e.workspace_id and r.message_id = e.message_id) end as " + as;
        }

        private static String marks(int n) {
            return String.join(", ", Collections.nCopies(n, "?"));
        }
    }

    private LoggedEvent event(ResultSet rs) throws SQLException {
        String orderId = rs.getString("order_id");
        String refundOrderId = rs.getString("refund_order_id");
        // a refund is known by its row: a customer-level refund's order id is null
        long refundFen = rs.getLong("refund_fen");
        boolean refunded = !rs.wasNull();
        String payload = rs.getString("payload");
        return new LoggedEvent(
                rs.getLong("seq"),
                rs.getString("message_id"),
                rs.getString("msg_type"),
                rs.getString("event_name"),
                rs.getInt("customer_no"),
                rs.getLong("brand_id"),
                rs.getString("channel"),
                rs.getString("field"),
                SqlTime.read(rs, "occurred_at"),
                orderId == null ? null : new LoggedEvent.Order(orderId, rs.getLong("paid_fen")),
                !refunded
                        ? null
                        : new LoggedEvent.Refund(
                                refundOrderId,
                                refundFen,
                                rs.getObject("buyer_no", Integer.class),
                                rs.getObject("order_paid_fen", Long.class)),
                payload == null ? null : properties(payload));
    }

    private JsonNode properties(String payload) {
        JsonNode properties = json.readTree(payload).get("properties");
        return properties == null || !properties.isObject() ? json.createObjectNode() : properties;
    }
}
