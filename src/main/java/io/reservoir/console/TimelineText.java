package io.reservoir.console;

import io.reservoir.ingest.CustomerTimeline;
import io.reservoir.ingest.EventNames;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import tools.jackson.databind.JsonNode;

/**
 * An event of the customer timeline in the reader's words: "Order ¥299.00 · Tmall · 2 items",
 * "Refund ¥99.00", "Viewed product 连衣裙", "Profile updated: name, city"; other events by their
 * translated name ({@code event.<Name_With_Underscores>}, the name as sent when there is none).
 */
final class TimelineText {

    /** An event as the timeline row shows it: what happened, where, in which field. */
    record Line(String text, String channel, String field) {}

    private final MessageSource messages;
    private final Locale locale;

    TimelineText(MessageSource messages, Locale locale) {
        this.messages = messages;
        this.locale = locale;
    }

    Line line(CustomerTimeline.Event e) {
        String channel = e.channel() == null ? "" : label("business.channel." + e.channel(), e.channel());
        return new Line(
                EventNames.ORDER_COMPLETED.equals(e.event()) ? order(e.properties(), channel) : text(e),
                channel,
                e.field() == null ? "" : label("fast.field." + e.field(), e.field()));
    }

    /** The translated name of an event ({@code Order Completed} → {@code event.Order_Completed}). */
    String eventName(String name) {
        return label("event." + name.strip().replace(' ', '_'), name);
    }

    /** An attribute's name in the reader's words; a trait that is an identity by its type's name. */
    String attributeName(String name) {
        return label("customer.attr." + name, label("customer.idType." + name, name));
    }

    /** An attribute's value; the values of a closed set ({@code gender}: female, male) in the reader's words. */
    String attributeValue(String name, Object value) {
        return value == null ? "" : label("customer.attrValue." + name + "." + value, value.toString());
    }

    private String text(CustomerTimeline.Event e) {
        JsonNode p = e.properties();
        if ("identify".equals(e.type())) {
            List<String> names = new ArrayList<>();
            if (e.traits() != null) {
                e.traits().propertyNames().forEach(name -> names.add(attributeName(name)));
            }
            return names.isEmpty()
                    ? message("timeline.identify")
                    : message("timeline.identifyNames", String.join(separator(), names));
        }
        if ("page".equals(e.type()) || "screen".equals(e.type())) {
            return message("timeline.page", e.event() == null ? "" : e.event());
        }
        if (e.event() == null) {
            return label("timeline.type." + e.type(), e.type());
        }
        return switch (e.event()) {
            case EventNames.ORDER_COMPLETED -> order(p, "");
            case EventNames.ORDER_REFUNDED -> {
                String amount = money(p);
                yield amount == null ? eventName(e.event()) : message("timeline.refund", amount);
            }
            case EventNames.PRODUCT_VIEWED, EventNames.PRODUCT_ADDED -> {
                String product = text(p, "name") != null ? text(p, "name") : text(p, "product_id");
                yield product == null
                        ? eventName(e.event())
                        : message(
                                e.event().equals(EventNames.PRODUCT_VIEWED) ? "timeline.viewed" : "timeline.added",
                                product);
            }
            default -> eventName(e.event());
        };
    }

    /** "Order ¥299.00 · Tmall · 2 items · 连衣裙、T恤" (the channel left out when empty). */
    private String order(JsonNode p, String channel) {
        List<String> parts = new ArrayList<>();
        String amount = money(p);
        parts.add(amount == null ? eventName(EventNames.ORDER_COMPLETED) : message("timeline.order", amount));
        if (!channel.isEmpty()) {
            parts.add(channel);
        }
        JsonNode products = p == null ? null : p.get("products");
        if (products != null && products.isArray() && !products.isEmpty()) {
            long items = 0;
            List<String> names = new ArrayList<>();
            for (JsonNode product : products) {
                JsonNode quantity = product.get("quantity");
                items += quantity != null && quantity.canConvertToLong() ? Math.max(0, quantity.asLong()) : 1;
                String name = text(product, "name");
                if (name != null && names.size() < 3) {
                    names.add(name);
                }
            }
            parts.add(message("timeline.items", BusinessFormat.count(items)));
            if (!names.isEmpty()) {
                parts.add(String.join(separator(), names));
            }
        }
        return String.join(" · ", parts);
    }

    /** {@code total} (or {@code revenue}) in yuan with thousands separators; null when not a number. */
    private static String money(JsonNode p) {
        String total = text(p, "total") != null ? text(p, "total") : text(p, "revenue");
        if (total == null) {
            return null;
        }
        try {
            return BusinessFormat.money(new BigDecimal(total), "CNY");
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(name);
        if (value == null || value.isNull() || value.isContainer()) {
            return null;
        }
        String text = value.asString().strip();
        return text.isEmpty() ? null : text;
    }

    private String separator() {
        return message("timeline.separator");
    }

    private String label(String key, String fallback) {
        return messages.getMessage(key, null, fallback, locale);
    }

    private String message(String key, Object... args) {
        return messages.getMessage(key, args, locale);
    }
}
