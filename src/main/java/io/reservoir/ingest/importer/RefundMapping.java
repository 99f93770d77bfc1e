package io.reservoir.ingest.importer;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generic refunds file: returns as documents of their own. Columns: {@code refund_id} (required),
 * {@code order_id} (the order returned, when known), an identity column, {@code refunded_at}, {@code
 * amount} (yuan, positive) or item rows ({@code product_id}, {@code sku}, {@code product_name},
 * {@code price}, {@code quantity}) whose Σ price × quantity is the amount, {@code brand}, {@code
 * channel}, {@code currency}. The rows of one refund are grouped as an order's are, wherever they
 * are in the file; a shop's return invoice with negative quantities is read with their absolute
 * value.
 *
 * <p>Each refund is an {@code Order Refunded} with message id {@code import:refunds:<brand:>refund_id}
 * and properties {@code refund_id}, {@code order_id} (when given), {@code total}, {@code products}.
 * With an order id intake books it against that order; without one, against the customer.
 */
final class RefundMapping implements RowMapping {

    static final Set<String> COLUMNS = Set.of(
            "refund_id",
            "order_id",
            "refunded_at",
            "amount",
            "brand",
            "channel",
            "currency",
            "product_id",
            "sku",
            "product_name",
            "category",
            "price",
            "quantity");

    private final MessageFactory messages;

    RefundMapping(MessageFactory messages) {
        this.messages = messages;
    }

    @Override
    public Set<String> knownColumns() {
        Set<String> known = new TreeSet<>(MessageFactory.IDENTITY_COLUMNS);
        for (Set<String> columns : List.of(COLUMNS)) {
            known.addAll(columns);
        }
        return known;
    }

    @Override
    public void checkHeader(List<String> columns) {
        for (String required : List.of("refund_id", "refunded_at")) {
            if (!columns.contains(required)) {
                throw ImportRefused.file(
                        "a refunds file needs the column " + required + "; its columns are " + columns);
            }
        }
        if (!columns.contains("amount") && !(columns.contains("price") && columns.contains("quantity"))) {
            throw ImportRefused.file(
                    "a refunds file needs the column amount, or price and quantity on every line; its columns are "
                            + columns);
        }
        if (!columns.contains("order_id") && columns.stream().noneMatch(MessageFactory.IDENTITY_COLUMNS::contains)) {
            throw ImportRefused.file("a refunds file needs order_id or a customer identity column (one of "
                    + String.join(", ", MessageFactory.IDENTITY_COLUMNS) + "); its columns are " + columns);
        }
    }

    @Override
    public String groupKey(Row row) {
        return OrderMapping.documentKey(row, "refund_id");
    }

    @Override
    public Mapped map(List<Row> group) {
        Row first = group.get(0);
        String refundId = first.get("refund_id");
        if (refundId == null) {
            throw new RowRejected("refund_id", "is required");
        }
        String at = first.get("refunded_at");
        if (at == null) {
            throw new RowRejected("refunded_at", "is required");
        }
        String time = messages.time("refunded_at", at);
        OrderLines lines = OrderLines.of(group);
        lines.requireOneSign("refund " + refundId);
        BigDecimal amount = amount(group, refundId, lines);
        Money.Conversion money = messages.money(first);
        ObjectNode refund = OrderLines.refund(
                messages,
                first,
                refundId,
                first.get("order_id"),
                time,
                amount,
                lines.products(messages, money, true),
                money);
        return new Mapped.Messages(List.of(refund));
    }

    private static BigDecimal amount(List<Row> group, String refundId, OrderLines lines) {
        BigDecimal amount = lines.amount(group, "amount", "refund " + refundId, false);
        if (amount == null) {
            throw new RowRejected(
                    "amount", "is required: the amount refunded, in yuan (or price and quantity on every line)");
        }
        return amount.abs();
    }

    /** A refund's {@code properties.total} is the file's {@code amount} column. */
    @Override
    public String column(String intakeField, ObjectNode message) {
        if ("properties.total".equals(intakeField)) {
            return "amount";
        }
        return RowMapping.super.column(intakeField, message);
    }
}
