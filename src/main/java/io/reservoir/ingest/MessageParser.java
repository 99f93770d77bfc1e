package io.reservoir.ingest;

import static io.reservoir.ingest.MessageValues.MAX_ID;
import static io.reservoir.ingest.MessageValues.id;
import static io.reservoir.ingest.MessageValues.text;

import io.reservoir.identity.ConsentChannel;
import io.reservoir.identity.IdentityType;
import io.reservoir.identity.IdentityValue;
import io.reservoir.ingest.MessageValues.Fields;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.vault.Masking;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates one Segment-shaped message (docs/events.md) and reduces it to an {@link Incoming}.
 * Every error names the field with its path in the request, e.g. {@code batch[3].properties.total}.
 */
final class MessageParser {

    static final int MAX_EVENT_BYTES = 32 * 1024;
    /**
     * An order carries its lines, and an order of 1,000 lines (about 150 KB) is a normal order: an
     * order or a refund may be as large as a batch call allows, and is stored whole (V18).
     */
    static final int MAX_ORDER_EVENT_BYTES = 480 * 1024;

    static final Set<String> TYPES = Set.of("track", "identify", "page", "screen", "group", "alias");
    private static final int MAX_ATTRIBUTE_NAME = 100;
    private static final int MAX_ATTRIBUTE_VALUE = 2000;
    /** Precedence of identities: the event belongs to the profile of the first that is present. */
    private static final List<IdentityType> PRECEDENCE = List.of(
            IdentityType.APP_USER_ID,
            IdentityType.MEMBER_NO,
            IdentityType.PHONE,
            IdentityType.WECHAT_UNIONID,
            IdentityType.EMAIL,
            IdentityType.TMALL_OUID,
            IdentityType.TAOBAO_NICK,
            IdentityType.JD_PIN,
            IdentityType.DOUYIN_OPENID,
            IdentityType.WECHAT_OPENID,
            IdentityType.WECOM_EXTERNAL_ID,
            IdentityType.DEVICE_ID,
            IdentityType.ANONYMOUS_ID);

    private final JsonMapper json;
    private final BrandDirectory brands;

    MessageParser(JsonMapper json, BrandDirectory brands) {
        this.json = json;
        this.brands = brands;
    }

    /**
     * @param defaultType the type implied by the endpoint ({@code /v1/track}), or null in a batch
     * @param path where the message sits in the request ({@code ""} or {@code "batch[3]"})
     * @param batchSentAt the batch's {@code sentAt}, used when the message has none
     */
    Incoming parse(
            long workspaceId,
            JsonNode message,
            String defaultType,
            String path,
            Instant receivedAt,
            Instant batchSentAt) {
        return read(workspaceId, message, defaultType, path, receivedAt, batchSentAt, null);
    }

    /** What the log kept of a message that the parser cannot read again from its payload alone. */
    record Logged(String messageId, Instant occurredAt, List<IdentityValue> identities, String payload) {}

    /**
     * A logged message read back for its projection: its payload as stored (phones and e-mails
     * masked), so its identities, id and time come from the log's columns instead.
     */
    Incoming reread(long workspaceId, Instant receivedAt, Logged logged) {
        return read(workspaceId, json.readTree(logged.payload()), null, "", receivedAt, null, logged);
    }

