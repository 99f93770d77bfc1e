package io.reservoir.insight;

import java.util.LinkedHashMap;
import java.util.Map;

/** The definitions sent with every FAST+ answer; docs/metrics.md holds them in full. */
final class FastDefinitions {

    private FastDefinitions() {}

    static final Map<String, String> ALL = definitions();

    private static Map<String, String> definitions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(
                "period",
                "Whole calendar days in the brand's time zone, from start (included) to end (excluded); "
                        + "figures use all data known when computed, refunds belong to their order.");
        d.put(
                "capital",
                "可持续运营私域关系数: customers holding at least one relation with the brand at the end of the period.");
        d.put(
                "layer",
                "basic 基础私域用户: not a member; member 未购会员: member, no member purchase day in the period; "
                        + "purchased 已购会员: one member purchase day; repeat 复购会员: two or more; koc 品牌KOC: repeat and "
                        + "propagated successfully in the period. A member purchase day is a day with orders paid as a member "
                        + "whose net amount together is above zero.");
        d.put(
                "capitalByField",
                "Customers holding a relation in the field at the end of the period (once per field held).");
        d.put(
                "conversion",
                "角色关系加深效率: customers whose layer at the end of the period is deeper than at the end "
                        + "of the previous period (none is shallowest) ÷ Capital at the end of the previous period.");
        d.put(
                "transitions",
                "Customers by layer at the end of the previous period (row) and of this period (column); "
                        + "the none row entered, the none column left.");
        d.put(
                "connection",
                "场域引力 per field: visitors of the field in the period who held a relation there at some "
                        + "time in the period ÷ visitors of the field in the period.");
        d.put(
                "clv",
                "角色关系价值 at the end of the period: own net GMV with the brand + net GMV of others' orders "
                        + "attributed to the customer's shares (within the attribution window), for customers with a layer.");
        return java.util.Collections.unmodifiableMap(d);
    }
}
