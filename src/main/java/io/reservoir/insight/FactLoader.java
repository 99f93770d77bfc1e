package io.reservoir.insight;

import io.reservoir.ingest.Channels;
import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a brand's facts from the intake's projections, for all its customers or for some: the
 * relations, the orders with their refunds, and the log's visits, shares and reviews.
 */
@Component
class FactLoader {

    static final List<String> FIELDS = Channels.fields();
    static final int MEMBERSHIP = FIELDS.indexOf("membership");
    static final int LIVE_ROOM = FIELDS.indexOf("live_room");
    static final List<String> CHANNELS = Channels.CHANNELS.stream().sorted().toList();

    /** Rows fetched at a time: PostgreSQL's driver otherwise holds a whole result (a brand's log) in memory. */
    static final int FETCH = 10_000;

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final TransactionTemplate reading;

    FactLoader(JdbcTemplate jdbc, JsonMapper json, PlatformTransactionManager transactions) {
        this.jdbc = new JdbcTemplate(jdbc.getDataSource());
        this.jdbc.setFetchSize(FETCH);
        this.json = json;
        // the driver fetches in chunks only inside a transaction
        this.reading = new TransactionTemplate(transactions);
        this.reading.setReadOnly(true);
    }

    /** What was read: a builder per customer with rows, and the brand's shares and coded orders. */
    static final class Loaded {
        final Map<Integer, History.Builder> builders = new HashMap<>();
        final List<Attribution.Share> shares = new ArrayList<>();
        final List<Attribution.CodedOrder> codedOrders = new ArrayList<>();

        History.Builder of(int customer) {
            return builders.computeIfAbsent(customer, c -> new History.Builder());
        }
    }

    /** The newest sequence number of the workspace's log. */
    long logEnd(long workspaceId) {
        Long end =
                jdbc.queryForObject("select max(seq) from event_log where workspace_id = ?", Long.class, workspaceId);
        return end == null ? 0 : end;
    }

    /**
     * Customers whose facts changed after {@code seq}: who the new events are about, and the
     * buyers of refunded orders. Answers them and the new newest sequence number.
     */
    long changedSince(long workspaceId, long seq, Set<Integer> changed) {
        long[] last = {seq};
        jdbc.query(
                """
                select e.seq, e.customer_no, o.customer_no as buyer
                  from event_log e
                  left join order_refund r on r.workspace_id = e.workspace_id and r.message_id = e.message_id
                  left join customer_order o on o.workspace_id = r.workspace_id and o.brand_id = r.brand_id
                                            and o.order_id = r.order_id
                 where e.workspace_id = ? and e.seq > ?
                """,
                (RowCallbackHandler) rs -> {
                    last[0] = Math.max(last[0], rs.getLong(1));
                    changed.add(rs.getInt(2));
                    int buyer = rs.getInt(3);
                    if (!rs.wasNull()) {
                        changed.add(buyer);
                    }
                },
                workspaceId,
                seq);
        return last[0];
    }

    /** The facts of the brand's customers, of all ({@code customers} null) or of those given. */
    Loaded load(long workspaceId, long brandId, Days days, Products products, Collection<Integer> customers) {
        return reading.execute(status -> read(workspaceId, brandId, days, products, customers));
    }

    private Loaded read(long workspaceId, long brandId, Days days, Products products, Collection<Integer> customers) {
        Loaded loaded = new Loaded();
        Scope scope = new Scope(workspaceId, brandId, customers);
        scope.read("t.customer_no, t.field, t.since, t.until, t.source", "customer_relation", null, rs -> {
            int field = FIELDS.indexOf(rs.getString(2));
            if (field >= 0) {
                var until = SqlTime.read(rs, "until");
                loaded.of(rs.getInt(1))
                        .relation(
                                field,
                                Days.micros(SqlTime.read(rs, "since")),
                                until == null ? Long.MAX_VALUE : Days.micros(until),
                                channel(rs.getString(5)));
            }
        });
        Map<String, Long> refunded = refunds(scope);
        scope.read(
                "t.customer_no, t.order_id, t.paid_at, t.paid_fen, t.share_code, t.channel, t.items",
                "customer_order",
                null,
                rs -> {
                    int customer = rs.getInt(1);
                    long paid = Days.micros(SqlTime.read(rs, "paid_at"));
                    long paidFen = rs.getLong(4);
                    long net = paidFen - refunded.getOrDefault(rs.getString(2), 0L);
                    int day = days.day(paid);
                    Set<String> ids = new HashSet<>();
                    int[] lines = lines(rs.getString(7), products, ids);
                    loaded.of(customer).order(paid, paidFen, net, day, channel(rs.getString(6)), lines, ids);
                    String code = rs.getString(5);
                    if (code != null) {
                        loaded.codedOrders.add(new Attribution.CodedOrder(code, customer, paid, net, day));
                    }
                });
        scope.read(
                "t.customer_no, t.event_name, t.occurred_at, t.field, case when t.event_name in ('Content Shared', 'Review Posted') then t.payload end",
                "event_log",
                "t.msg_type = 'track' and t.event_name in ('Field Visited', 'Live Watched', 'Content Shared', 'Review Posted')",
                rs -> event(loaded, days, rs));
        if (customers != null) {
            customers.forEach(loaded::of); // a customer with no rows left is still covered
        }
        return loaded;
    }

