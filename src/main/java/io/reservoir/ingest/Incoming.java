package io.reservoir.ingest;

import io.reservoir.identity.ConsentChannel;
import io.reservoir.identity.IdentityValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One validated message, reduced to what Reservoir records and projects.
 *
 * @param path where the message sat in its request ({@code batch[3]}), for errors found later
 * @param identities the person's identities in order of precedence (the event belongs to the first)
 * @param payload the message as sent, compact JSON, with phone numbers and e-mails masked
 */
record Incoming(
        String path,
        String type,
        String messageId,
        String eventName,
        Instant occurredAt,
        Instant receivedAt,
        long brandId,
        String channel,
        String field,
        List<IdentityValue> identities,
        Map<String, String> attributes,
        Map<ConsentChannel, Boolean> consent,
        Order order,
        Refund refund,
        Relation relation,
        String payload) {

    String at(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** An {@code Order Completed}: amounts in fen. */
    record Order(
            String orderId,
            long totalFen,
            String currency,
            String items,
            String couponCodes,
            String guideCode,
            String shareCode) {}

    /**
     * An {@code Order Refunded}; {@code amountFen} null means "whatever is still unrefunded".
     * {@code orderId} null: a customer-level refund (it names no order and states its amount).
     */
    record Refund(String orderId, Long amountFen) {}

    /** Opens or closes the customer's relation with the brand in a field. */
    record Relation(String field, boolean open) {}
}
