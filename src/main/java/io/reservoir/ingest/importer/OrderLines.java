package io.reservoir.ingest.importer;

import io.reservoir.ingest.EventNames;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The item rows of one document (an order or a return): {@code product_id}, {@code sku}, {@code
 * product_name}, {@code category}, {@code price}, {@code quantity}. Shared by the orders and the
 * refunds mapping, which is also where a return imported from an orders file is built.
 */
final class OrderLines {

    /** One row's item; price and quantity null when the row has none. */
    record Line(Row row, BigDecimal price, Integer quantity) {}

    private final List<Line> lines;

    private OrderLines(List<Line> lines) {
        this.lines = lines;
    }

    /** Reads every row's price and quantity; a quantity may be negative (a returned line). */
    static OrderLines of(List<Row> group) {
        List<Line> lines = new ArrayList<>(group.size());
        for (Row row : group) {
            String price = row.get("price");
            String quantity = row.get("quantity");
            lines.add(new Line(
                    row,
                    price == null ? null : Cells.unitPrice("price", price),
                    quantity == null ? null : Cells.signedQuantity("quantity", quantity)));
        }
        return new OrderLines(lines);
    }

    /** Σ price × quantity, exact (round it to the fen: a unit price may have 4 decimals); null unless every row has both. */
    BigDecimal sum() {
        BigDecimal sum = BigDecimal.ZERO;
        for (Line line : lines) {
            if (line.price() == null || line.quantity() == null) {
                return null;
            }
            sum = sum.add(line.price().multiply(BigDecimal.valueOf(line.quantity())));
        }
        return sum;
    }

    /** True when every row has a quantity and each is negative: the lines of a return. */
    /**
     * The document's amount: its {@code column}, on which all its rows must agree (with {@code
     * signed}, a leading minus is kept: a return), else Σ price × quantity of its lines, rounded
     * half up to the fen; null when it has neither.
     *
     * @param document how a disagreement names the document, e.g. "order 536365"
     */
    BigDecimal amount(List<Row> group, String column, String document, boolean signed) {
        BigDecimal agreed = null;
        for (Row row : group) {
            String value = row.get(column);
            if (value == null) {
                continue;
            }
            BigDecimal amount = signed && value.startsWith("-")
                    ? new BigDecimal(Cells.amount(column, value.substring(1).strip())).negate()
                    : new BigDecimal(Cells.amount(column, value));
            if (agreed == null) {
                agreed = amount;
            } else if (agreed.compareTo(amount) != 0) {
                throw new RowRejected(
                        column,
                        "rows of " + document + " disagree on the " + column + " (" + agreed.toPlainString() + " and "
                                + amount.toPlainString() + ")");
            }
        }
        if (agreed != null) {
            return agreed;
        }
        BigDecimal sum = sum();
        return sum == null ? null : sum.setScale(2, RoundingMode.HALF_UP);
    }

    boolean allReturned() {
        return lines.stream().allMatch(l -> l.quantity() != null && l.quantity() < 0);
    }

    /**
     * Refuses a document whose lines are partly bought and partly returned: its total would say
     * neither what was paid nor what was refunded.
     */
    void requireOneSign(String document) {
        boolean negative = lines.stream().anyMatch(l -> l.quantity() != null && l.quantity() < 0);
        if (negative && !allReturned()) {
            Line first = lines.stream()
                    .filter(l -> l.quantity() != null && l.quantity() < 0)
                    .findFirst()
                    .orElseThrow();
            throw new RowRejected(
                    "quantity",
                    "'" + first.quantity() + "' is negative in " + document
                            + " whose other lines are not: a return is a document of its own");
        }
    }

    /**
     * The products of the message: only what a row says (no empty keys), prices in the brand's
     * currency, quantities as bought or returned ({@code absolute}: a return's quantities are
     * positive). Kept short on purpose: an order of a thousand lines must fit intake's limit.
     */
    ArrayNode products(MessageFactory messages, Money.Conversion money, boolean absolute) {
        ArrayNode products = messages.array();
        for (Line line : lines) {
            Row row = line.row();
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
            if (line.price() != null) {
                item.put("price", money.convert(line.price().toPlainString()));
            }
            if (line.quantity() != null) {
                item.put("quantity", absolute ? Math.abs(line.quantity()) : line.quantity());
            }
            if (!item.isEmpty()) {
                products.add(item);
            }
        }
        return products;
    }

    /**
     * A return as a document of its own: an {@code Order Refunded} with message id {@code
     * import:refunds:<brand:>refund_id} and properties {@code refund_id}, {@code order_id} (when the
     * order returned is known), {@code total} and {@code products}.
     *
     * @param amount the amount refunded in the file's currency, positive
     */
    static ObjectNode refund(
            MessageFactory messages,
            Row first,
            String refundId,
            String orderId,
            String at,
            BigDecimal amount,
            ArrayNode products,
            Money.Conversion money) {
        if (amount.signum() == 0) {
            throw new RowRejected("amount", "is 0: a refund returns some money");
        }
        String brand = first.get("brand");
        ObjectNode refund = messages.track(
                MessageIds.of("import:refunds:", brand == null ? refundId : brand + ":" + refundId),
                EventNames.ORDER_REFUNDED,
                at,
                first);
        ObjectNode identities = ((ObjectNode) refund.get("context")).putObject("identities");
        if (!messages.identities(first, refund, identities) && orderId == null) {
            throw MessageFactory.noIdentity();
        }
        ObjectNode properties = refund.putObject("properties");
        properties.put("refund_id", refundId);
        if (orderId != null) {
            properties.put("order_id", orderId);
        }
        String total = amount.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
        properties.put("total", money.convert(total));
        putCurrency(properties, money, total);
        if (products != null && !products.isEmpty()) {
            properties.set("products", products);
        }
        return refund;
    }

    /** {@code currency}, and {@code original_currency}/{@code original_total} when converted. */
    static void putCurrency(ObjectNode properties, Money.Conversion money, String originalTotal) {
        if (money.currency() != null) {
            properties.put("currency", money.currency());
        }
        if (money.converts()) {
            properties.put("original_currency", money.source());
            properties.put("original_total", originalTotal);
        }
    }
}
