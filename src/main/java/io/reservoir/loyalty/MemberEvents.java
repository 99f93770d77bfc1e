package io.reservoir.loyalty;

import io.reservoir.identity.Customers;
import io.reservoir.identity.IdentityValue;
import io.reservoir.ingest.Intake;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records what the program does for a member as events in the log, through the intake like any
 * other event: the person is named by one of their identities, so the event lands on their
 * profile, and the message id names the cause, so sending it again changes nothing.
 */
@Component
class MemberEvents {

    private final Intake intake;
    private final Customers customers;
    private final JsonMapper json;

    MemberEvents(Intake intake, Customers customers, JsonMapper json) {
        this.intake = intake;
        this.customers = customers;
        this.json = json;
    }

    /**
     * Sends {@code event} about the customer; false when they have no identity left (erased).
     * Returns after it is committed.
     */
    boolean send(
            long workspaceId,
            int customerNo,
            String messageId,
            String event,
            Instant at,
            long brandId,
            String channel,
            Map<String, Object> properties) {
        var identity = customers.anIdentity(workspaceId, customerNo);
        if (identity.isEmpty()) {
            return false;
        }
        IdentityValue id = identity.get();
        ObjectNode message = json.createObjectNode();
        message.put("type", "track");
        message.put("messageId", messageId);
        message.put("event", event);
        message.put("timestamp", at.toString());
        ObjectNode context = message.putObject("context");
        context.put("brand", brandId);
        context.put("channel", channel);
        context.putObject("identities").put(id.type().id(), id.value());
        message.set("properties", json.valueToTree(properties));
        intake.accept(workspaceId, List.of(message));
        return true;
    }
}