    private void event(Loaded loaded, Days days, ResultSet rs) throws SQLException {
        int customer = rs.getInt(1);
        String name = rs.getString(2);
        long at = Days.micros(SqlTime.read(rs, "occurred_at"));
        int day = days.day(at);
        switch (name) {
            case "Field Visited" -> {
                int field = FIELDS.indexOf(rs.getString(4));
                if (field >= 0) {
                    loaded.of(customer).visit(day, field);
                }
            }
            case "Live Watched" -> loaded.of(customer).visit(day, LIVE_ROOM);
            case "Content Shared" -> {
                String code = text(properties(rs.getString(5)).get("share_code"));
                if (code != null) {
                    loaded.shares.add(new Attribution.Share(code, at, customer));
                }
            }
            default -> { // Review Posted
                JsonNode properties = properties(rs.getString(5));
                JsonNode rating = properties.get("rating");
                if (rating != null && rating.isNumber()) {
                    loaded.of(customer).review(at, day, rating.asInt(), text(properties.get("product_id")));
                }
            }
        }
    }

    private JsonNode properties(String payload) {
        JsonNode properties = json.readTree(payload).get("properties");
        return properties == null ? json.createObjectNode() : properties;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isContainer() ? null : node.asString();
    }

    private Map<String, Long> refunds(Scope scope) {
        Map<String, Long> refunded = new HashMap<>();
        if (scope.customers == null) {
            jdbc.query(
                    "select order_id, sum(amount_fen) from order_refund where workspace_id = ? and brand_id = ? group by order_id",
                    (RowCallbackHandler) rs -> refunded.put(rs.getString(1), rs.getLong(2)),
                    scope.workspaceId,
                    scope.brandId);
        } else {
            scope.read(
                    "t.order_id, (select sum(r.amount_fen) from order_refund r where r.workspace_id = t.workspace_id"
                            + " and r.brand_id = t.brand_id and r.order_id = t.order_id)",
                    "customer_order",
                    null,
                    rs -> refunded.put(rs.getString(1), rs.getLong(2)));
        }
        return refunded;
    }

    /**
     * An order's products as product code and quantity pairs (quantity 1 when absent); their ids
     * go into {@code ids}.
     */
    private int[] lines(String items, Products products, Set<String> ids) {
        if (items == null) {
            return new int[0];
        }
        List<Integer> lines = new ArrayList<>();
        for (JsonNode item : json.readTree(items)) {
            String id = item.isObject() ? text(item.get("product_id")) : null;
            if (id != null) {
                JsonNode quantity = item.get("quantity");
                ids.add(id);
                lines.add(products.code(id));
                lines.add(quantity != null && quantity.isIntegralNumber() ? quantity.asInt() : 1);
            }
        }
        return lines.stream().mapToInt(Integer::intValue).toArray();
    }

    static int channel(String channel) {
        int code = CHANNELS.indexOf(channel);
        return code < 0 ? CHANNELS.size() : code;
    }

    /** The rows of one brand, of all its customers or of some (reached from their numbers). */
    private final class Scope {

        final long workspaceId;
        final long brandId;
        final Collection<Integer> customers;

        Scope(long workspaceId, long brandId, Collection<Integer> customers) {
            this.workspaceId = workspaceId;
            this.brandId = brandId;
            this.customers = customers;
        }

        void read(String columns, String table, String condition, RowCallbackHandler row) {
            String where = " and t.brand_id = ?" + (condition == null ? "" : " and " + condition);
            if (customers == null) {
                jdbc.query(
                        "select " + columns + " from " + table + " t where t.workspace_id = ?" + where,
                        row,
                        workspaceId,
                        brandId);
            } else if (!customers.isEmpty()) {
                jdbc.query(
                        "select " + columns + " from unnest(cast(? as integer array)) as k(no) join " + table
                                + " t on t.workspace_id = ? and t.customer_no = k.no where 1 = 1" + where,
                        row,
                        SqlArrays.integers(customers),
                        workspaceId,
                        brandId);
            }
        }
    }
}
