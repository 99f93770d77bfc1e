package io.reservoir.ingest;

import io.reservoir.identity.CustomerErased;
import io.reservoir.identity.IdentityType;
import io.reservoir.platform.vault.PiiVault;
import java.util.List;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Scrubs an erased customer's events: the sealed identities are dropped and each payload is cut
 * down to what counts (type, event, time, channel, brand, field, and properties without personal
 * keys). Orders and refunds keep their amounts, so every total stays right. Runs inside the
 * erasing transaction.
 */
@Component
class ErasureFollower {

    /** Properties that may name, reach or locate a person, besides the identity keys. */
    private static final Set<String> PERSONAL = Set.of(
            "name",
            "first_name",
            "last_name",
            "username",
            "address",
            "receiver",
            "receiver_name",
            "contact",
            "mobile",
            "tel",
            "ip",
            "birthday",
            "avatar",
            "text",
            "comment",
            "content");

    private static final List<String> KEPT_CONTEXT = List.of("channel", "brand", "field");

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final String noIdentities;

    ErasureFollower(JdbcTemplate jdbc, JsonMapper json, PiiVault vault) {
        this.jdbc = jdbc;
        this.json = json;
        this.noIdentities = vault.seal("");
    }

    @EventListener
    void on(CustomerErased erased) {
        List<Object[]> scrubbed = jdbc.query(
                "select message_id, payload from event_log where workspace_id = ? and customer_no = ?",
                (rs, row) ->
                        new Object[] {anonymised(rs.getString(2)), noIdentities, erased.workspaceId(), rs.getString(1)},
                erased.workspaceId(),
                erased.customerNo());
        jdbc.batchUpdate(
                "update event_log set payload = ?, identity_keys = ? where workspace_id = ? and message_id = ?",
                scrubbed);
    }

    String anonymised(String payload) {
        JsonNode message = json.readTree(payload);
        ObjectNode kept = json.createObjectNode();
        for (String name : List.of("type", "event", "name", "messageId", "timestamp")) {
            if (message.hasNonNull(name) && message.get(name).isValueNode()) {
                kept.set(name, message.get(name));
            }
        }
        JsonNode context = message.get("context");
        if (context != null && context.isObject()) {
            ObjectNode keptContext = kept.putObject("context");
            KEPT_CONTEXT.stream().filter(context::hasNonNull).forEach(name -> keptContext.set(name, context.get(name)));
        }
        JsonNode properties = message.get("properties");
        if (properties != null && properties.isObject()) {
            ObjectNode keptProperties = kept.putObject("properties");
            for (var entry : properties.properties()) {
                String name = entry.getKey();
                if (!PERSONAL.contains(name) && IdentityType.of(name).isEmpty()) {
                    keptProperties.set(name, entry.getValue());
                }
            }
        }
        return json.writeValueAsString(kept);
    }
}
