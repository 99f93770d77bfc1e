package io.reservoir.ingest.importer;

import io.reservoir.ingest.EventNames;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The order export of the Tmall/Taobao seller back-end (订单报表), Chinese headers, usually GBK.
 *
 * <ul>
 *   <li>订单编号 → {@code order_id}; 买家会员名 → identity {@code taobao_nick}; 联系手机 → identity
 *       {@code phone} (masked numbers such as {@code 138****0000} are not identities and are dropped)
 *   <li>买家实际支付金额 (or 实付金额, else 买家应付货款) → {@code total}; 订单付款时间 (or 付款时间, 支付时间) →
 *       {@code timestamp}
 *   <li>宝贝标题 and 宝贝总数量 (or 数量) → one product; 订单状态 and 店铺名称 are kept as properties; the
 *       province and city of 收货地址 too, but not the address or the recipient's name
 *   <li>退款金额 &gt; 0 → an {@code Order Refunded} of that amount, at the payment time (the export has no
 *       refund time)
 *   <li>an order without payment time (交易关闭 unpaid, 等待买家付款) is skipped with its status as the reason
 * </ul>
 *
 * Channel {@code tmall} unless {@code --channel} says otherwise.
 */
final class TmallOrderMapping implements RowMapping {

    static final String ORDER_ID = "订单编号";
    static final String NICK = "买家会员名";
    static final String PHONE = "联系手机";
    static final String STATUS = "订单状态";
    static final String REFUND = "退款金额";
    static final String TITLE = "宝贝标题";
    static final String SHOP = "店铺名称";
    static final String ADDRESS = "收货地址";
    static final List<String> PAID = List.of("买家实际支付金额", "实付金额", "买家应付货款");
    static final List<String> PAID_AT = List.of("订单付款时间", "付款时间", "支付时间");
    static final List<String> QUANTITY = List.of("宝贝总数量", "数量");

    private final MessageFactory messages;

    TmallOrderMapping(MessageFactory messages) {
        this.messages = messages;
    }

    @Override
    public void checkHeader(List<String> columns) {
        if (!columns.contains(ORDER_ID)) {
            throw ImportRefused.file(
                    "a Tmall order export needs the column " + ORDER_ID + "; its columns are " + columns);
        }
        if (PAID.stream().noneMatch(columns::contains)) {
            throw ImportRefused.file("a Tmall order export needs a paid amount column (one of " + PAID + ")");
        }
        if (PAID_AT.stream().noneMatch(columns::contains)) {
            throw ImportRefused.file("a Tmall order export needs a payment time column (one of " + PAID_AT + ")");
        }
    }

    @Override
    public Mapped map(List<Row> group) {
        Row row = group.get(0);
        String orderId = row.get(ORDER_ID);
        if (orderId == null) {
            throw new RowRejected(ORDER_ID, "is required");
        }
        String status = row.get(STATUS);
        String paidAtColumn = first(row, PAID_AT);
        if (paidAtColumn == null) {
            return new Mapped.Skipped((status == null ? "未付款" : status) + " without payment");
        }
        String paidAt = messages.time(paidAtColumn, row.get(paidAtColumn));
        String paidColumn = first(row, PAID);
        if (paidColumn == null) {
            throw new RowRejected(PAID.get(0), "is required for a paid order");
        }
        String total = Cells.amount(paidColumn, row.get(paidColumn));

        ObjectNode order =
                messages.track(MessageIds.of("import:tmall:", orderId), EventNames.ORDER_COMPLETED, paidAt, row);
        ObjectNode identities = ((ObjectNode) order.get("context")).putObject("identities");
        String nick = row.get(NICK);
        String phone = phone(row.get(PHONE));
        if (nick != null) {
            identities.put("taobao_nick", nick);
        }
        if (phone != null) {
            identities.put("phone", phone);
        }
        if (nick == null && phone == null) {
            throw new RowRejected(NICK, "no buyer identity: neither 买家会员名 nor an unmasked 联系手机");
        }
        ObjectNode properties = order.putObject("properties");
        properties.put("order_id", orderId);
        properties.put("total", total);
        String title = row.get(TITLE);
        String quantityColumn = first(row, QUANTITY);
        if (title != null || quantityColumn != null) {
            ObjectNode item = properties.putArray("products").addObject();
            if (title != null) {
                item.put("name", title);
            }
            if (quantityColumn != null) {
                item.put("quantity", Cells.quantity(quantityColumn, row.get(quantityColumn)));
            }
        }
        if (status != null) {
            properties.put("status", status);
        }
        String shop = row.get(SHOP);
        if (shop != null) {
            properties.put("shop", shop);
        }
        String address = row.get(ADDRESS);
        if (address != null) {
            String[] parts = address.split("\\s+");
            if (parts.length >= 2) {
                properties.put("ship_province", parts[0]);
                properties.put("ship_city", parts[1]);
            }
        }
        List<ObjectNode> out = new ArrayList<>(2);
        out.add(order);
        String refund = row.get(REFUND);
        if (refund != null) {
            String amount = Cells.amount(REFUND, refund);
            if (!Cells.isZero(amount)) {
                ObjectNode refunded = messages.track(
                        MessageIds.of("import:tmall:", orderId + ":refund"), EventNames.ORDER_REFUNDED, paidAt, row);
                ((ObjectNode) refunded.get("context")).set("identities", identities.deepCopy());
                ObjectNode p = refunded.putObject("properties");
                p.put("order_id", orderId);
                p.put("total", amount);
                out.add(refunded);
            }
        }
        return new Mapped.Messages(out);
    }

    /** Intake's field names in the export's own words. */
    @Override
    public String column(String intakeField, ObjectNode message) {
        if (intakeField == null) {
            return "";
        }
        boolean refund = EventNames.ORDER_REFUNDED.equals(message.path("event").asString());
        return switch (intakeField) {
            case "properties.total" -> refund ? REFUND : PAID.get(0);
            case "properties.order_id" -> ORDER_ID;
            case "timestamp" -> PAID_AT.get(0);
            case "context.identities.phone" -> PHONE;
            case "context.identities.taobao_nick" -> NICK;
            default -> RowMapping.super.column(intakeField, message);
        };
    }

    /** Exports mask some numbers ({@code 138****0000}) and prefix others with a quote to keep them text. */
    private static String phone(String value) {
        if (value == null) {
            return null;
        }
        String phone = value.startsWith("'") ? value.substring(1).strip() : value;
        return phone.isEmpty() || phone.contains("*") ? null : phone;
    }

    private static String first(Row row, List<String> columns) {
        for (String column : columns) {
            if (row.get(column) != null) {
                return column;
            }
        }
        return null;
    }
}