    private Incoming read(
            long workspaceId,
            JsonNode message,
            String defaultType,
            String path,
            Instant receivedAt,
            Instant batchSentAt,
            Logged logged) {
        if (message == null || !message.isObject()) {
            throw ReservoirException.invalid(path.isEmpty() ? "body" : path, "must be a JSON object");
        }
        if (logged == null) {
            checkSize(message, path);
        }
        Fields f = new Fields(path);
        String type = textOr(message.get("type"), defaultType, f.at("type"));
        if (type == null || !TYPES.contains(type)) {
            throw ReservoirException.invalid(
                    f.at("type"), "must be one of track, identify, page, screen, group, alias");
        }
        String messageId = logged != null ? logged.messageId() : id(message.get("messageId"), f.at("messageId"));
        if (messageId == null) {
            messageId = "gen-" + UUID.randomUUID();
        }
        Instant occurred;
        if (logged != null) {
            occurred = logged.occurredAt();
        } else {
            Instant timestamp = time(message.get("timestamp"), f.at("timestamp"));
            Instant sentAt = time(message.get("sentAt"), f.at("sentAt"));
            occurred = Timestamps.occurred(timestamp, sentAt != null ? sentAt : batchSentAt, receivedAt);
            Timestamps.checkPlausible(f.at("timestamp"), occurred, receivedAt);
        }

        JsonNode context = object(message, "context", f);
        JsonNode properties = object(message, "properties", f);
        JsonNode traits = object(message, "traits", f);

        // the brand first: its phone region reads numbers written without country code
        Brand brand = brands.brand(workspaceId, f.at("context.brand"), context.get("brand"));
        long brandId = brand.id();
        List<IdentityValue> identities = logged != null
                ? logged.identities()
                : identities(type, message, context, traits, properties, f, brand.phoneRegion());
        String channel = vocabulary(
                context.get("channel"), f.at("context.channel"), Channels.CHANNELS, Channels.DEFAULT_CHANNEL);
        String field = vocabulary(
                context.has("field") ? context.get("field") : properties.get("field"),
                context.has("field") ? f.at("context.field") : f.at("properties.field"),
                Set.copyOf(Channels.FIELDS),
                null);

        String eventName = null;
        Incoming.Order order = null;
        Incoming.Refund refund = null;
        Incoming.Relation relation = null;
        Map<String, String> attributes = Map.of();
        Map<ConsentChannel, Boolean> consent = Map.of();
        switch (type) {
            case "track" -> {
                eventName = id(message.get("event"), f.at("event"));
                if (eventName == null) {
                    throw ReservoirException.invalid(f.at("event"), "is required for track");
                }
                switch (eventName) {
                    case EventNames.ORDER_COMPLETED ->
                        order = OrderProperties.order(
                                json, properties, f, OrderProperties.currency(properties, f, brand));
                    case EventNames.ORDER_REFUNDED -> {
                        OrderProperties.currency(properties, f, brand);
                        refund = OrderProperties.refund(properties, f);
                    }
                    case EventNames.RELATION_OPENED, EventNames.RELATION_CLOSED -> {
                        if (field == null) {
                            throw ReservoirException.invalid(f.at("properties.field"), "is required for " + eventName);
                        }
                        relation = new Incoming.Relation(field, eventName.equals(EventNames.RELATION_OPENED));
                    }
                    case EventNames.FIELD_VISITED -> {
                        if (field == null) {
                            throw ReservoirException.invalid(f.at("properties.field"), "is required for Field Visited");
                        }
                    }
                    default -> relation = Channels.RELATION_EVENTS.get(eventName);
                }
                if (relation != null) {
                    field = relation.field(); // the event name decides the field of a relation
                }
            }
            case "identify" -> {
                attributes = attributes(traits, f);
                consent = consent(traits.get("consent"), f.at("traits.consent"));
            }
            case "page", "screen" -> eventName = text(message.get("name"), f.at("name"), MAX_ID);
            default -> {}
        }
        return new Incoming(
                path,
                type,
                messageId,
                eventName,
                occurred,
                receivedAt,
                brandId,
                channel,
                field,
                identities,
                attributes,
                consent,
                order,
                refund,
                relation,
                logged != null ? logged.payload() : json.writeValueAsString(masked(message, brand.phoneRegion())));
    }

