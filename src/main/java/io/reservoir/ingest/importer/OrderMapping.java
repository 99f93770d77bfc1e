package io.reservoir.ingest.importer;

import io.reservoir.ingest.EventNames;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generic orders file. One row per order, or one row per item with the order's columns repeated
 * ({@code product_id}, {@code sku}, {@code product_name}, {@code category}, {@code price}, {@code
 * quantity} describe the item). Columns: {@code order_id}, an identity column ({@code member_no},
 * {@code phone}, {@code user_id}, {@code tmall_ouid}, …), {@code paid_at}, {@code total} (yuan; when
 * the file has none, Σ price × quantity of the order's lines, computed exactly and rounded half
 * up to the fen, since a unit price may have up to 4 decimals), {@code currency},
 * {@code coupon}, {@code guide_code}, {@code share_code},
 * {@code refunded} (the refunded amount in yuan, or {@code true}/{@code all} for the whole order),
 * {@code refunded_at} (default {@code paid_at}), {@code brand}, {@code channel}; other columns are
 * kept as order properties.
 *
 * <p>An order is an {@code Order Completed} with message id {@code import:orders:<brand:>order_id},
 * and when refunded an {@code Order Refunded} with {@code import:orders:<brand:>order_id:refund}.
 *
 * <p><b>Grouping.</b> The rows of one order are the rows with its {@code order_id} (and {@code
 * brand}) anywhere in the file, adjacent or not: an order interrupted by another order's rows is
 * still imported whole, once, when its first row is reached (the importer finds the other blocks in
 * a first pass over the file and reads them there).
 *
 * <p><b>Returns.</b> An order whose total is negative, or all of whose lines have a negative
 * quantity (a shop's return invoice such as {@code C536379}), is rejected as negative unless {@code
 * --negative-orders returns}: then it is a return of its own ({@link OrderLines#refund}), refund id
 * its order id, amount the absolute total. Lines partly bought and partly returned are rejected.
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
    private final ImportRequest.NegativeOrders negativeOrders;

    OrderMapping(MessageFactory messages) {
        this(messages, ImportRequest.NegativeOrders.REJECT);
    }

    OrderMapping(MessageFactory messages, ImportRequest.NegativeOrders negativeOrders) {
        this.messages = messages;
        this.negativeOrders = negativeOrders;
    }

    @Override
    public Set<String> knownColumns() {
        Set<String> known = new TreeSet<>(MessageFactory.IDENTITY_COLUMNS);
        for (Set<String> columns : List.of(ORDER_COLUMNS, ITEM_COLUMNS)) {
            known.addAll(columns);
        }
        return known;
    }

    @Override
    public void checkHeader(List<String> columns) {
        for (String required : List.of("order_id", "paid_at")) {
            if (!columns.contains(required)) {
                throw ImportRefused.file("an orders file needs the column " + required + "; its columns are " + columns
                        + (columns.contains("订单编号") ? " (a Tmall export? use --layout tmall)" : ""));
            }
        }
        if (!columns.contains("total") && !(columns.contains("price") && columns.contains("quantity"))) {
            throw ImportRefused.file(
                    "an orders file needs the column total, or price and quantity on every line; its columns are "
                            + columns);
        }
        if (columns.stream().noneMatch(MessageFactory.IDENTITY_COLUMNS::contains)) {
            throw ImportRefused.file("an orders file needs a customer identity column (one of "
                    + String.join(", ", MessageFactory.IDENTITY_COLUMNS) + "); its columns are " + columns);
        }
    }

    /** Rows of one order share its id (and brand); they need not be adjacent (see the class comment). */
    @Override
    public String groupKey(Row row) {
        return documentKey(row, "order_id");
    }

    /** {@code brand:id}, or the id alone; null when the row has no id. */
    static String documentKey(Row row, String idColumn) {
        String id = row.get(idColumn);
        if (id == null) {
            return null;
        }
        String brand = row.get("brand");
        return brand == null ? id : brand + ":" + id;
    }

    @Override
    public Mapped map(List<Row> group) {
        Row first = group.get(0);
        String orderId = required(first, "order_id");
        String paidAt = messages.time("paid_at", required(first, "paid_at"));
        OrderLines lines = OrderLines.of(group);
        lines.requireOneSign("order " + orderId);
        BigDecimal total = total(group, orderId, lines);
        boolean negative = total.signum() < 0 || lines.allReturned();
        Money.Conversion money = messages.money(first);
        if (negative) {
            if (negativeOrders != ImportRequest.NegativeOrders.RETURNS) {
                boolean stated = group.stream().anyMatch(r -> r.get("total") != null);
                throw new RowRejected(
                        stated ? "total" : "quantity",
                        "is negative (" + total.toPlainString() + "): a return? --negative-orders returns imports it"
                                + " as a refund of its own, or import returns with --type refunds");
            }
            return new Mapped.Messages(List.of(OrderLines.refund(
                    messages,
                    first,
                    orderId,
                    null,
                    paidAt,
                    total.abs(),
                    lines.products(messages, money, true),
                    money)));
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
        String written = total.toPlainString();
        properties.put("total", money.convert(written));
        OrderLines.putCurrency(properties, money, written);
        for (String column : List.of("coupon", "guide_code", "share_code")) {
            String value = first.get(column);
            if (value != null) {
                properties.put(column, value);
            }
        }
        ArrayNode products = lines.products(messages, money, false);
        if (!products.isEmpty()) {
            properties.set("products", products);
        }
        for (String column : first.columns()) {
            if (column.isEmpty()
                    || ORDER_COLUMNS.contains(column)
                    || ITEM_COLUMNS.contains(column)
                    || MessageFactory.IDENTITY_COLUMNS.contains(column)
                    || properties.has(column)) {
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
            ObjectNode refund = refund(first, key, orderId, refunded, paidAt, identities, money);
            if (refund != null) {
                out.add(refund);
            }
        }
        return new Mapped.Messages(out);
    }

    /** The {@code total} column (a leading minus is a return), else Σ price × quantity of the lines. */
    private static BigDecimal total(List<Row> group, String orderId, OrderLines lines) {
        BigDecimal total = lines.amount(group, "total", "order " + orderId, true);
        if (total == null) {
            throw new RowRejected(
                    "total",
                    "is required: the amount paid, in yuan (or price and quantity on every line of the order)");
        }
        return total;
    }

    private ObjectNode refund(
            Row row,
            String key,
            String orderId,
            String refunded,
            String paidAt,
            ObjectNode identities,
            Money.Conversion money) {
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
                at == null ? paidAt : messages.time("refunded_at", at),
                row);
        ((ObjectNode) refund.get("context")).set("identities", identities.deepCopy());
        String userId = row.get("user_id");
        if (userId != null) {
            refund.put("userId", userId);
        }
        ObjectNode properties = refund.putObject("properties");
        properties.put("order_id", orderId);
        if (amount != null) {
            properties.put("total", money.convert(amount));
            OrderLines.putCurrency(properties, money, amount);
        } else if (money.currency() != null) {
            properties.put("currency", money.currency());
        }
        return refund;
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
