package io.reservoir.support;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Segment message for a test fixture, built field by field (docs/events.md): the one way tests
 * write the events they send, so that no test copies JSON by hand. Tests of the intake's own
 * parsing send raw JSON on purpose and do not use it.
 *
 * <pre>{@code
 * events.send(Message.track("Order Completed").user("u1").at(at).brand(brand).channel("tmall")
 *         .property("order_id", "A1").property("total", "99.00"));
 * }</pre>
 */
public final class Message {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String type;
    private final ObjectNode node = JSON.createObjectNode();

    private Message(String type) {
        this.type = type;
    }

    /** A {@code track} of {@code event}. */
    public static Message track(String event) {
        Message message = new Message("track");
        message.node.put("event", event);
        return message;
    }

    /** An {@code Order Completed} of {@code orderId} for {@code total} yuan. */
    public static Message order(String orderId, String total) {
        return track("Order Completed").property("order_id", orderId).property("total", total);
    }

    public static Message identify() {
        return new Message("identify");
    }

    /** A {@code page} view named {@code name}. */
    public static Message page(String name) {
        Message message = new Message("page");
        message.node.put("name", name);
        return message;
    }

    public Message user(String userId) {
        node.put("userId", userId);
        return this;
    }

    public Message anonymous(String anonymousId) {
        node.put("anonymousId", anonymousId);
        return this;
    }

    public Message id(String messageId) {
        node.put("messageId", messageId);
        return this;
    }

    public Message at(Instant timestamp) {
        node.put("timestamp", timestamp.toString());
        return this;
    }

    /** A timestamp as written, e.g. with an offset: {@code 2026-03-01T10:00:00+08:00}. */
    public Message at(String timestamp) {
        node.put("timestamp", timestamp);
        return this;
    }

    public Message brand(long brandId) {
        context().put("brand", brandId);
        return this;
    }

    /** The brand by its name, as a storefront that does not know its id sends it. */
    public Message brand(String name) {
        context().put("brand", name);
        return this;
    }

    public Message channel(String channel) {
        context().put("channel", channel);
        return this;
    }

    public Message field(String field) {
        context().put("field", field);
        return this;
    }

    /** One of the person's identities in {@code context.identities}, e.g. {@code ("phone", "138…")}. */
    public Message identity(String type, String value) {
        ObjectNode context = context();
        ObjectNode identities =
                context.has("identities") ? (ObjectNode) context.get("identities") : context.putObject("identities");
        identities.put(type, value);
        return this;
    }

    /** Several identities, by type. */
    public Message identities(Map<String, String> identities) {
        identities.forEach(this::identity);
        return this;
    }

    public Message property(String name, Object value) {
        put(object("properties"), name, value);
        return this;
    }

    /** Properties from a JSON object, for nested values (products, consent, …). */
    public Message properties(String json) {
        object("properties").setAll((ObjectNode) JSON.readTree(json));
        return this;
    }

    public Message trait(String name, Object value) {
        put(object("traits"), name, value);
        return this;
    }

    /** Traits from a JSON object, for nested values ({@code consent}, …). */
    public Message traits(String json) {
        object("traits").setAll((ObjectNode) JSON.readTree(json));
        return this;
    }

    /** The path it is sent to: {@code /v1/{type}}. */
    public String type() {
        return type;
    }

    public String json() {
        return node.toString();
    }

    /** The message as an element of a {@code /v1/batch} call: with its {@code type}. */
    public String batchElement() {
        return node.deepCopy().put("type", type).toString();
    }

    /** A {@code /v1/batch} body of {@code messages}. */
    public static String batch(java.util.List<Message> messages) {
        return messages.stream()
                .map(Message::batchElement)
                .collect(java.util.stream.Collectors.joining(",", "{\"batch\":[", "]}"));
    }

    @Override
    public String toString() {
        return type + " " + json();
    }

    private ObjectNode context() {
        return object("context");
    }

    private ObjectNode object(String name) {
        return node.has(name) ? (ObjectNode) node.get(name) : node.putObject(name);
    }

    private static void put(ObjectNode object, String name, Object value) {
        if (value == null) {
            object.putNull(name);
        } else if (value instanceof String s) {
            object.put(name, s);
        } else if (value instanceof Integer i) {
            object.put(name, i);
        } else if (value instanceof Long l) {
            object.put(name, l);
        } else if (value instanceof BigDecimal d) {
            object.put(name, d);
        } else if (value instanceof Boolean b) {
            object.put(name, b);
        } else {
            throw new IllegalArgumentException(name + ": a string, number or boolean, not " + value);
        }
    }
}
