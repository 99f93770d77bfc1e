package io.reservoir.ingest;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One message of the event log as its followers read it, decoded once by {@link EventLog}.
 *
 * @param type the message type: {@code track}, {@code identify}, {@code page}, …
 * @param name the event name of a {@code track} ({@link EventNames}), else null
 * @param customerNo the customer the message belongs to (after merges, the surviving number)
 * @param field the field (场域) it happened in, or null
 * @param order the order it completed, when it is an {@code Order Completed} the order book kept
 * @param refund the refund it made, when it is an {@code Order Refunded} the order book kept
 * @param properties its {@code properties}, for the names the reading asked them of; else null
 */
public record LoggedEvent(
        long seq,
        String messageId,
        String type,
        String name,
        int customerNo,
        long brandId,
        String channel,
        String field,
        Instant at,
        Order order,
        Refund refund,
        JsonNode properties) {

    public boolean isTrack() {
        return "track".equals(type);
    }

    /** What was paid for the order, in fen. */
    public record Order(String orderId, long paidFen) {}

    /**
     * A refund, in fen: of the order {@code orderId}, or a customer-level refund of the event's
     * customer when {@code orderId} is null (a return that names no order). {@code buyerNo} placed
     * the order and paid {@code orderPaidFen} for it (both null when the order book does not hold
     * the order, or the refund names none).
     */
    public record Refund(String orderId, long amountFen, Integer buyerNo, Long orderPaidFen) {

        /** A return that names no order: it counts against the customer, not against an order. */
        public boolean customerLevel() {
            return orderId == null;
        }
    }
}
