package io.reservoir.ingest;

import io.reservoir.identity.AttributeChange;
import io.reservoir.identity.ConsentChange;
import io.reservoir.identity.Customers;
import io.reservoir.identity.IdentityClaim;
import io.reservoir.platform.storage.SqlTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The second stage of the intake: follows a workspace's event log in {@code seq} order and projects
 * what the first stage logged — resolves each event's customer (setting the log row's {@code
 * customer_no}), and updates attributes and consent (newest wins), orders and refunds, and
 * relations. Each batch is one transaction that locks the workspace's {@code intake_projection}
 * row, reads the events after its cursor and moves the cursor past them: an event is projected
 * exactly once, in order, by one node at a time, and a crash loses only an uncommitted batch that
 * the next one redoes.
 */
@Component
class EventProjector {

    private final JdbcTemplate jdbc;
    private final Customers customers;
    private final RelationProjection relations;
    private final LoggedMessages loggedMessages;

    EventProjector(
            JdbcTemplate jdbc, Customers customers, RelationProjection relations, LoggedMessages loggedMessages) {
        this.jdbc = jdbc;
        this.customers = customers;
        this.relations = relations;
        this.loggedMessages = loggedMessages;
    }

    /** What a batch projected: the last seq and the messages, or nothing when the log was caught up. */
    record Projected(long workspaceId, long through, List<String> messageIds) {}

    /** Must run inside a transaction; projects up to {@code limit} events after the workspace's cursor. */
    Projected projectNext(long workspaceId, int limit) {
        Long cursor = jdbc
                .query(
                        "select projected_seq from intake_projection where workspace_id = ? for update",
                        (rs, row) -> rs.getLong(1),
                        workspaceId)
                .stream()
                .findFirst()
                .orElse(null);
        if (cursor == null) {
            return null;
        }
        List<String> messageIds = new ArrayList<>();
        long[] through = {cursor};
        // the index's columns in full: then H2 reads the index in order and stops at the limit
        jdbc.query(
                """
                select seq, message_id from event_log where workspace_id = ? and seq > ?
                 order by workspace_id, seq fetch first ? rows only
                """,
                rs -> {
                    through[0] = rs.getLong(1);
                    messageIds.add(rs.getString(2));
                },
                workspaceId,
                cursor,
                limit);
        if (messageIds.isEmpty()) {
            return null;
        }
        List<Incoming> messages = loggedMessages.read(workspaceId, messageIds);
        OrderBook orders = OrderBook.load(jdbc, workspaceId, messages, null);
        OrderBook.Draft draft = orders.draft();
        messages.forEach(draft::project);
        draft.commit();
        write(workspaceId, messages, orders);
        jdbc.update("update intake_projection set projected_seq = ? where workspace_id = ?", through[0], workspaceId);
        return new Projected(workspaceId, through[0], messageIds);
    }

    private void write(long workspaceId, List<Incoming> messages, OrderBook orders) {
        List<IdentityClaim> claims = messages.stream()
                .map(m -> new IdentityClaim(m.identities(), m.occurredAt(), m.messageId()))
                .toList();
        int[] customerNos = customers.resolve(workspaceId, claims);
        attachCustomers(workspaceId, messages, customerNos);

        List<AttributeChange> attributes = new ArrayList<>();
        List<ConsentChange> consent = new ArrayList<>();
        List<Object[]> newOrders = new ArrayList<>();
        List<Object[]> refunds = new ArrayList<>();
        Set<RelationProjection.Key> relationKeys = new LinkedHashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            Incoming m = messages.get(i);
            int no = customerNos[i];
            m.attributes()
                    .forEach((name, value) -> attributes.add(new AttributeChange(no, name, value, m.occurredAt())));
            m.consent()
                    .forEach((channel, granted) ->
                            consent.add(new ConsentChange(no, channel, granted, "identify", m.occurredAt())));
            if (m.order() != null && orders.isFirst(m)) {
                Incoming.Order o = m.order();
                newOrders.add(new Object[] {
                    workspaceId,
                    m.brandId(),
                    o.orderId(),
                    no,
                    m.channel(),
                    SqlTime.param(m.occurredAt()),
                    o.totalFen(),
                    o.currency(),
                    o.items(),
                    o.couponCodes(),
                    o.guideCode(),
                    o.shareCode(),
                    m.messageId()
                });
            }
            if (m.refund() != null) {
                refunds.add(new Object[] {
                    workspaceId,
                    m.messageId(),
                    m.brandId(),
                    m.refund().orderId(),
                    no,
                    orders.refundAmount(m),
                    SqlTime.param(m.occurredAt())
                });
            }
            if (m.relation() != null) {
                relationKeys.add(
                        new RelationProjection.Key(no, m.brandId(), m.relation().field()));
            }
        }
        customers.applyAttributes(workspaceId, attributes);
        customers.applyConsent(workspaceId, consent);
        if (!newOrders.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into customer_order (workspace_id, brand_id, order_id, customer_no, channel, paid_at, paid_fen,
                                                currency, items, coupon_codes, guide_code, share_code, message_id)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, newOrders);
        }
        if (!refunds.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into order_refund (workspace_id, message_id, brand_id, order_id, customer_no, amount_fen, refunded_at)
                    values (?, ?, ?, ?, ?, ?, ?)
                    """, refunds);
        }
        relations.recompute(workspaceId, relationKeys);
    }

    /** The log's rows learn their customer: followers of the log read it from here on. */
    private void attachCustomers(long workspaceId, List<Incoming> messages, int[] customerNos) {
        List<Object[]> rows = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            rows.add(new Object[] {customerNos[i], workspaceId, messages.get(i).messageId()});
        }
        jdbc.batchUpdate("update event_log set customer_no = ? where workspace_id = ? and message_id = ?", rows);
    }
}
