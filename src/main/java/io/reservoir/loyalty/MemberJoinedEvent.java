package io.reservoir.loyalty;

import java.math.BigDecimal;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a {@code Member Joined} event says about the join, read in one place. The member center logs
 * the event and then joins; the loyalty round reads the same event back and joins too, perhaps
 * first. Both make the member from the event's properties here, so whichever comes first makes the
 * same member: joined through a joint program ({@code jointFrom}), for a paid amount
 * ({@code paidAmount} in yuan, with {@code paymentId}), consenting to the joint program's other
 * brands ({@code jointConsent}).
 */
final class MemberJoinedEvent {

    private MemberJoinedEvent() {}

    /** The properties of a join from the member center. */
    static void writeProperties(ObjectNode properties, boolean jointConsent, BigDecimal paidAmount, String paymentId) {
        properties.put("jointConsent", jointConsent);
        if (paidAmount != null) {
            properties.put("paidAmount", paidAmount.toPlainString());
            properties.put("paymentId", paymentId);
        }
    }

    /** The join the event records; {@code properties} null or missing for a bare event. */
    static Memberships.Join join(
            long brandId, int customerNo, Instant at, String channel, String messageId, JsonNode properties) {
        Long via = properties != null && properties.path("jointFrom").canConvertToLong()
                ? properties.path("jointFrom").asLong()
                : null;
        boolean consent = properties != null && properties.path("jointConsent").asBoolean(false);
        return new Memberships.Join(brandId, customerNo, at, channel, via, paidFen(properties), messageId, consent);
    }

    /** Yuan to fen; an amount that is not one (from an outside sender) counts as no payment. */
    private static Long paidFen(JsonNode properties) {
        if (properties == null || !properties.path("paidAmount").isValueNode()) {
            return null;
        }
        try {
            return new BigDecimal(properties.path("paidAmount").asString().strip())
                    .movePointRight(2)
                    .longValueExact();
        } catch (NumberFormatException | ArithmeticException notAnAmount) {
            return null;
        }
    }
}