    private void checkSize(JsonNode message, String path) {
        byte[] raw = json.writeValueAsBytes(message);
        int limit = OrderProperties.isOrderEvent(message) ? MAX_ORDER_EVENT_BYTES : MAX_EVENT_BYTES;
        if (raw.length > limit) {
            throw ReservoirException.tooLarge(
                    path.isEmpty() ? null : path,
                    "event is " + raw.length + " bytes; at most " + limit + " per "
                            + (limit == MAX_EVENT_BYTES
                                    ? "event (" + MAX_ORDER_EVENT_BYTES + " for an order)"
                                    : "order"));
        }
    }

    private List<IdentityValue> identities(
            String type,
            JsonNode message,
            JsonNode context,
            JsonNode traits,
            JsonNode properties,
            Fields f,
            String phoneRegion) {
        Map<IdentityType, List<IdentityValue>> found = new EnumMap<>(IdentityType.class);
        add(found, IdentityType.APP_USER_ID, message.get("userId"), f.at("userId"), phoneRegion);
        add(found, IdentityType.ANONYMOUS_ID, message.get("anonymousId"), f.at("anonymousId"), phoneRegion);
        if ("alias".equals(type)) {
            // alias links a previous id (usually the anonymous one) to the userId
            add(found, IdentityType.ANONYMOUS_ID, message.get("previousId"), f.at("previousId"), phoneRegion);
        }
        JsonNode device = context.get("device");
        if (device != null && device.isObject()) {
            add(found, IdentityType.DEVICE_ID, device.get("id"), f.at("context.device.id"), phoneRegion);
        }
        for (IdentityType t : IdentityType.values()) {
            add(found, t, traits.get(t.id()), f.at("traits." + t.id()), phoneRegion);
            JsonNode contextTraits = context.get("traits");
            if (contextTraits != null && contextTraits.isObject()) {
                add(found, t, contextTraits.get(t.id()), f.at("context.traits." + t.id()), phoneRegion);
            }
            JsonNode listed = context.get("identities");
            if (listed != null && listed.isObject()) {
                add(found, t, listed.get(t.id()), f.at("context.identities." + t.id()), phoneRegion);
            }
        }
        if (properties.has("member_no")) {
            add(found, IdentityType.MEMBER_NO, properties.get("member_no"), f.at("properties.member_no"), phoneRegion);
        }
        if (found.isEmpty()) {
            throw ReservoirException.invalid(
                    f.at("userId"),
                    "an identity is required: userId, anonymousId, or an identity in traits or context.identities");
        }
        List<IdentityValue> ordered = new ArrayList<>();
        found.entrySet().stream()
                .sorted(Comparator.comparingInt(e -> PRECEDENCE.indexOf(e.getKey())))
                .forEach(e -> ordered.addAll(e.getValue()));
        return ordered;
    }

