package io.reservoir.insight;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The definitions sent with the business reports; docs/metrics.md holds them in full. */
final class BusinessDefinitions {

    private BusinessDefinitions() {}

    static final Map<String, String> ALL = definitions();

    private static Map<String, String> definitions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(
                "scope",
                "Orders of the brand paid in the period (of the channel, if given), by customers who held a relation "
                        + "in the field at some time in the period (if given). Refunds belong to their order, whenever made, up to what it was paid; "
                        + "a refund that names no order belongs to the period (and channel) it was made in.");
        d.put(
                "currency",
                "Money figures (unit money) are in the brand's currency (currency, ISO 4217), exact to the hundredth; "
                        + "the brand's orders and refunds are all in it.");
        d.put(
                "gmv",
                "成交额: net amount (paid − refunded) of the orders, less the refunds that name no order made in the period.");
        d.put(
                "refundRate",
                "退款率: refunded (with the refunds that name no order) ÷ paid, by amount; refundedOrderRate: orders "
                        + "with a refund ÷ orders.");
        d.put("memberGmvShare", "会员成交占比: GMV of orders paid while a member ÷ GMV.");
        d.put("aov", "笔单价: GMV ÷ orders (memberAov: member GMV ÷ member orders); spendPerBuyer 客单价: GMV ÷ buyers.");
        d.put(
                "buyers",
                "购买人数: customers with a purchase day, a day whose orders have a net amount above zero together.");
        d.put(
                "repurchaseRate",
                "复购率: buyers with two or more purchase days ÷ buyers; memberRepurchaseRate: the same over "
                        + "member purchase days.");
        d.put(
                "newMembers",
                "新增会员: customers whose first-ever membership began in the period; by the channel they joined "
                        + "through, and by the other fields they held when joining (none: no other).");
        d.put(
                "firstPurchase",
                "入会到首购: members whose first purchase as a member (net above zero) fell in the period: "
                        + "calendar days from joining to it; median is the lower middle.");
        d.put(
                "cohorts",
                "入会月留存: customers by month of first joining (twelve months up to the period's last day), and how "
                        + "many of each had a purchase day in each later month (the last cut at the period's end).");
        d.put(
                "topProducts",
                "分层热销商品: units (quantity) per product in orders paid in the period, by the buyer's FAST+ layer "
                        + "at the end of the period; top ten, ties by product id.");
        d.put(
                "changes",
                "fromPrevious / fromYearEarlier: value − earlier value, and that ÷ the earlier value (4 decimals).");
        return Collections.unmodifiableMap(d);
    }
}
