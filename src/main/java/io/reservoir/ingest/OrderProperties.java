package io.reservoir.ingest;

import static io.reservoir.ingest.MessageValues.MAX_ID;
import static io.reservoir.ingest.MessageValues.id;
import static io.reservoir.ingest.MessageValues.requiredId;
import static io.reservoir.ingest.MessageValues.text;

import io.reservoir.ingest.MessageValues.Fields;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brand;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The properties of an {@code Order Completed} and an {@code Order Refunded}: amounts, currency, lines. */
final class OrderProperties {

    private OrderProperties() {}

    static boolean isOrderEvent(JsonNode message) {
        JsonNode event = message.get("event");
        return event != null
                && (EventNames.ORDER_COMPLETED.equals(event.asString(""))
                        || EventNames.ORDER_REFUNDED.equals(event.asString("")));
    }

    /**
     * The currency of an order or a refund: the brand's books are kept in one currency, so an
     * amount in another would be added to them as if it were the brand's. An event without {@code
     * currency} is in the brand's.
     */
    static String currency(JsonNode properties, Fields f, Brand brand) {
        String currency = text(properties.get("currency"), f.at("properties.currency"), 3);
        if (currency == null) {
            return brand.currency();
        }
        if (!currency.matches("[A-Za-z]{3}")) {
            throw ReservoirException.invalid(
                    f.at("properties.currency"), "must be a 3-letter ISO 4217 code such as " + brand.currency());
        }
        String code = currency.toUpperCase(java.util.Locale.ROOT);
        if (!code.equals(brand.currency())) {
            throw ReservoirException.invalid(
                    f.at("properties.currency"),
                    "is " + code + " but brand " + brand.name() + " keeps its books in " + brand.currency()
                            + ": send amounts in " + brand.currency() + ", or import the file with --rate "
                            + code + "=<" + brand.currency() + " per " + code + ">");
        }
        return code;
    }

    /** The order book keys orders by at most this many characters (checked before logging). */
    static final int MAX_ORDER_ID = 100;

    private static String orderId(String orderId, Fields f) {
        if (orderId != null && orderId.length() > MAX_ORDER_ID) {
            throw ReservoirException.invalid(
                    f.at("properties.order_id"), "must be at most " + MAX_ORDER_ID + " characters");
        }
        return orderId;
    }

    static Incoming.Order order(JsonMapper json, JsonNode properties, Fields f, String currency) {
        String orderId = orderId(requiredId(properties.get("order_id"), f.at("properties.order_id")), f);
        long total = amount(properties, f);
        JsonNode products = properties.get("products");
        if (products != null && !products.isNull() && !products.isArray()) {
            throw ReservoirException.invalid(f.at("properties.products"), "must be an array");
        }
        return new Incoming.Order(
                orderId,
                total,
                currency,
                products == null || products.isNull() ? null : json.writeValueAsString(products),
                coupons(properties.get("coupon"), f.at("properties.coupon")),
                text(properties.get("guide_code"), f.at("properties.guide_code"), 100),
                text(properties.get("share_code"), f.at("properties.share_code"), 100));
    }

    /**
     * A refund of the order it names; without {@code order_id} a customer-level refund (a return
     * exported as its own document), which must state its amount. Its {@code refund_id} stays in
     * the payload.
     */
    static Incoming.Refund refund(JsonNode properties, Fields f) {
        String orderId = orderId(id(properties.get("order_id"), f.at("properties.order_id")), f);
        boolean stated = properties.has("total") || properties.has("revenue");
        if (orderId == null) {
            if (!stated) {
                throw ReservoirException.invalid(
                        f.at("properties.order_id"),
                        "is required, or properties.total (or revenue) for a refund that names no order");
            }
            text(properties.get("refund_id"), f.at("properties.refund_id"), MAX_ID);
        }
        return new Incoming.Refund(orderId, stated ? amount(properties, f) : null);
    }

    static long amount(JsonNode properties, Fields f) {
        String name = properties.has("total") ? "total" : "revenue";
        JsonNode node = properties.get(name);
        if (node == null || node.isNull()) {
            throw ReservoirException.invalid(f.at("properties.total"), "is required (or properties.revenue)");
        }
        return Amounts.fen(f.at("properties." + name), node);
    }

    static String coupons(JsonNode node, String field) {
        String text = text(node, field, 1000);
        if (text == null) {
            return null;
        }
        List<String> codes = new ArrayList<>();
        for (String code : text.split(",")) {
            if (!code.isBlank()) {
                codes.add(code.strip());
            }
        }
        return codes.isEmpty() ? null : String.join(",", codes);
    }
}
