package io.reservoir.ingest.importer;

import io.reservoir.ingest.EventNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generic orders file. One row per order, or one row per item with the order's columns repeated
 * on adjacent rows ({@code product_id}, {@code sku}, {@code product_name}, {@code category},
 * {@code price}, {@code quantity} describe the item). Columns: {@code order_id}, an identity column
 * ({@code member_no}, {@code phone}, {@code user_id}, {@code tmall_ouid}, …), {@code paid_at},
 * {@code total} (yuan), {@code currency}, {@code coupon}, {@code guide_code}, {@code share_code},
 * {@code refunded} (the refunded amount in yuan, or {@code true}/{@code all} for the whole order),
 * {@code refunded_at} (default {@code paid_at}), {@code brand}, {@code channel}; other columns are
 * kept as order properties.
 *
 * <p>An order is an {@code Order Completed} with message id {@code import:orders:<order_id>}, and
 * when refunded an {@code Order Refunded} with {@code import:orders:<order_id>:refund}.
 */
final class OrderMapping implements RowMapping {

    private static final Set<String> ITEM_COLUMNS =
            Set.of("product_id", "sku", "product_name", "category", "price", "quantity");
    private static final Set<String> ORDER_COLUMNS = Set.of(
            "order_id",
            "paid_at",
            "total",
            "currency",
            "coupon",
            "guide_code",
            "share_code",
            "refunded",
            "refunded_at",
            "brand",
            "channel");

    private final MessageFactory messages;

    OrderMapping(MessageFactory messages) {
        this.messages = messages;
    }

    @Override
    public void checkHeader(List<String> columns) {
        for (String required : List.of("order_id", "total", "paid_at")) {
            if (!columns.contains(required)) {
                throw ImportRefused.file("an orders file needs the column " + required + "; its columns are " + columns
                        + (columns.contains("订单编号") ? " (a Tmall export? use --layout tmall)" : ""));
            }
        }
        if (columns.stream().noneMatch(MessageFactory.IDENTITY_COLUMNS::contains)) {
            throw ImportRefused.file("an orders file needs a customer identity column (one of "
                    + String.join(", ", MessageFactory.IDENTITY_COLUMNS) + "); its columns are " + columns);
        }
    }

    @Override
    public String groupKey(Row row) {
        return row.get("order_id");
    }

    @Override
    public Mapped map(List<Row> group) {
        Row first = group.get(0);
        String orderId = required(first, "order_id");
        String paidAt = Cells.time("paid_at", required(first, "paid_at"));
        String total = null;
        for (Row row : group) {
            String value = row.get("total");
            if (value == null) {
                continue;
            }
            String amount = Cells.amount("total", value);
            if (total == null) {
                total = amount;
            } else if (!total.equals(amount)) {
                throw new RowRejected(
                        "total",
                        "rows of order " + orderId + " disagree on the total (" + total + " and " + amount + ")");
            }
        }
        if (total == null) {
            throw new RowRejected("total", "is required: the amount paid, in yuan");
        }
        String brand = first.get("brand");
        String key = brand == null ? orderId : brand + ":" + orderId;

        ObjectNode order =
                messages.track(MessageIds.of("import:orders:", key), EventNames.ORDER_COMPLETED, paidAt, first);
        ObjectNode identities = ((ObjectNode) order.get("context")).putObject("identities");
        if (!messages.identities(first, order, identities)) {
            throw MessageFactory.noIdentity();
        }
        ObjectNode properties = order.putObject("properties");
        properties.put("order_id", orderId);
        properties.put("total", total);
        for (String column : List.of("currency", "coupon", "guide_code", "share_code")) {
            String value = first.get(column);
            if (value != null) {
                properties.put(column, value);
            }
        }
        ArrayNode products = products(group);
        if (!products.isEmpty()) {
            properties.set("products", products);
        }
        for (String column : first.columns()) {
            if (column.isEmpty()
                    || ORDER_COLUMNS.contains(column)
                    || ITEM_COLUMNS.contains(column)
                    || MessageFactory.IDENTITY_COLUMNS.contains(column)) {
                continue;
            }
            String value = first.get(column);
            if (value != null) {
                properties.put(column, value);
            }
        }
        List<ObjectNode> out = new ArrayList<>(2);
        out.add(order);
        String refunded = first.get("refunded");
        if (refunded != null) {
            ObjectNode refund = refund(first, key, orderId, refunded, paidAt, identities);
            if (refund != null) {
                out.add(refund);
            }
        }
        return new Mapped.Messages(out);
    }

    private ObjectNode refund(
            Row row, String key, String orderId, String refunded, String paidAt, ObjectNode identities) {
        String amount = null;
        switch (refunded.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "all" -> {}
            case "false", "no" -> {
                return null;
            }
            default -> {
                amount = Cells.amount("refunded", refunded);
                if (Cells.isZero(amount)) {
                    return null;
                }
            }
        }
        String at = row.get("refunded_at");
        ObjectNode refund = messages.track(
                MessageIds.of("import:orders:", key + ":refund"),
                EventNames.ORDER_REFUNDED,
                at == null ? paidAt : Cells.time("refunded_at", at),
                row);
        ((ObjectNode) refund.get("context")).set("identities", identities.deepCopy());
        String userId = row.get("user_id");
        if (userId != null) {
            refund.put("userId", userId);
        }
        ObjectNode properties = refund.putObject("properties");
        properties.put("order_id", orderId);
        if (amount != null) {
            properties.put("total", amount);
        }
        return refund;
    }

    private ArrayNode products(List<Row> group) {
        ArrayNode products = messages.array();
        for (Row row : group) {
            ObjectNode item = messages.object();
            for (String column : List.of("product_id", "sku", "category")) {
                String value = row.get(column);
                if (value != null) {
                    item.put(column, value);
                }
            }
            String name = row.get("product_name");
            if (name != null) {
                item.put("name", name);
            }
            String price = row.get("price");
            if (price != null) {
                item.put("price", Cells.amount("price", price));
            }
            String quantity = row.get("quantity");
            if (quantity != null) {
                item.put("quantity", Cells.quantity("quantity", quantity));
            }
            if (!item.isEmpty()) {
                products.add(item);
            }
        }
        return products;
    }

    /** A refund's {@code properties.total} is the file's {@code refunded} column. */
    @Override
    public String column(String intakeField, ObjectNode message) {
        if ("properties.total".equals(intakeField)
                && EventNames.ORDER_REFUNDED.equals(message.path("event").asString())) {
            return "refunded";
        }
        return RowMapping.super.column(intakeField, message);
    }

    private static String required(Row row, String column) {
        String value = row.get(column);
        if (value == null) {
            throw new RowRejected(column, "is required");
        }
        return value;
    }
}