    private static void add(
            Map<IdentityType, List<IdentityValue>> found,
            IdentityType type,
            JsonNode node,
            String field,
            String phoneRegion) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (!(node.isString() || node.isIntegralNumber())) {
            throw ReservoirException.invalid(field, "must be a string");
        }
        if (node.asString().isBlank()) {
            return;
        }
        IdentityValue value = IdentityValue.of(type, field, node.asString(), phoneRegion);
        List<IdentityValue> values = found.computeIfAbsent(type, t -> new ArrayList<>());
        if (values.contains(value)) {
            return;
        }
        if (type.uniquePerPerson() && !values.isEmpty()) {
            throw ReservoirException.invalid(
                    field, "differs from another " + type.id() + " in the same message; a person has one");
        }
        values.add(value);
    }

    /** What an identify message that was logged earlier set on the profile. */
    record Traits(Map<String, String> attributes, Map<ConsentChannel, Boolean> consent) {}

    /** Re-reads the profile traits of a logged identify message (its payload as logged). */
    Traits traits(String loggedPayload) {
        JsonNode traits = json.readTree(loggedPayload).get("traits");
        if (traits == null || !traits.isObject()) {
            return new Traits(Map.of(), Map.of());
        }
        Fields f = new Fields("");
        return new Traits(attributes(traits, f), consent(traits.get("consent"), f.at("traits.consent")));
    }

    private Map<String, String> attributes(JsonNode traits, Fields f) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (var entry : traits.properties()) {
            String name = entry.getKey();
            if (IdentityType.of(name).isPresent() || name.equals("consent")) {
                continue;
            }
            if (name.length() > MAX_ATTRIBUTE_NAME || name.isBlank()) {
                throw ReservoirException.invalid(
                        f.at("traits"), "trait names must have 1 to " + MAX_ATTRIBUTE_NAME + " characters");
            }
            JsonNode value = entry.getValue();
            String text =
                    value.isNull() ? null : value.isValueNode() ? value.asString() : json.writeValueAsString(value);
            if (text != null && text.length() > MAX_ATTRIBUTE_VALUE) {
                throw ReservoirException.invalid(
                        f.at("traits." + name), "is longer than " + MAX_ATTRIBUTE_VALUE + " characters");
            }
            if (name.equals("birthday") && text != null && !text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw ReservoirException.invalid(f.at("traits.birthday"), "must be a date YYYY-MM-DD");
            }
            attributes.put(name, text);
        }
        return attributes;
    }

    private static Map<ConsentChannel, Boolean> consent(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw ReservoirException.invalid(field, "must be an object such as {\"sms\": false}");
        }
        Map<ConsentChannel, Boolean> consent = new EnumMap<>(ConsentChannel.class);
        for (var entry : node.properties()) {
            ConsentChannel channel = ConsentChannel.parse(field + "." + entry.getKey(), entry.getKey());
            if (!entry.getValue().isBoolean()) {
                throw ReservoirException.invalid(field + "." + entry.getKey(), "must be true or false");
            }
            consent.put(channel, entry.getValue().asBoolean());
        }
        return consent;
    }

    /** A copy of the message as it will be logged: phone numbers and e-mails masked. */
    private JsonNode masked(JsonNode message, String phoneRegion) {
        ObjectNode copy = (ObjectNode) message.deepCopy();
        maskIn(copy.get("traits"), phoneRegion);
        JsonNode context = copy.get("context");
        if (context != null && context.isObject()) {
            maskIn(context.get("traits"), phoneRegion);
            maskIn(context.get("identities"), phoneRegion);
        }
        return copy;
    }

    private static void maskIn(JsonNode node, String phoneRegion) {
        if (node instanceof ObjectNode object) {
            JsonNode phone = object.get("phone");
            if (phone != null && phone.isValueNode()) {
                String masked;
                try {
                    masked = Masking.phone(phone.asString(), phoneRegion);
                } catch (ReservoirException notAPhone) {
                    masked = "***";
                }
                object.put("phone", masked);
            }
            JsonNode email = object.get("email");
            if (email != null && email.isValueNode()) {
                object.put("email", Masking.email(email.asString()));
            }
        }
    }

    private static JsonNode object(JsonNode message, String name, Fields f) {
        JsonNode node = message.get(name);
        if (node == null || node.isNull()) {
            return JsonMapper.shared().createObjectNode();
        }
        if (!node.isObject()) {
            throw ReservoirException.invalid(f.at(name), "must be an object");
        }
        return node;
    }

    private static String vocabulary(JsonNode node, String field, Set<String> allowed, String fallback) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        String value = node.isString() ? node.asString().strip() : null;
        if (value == null || !allowed.contains(value)) {
            throw ReservoirException.invalid(
                    field,
                    "must be one of "
                            + String.join(", ", allowed.stream().sorted().toList()));
        }
        return value;
    }

    private static Instant time(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw ReservoirException.invalid(field, "must be an ISO-8601 string");
        }
        return Timestamps.parse(field, node.asString());
    }

    private static String textOr(JsonNode node, String fallback, String field) {
        String text = text(node, field, 20);
        return text == null ? fallback : text;
    }
}
