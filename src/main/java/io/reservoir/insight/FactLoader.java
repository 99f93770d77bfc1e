package io.reservoir.insight;

import static io.reservoir.ingest.EventNames.CONTENT_SHARED;
import static io.reservoir.ingest.EventNames.FIELD_VISITED;
import static io.reservoir.ingest.EventNames.LIVE_WATCHED;
import static io.reservoir.ingest.EventNames.REVIEW_POSTED;

import io.reservoir.ingest.Channels;
import io.reservoir.ingest.EventLog;
import io.reservoir.ingest.EventLog.Reading;
import io.reservoir.ingest.LoggedEvent;
import io.reservoir.ingest.OrderRows;
import io.reservoir.ingest.RelationRows;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a brand's facts from the intake's published read model, for all its customers or for some:
 * the relations ({@link RelationRows}), the orders with their refunds ({@link OrderRows}), and the
 * log's visits, shares and reviews ({@link EventLog}).
 */
@Component
class FactLoader {

    static final List<String> FIELDS = Channels.fields();
    static final int MEMBERSHIP = FIELDS.indexOf("membership");
    static final int LIVE_ROOM = FIELDS.indexOf("live_room");
    static final List<String> CHANNELS = Channels.CHANNELS.stream().sorted().toList();

    private final EventLog log;
    private final RelationRows relations;
    private final OrderRows orders;
    private final JsonMapper json;
    private final TransactionTemplate reading;

    FactLoader(
            EventLog log,
            RelationRows relations,
            OrderRows orders,
            JsonMapper json,
            PlatformTransactionManager transactions) {
        this.log = log;
        this.json = json;
        this.relations = relations;
        this.orders = orders;
        // one snapshot for all reads; PostgreSQL's driver fetches in chunks only inside a transaction
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
        return log.end(workspaceId);
    }

    /**
     * Customers whose facts changed after {@code seq}: who the new events are about, and the
     * buyers of refunded orders. Answers them and the new newest sequence number.
     */
    long changedSince(long workspaceId, long seq, Set<Integer> changed) {
        long[] last = {seq};
        log.scan(workspaceId, Reading.everything().after(seq), e -> {
            last[0] = Math.max(last[0], e.seq());
            changed.add(e.customerNo());
            if (e.refund() != null && e.refund().buyerNo() != null) {
                changed.add(e.refund().buyerNo());
            }
        });
        return last[0];
    }

    /** The facts of the brand's customers, of all ({@code customers} null) or of those given. */
    Loaded load(long workspaceId, long brandId, Days days, Products products, Collection<Integer> customers) {
        return reading.execute(status -> read(workspaceId, brandId, days, products, customers));
    }

    private Loaded read(long workspaceId, long brandId, Days days, Products products, Collection<Integer> customers) {
        Loaded loaded = new Loaded();
        relations.ofBrand(workspaceId, brandId, customers, (customer, name, since, until, source) -> {
            int field = FIELDS.indexOf(name);
            if (field >= 0) {
                loaded.of(customer)
                        .relation(
                                field,
                                Days.micros(since),
                                until == null ? Long.MAX_VALUE : Days.micros(until),
                                channel(source));
            }
        });
        OrderRows.Selection brandOrders = OrderRows.Selection.ofBrand(brandId);
        orders.orders(
                workspaceId, customers == null ? brandOrders : brandOrders.ofCustomers(customers), true, order -> {
                    long paid = Days.micros(order.paidAt());
                    long net = order.netFen();
                    int day = days.day(paid);
                    Set<String> ids = new HashSet<>();
                    int[] lines = lines(order.items(), products, ids);
                    loaded.of(order.customerNo())
                            .order(paid, order.paidFen(), net, day, channel(order.channel()), lines, ids);
                    if (order.shareCode() != null) {
                        loaded.codedOrders.add(
                                new Attribution.CodedOrder(order.shareCode(), order.customerNo(), paid, net, day));
                    }
                });
        // returns that name no order count when they were refunded (docs/metrics.md)
        orders.customerRefunds(workspaceId, customers == null ? brandOrders : brandOrders.ofCustomers(customers), r -> {
            long at = Days.micros(r.refundedAt());
            loaded.of(r.customerNo()).returned(at, r.amountFen(), days.day(at), channel(r.channel()));
        });
        Reading visits = Reading.everything()
                .named(FIELD_VISITED, LIVE_WATCHED, CONTENT_SHARED, REVIEW_POSTED)
                .withProperties(CONTENT_SHARED, REVIEW_POSTED)
                .ofBrand(brandId);
        log.scan(workspaceId, customers == null ? visits : visits.ofCustomers(customers), e -> event(loaded, days, e));
        if (customers != null) {
            customers.forEach(loaded::of); // a customer with no rows left is still covered
        }
        return loaded;
    }

    private void event(Loaded loaded, Days days, LoggedEvent e) {
        long at = Days.micros(e.at());
        int day = days.day(at);
        switch (e.name()) {
            case FIELD_VISITED -> {
                int field = FIELDS.indexOf(e.field());
                if (field >= 0) {
                    loaded.of(e.customerNo()).visit(day, field);
                }
            }
            case LIVE_WATCHED -> loaded.of(e.customerNo()).visit(day, LIVE_ROOM);
            case CONTENT_SHARED -> {
                String code = text(e.properties().get("share_code"));
                if (code != null) {
                    loaded.shares.add(new Attribution.Share(code, at, e.customerNo()));
                }
            }
            default -> { // Review Posted
                JsonNode rating = e.properties().get("rating");
                if (rating != null && rating.isNumber()) {
                    loaded.of(e.customerNo())
                            .review(at, day, rating.asInt(), text(e.properties().get("product_id")));
                }
            }
        }
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
                lines.add(products.code(id, text(item.get("name"))));
                lines.add(quantity != null && quantity.isIntegralNumber() ? quantity.asInt() : 1);
            }
        }
        return lines.stream().mapToInt(Integer::intValue).toArray();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isContainer() ? null : node.asString();
    }

    static int channel(String channel) {
        int code = CHANNELS.indexOf(channel);
        return code < 0 ? CHANNELS.size() : code;
    }
}
