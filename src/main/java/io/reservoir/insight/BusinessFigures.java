package io.reservoir.insight;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass over a brand's customers for the business figures of a period (docs/metrics.md),
 * narrowed to the orders of one channel and to the customers of one field when asked: orders and
 * amounts, refunds, member orders, buyers and repeat buyers, new members with where they came
 * from, the time from joining to the first purchase as a member, and units per product by layer.
 */
final class BusinessFigures {

    /** Upper bounds (days, included) of the join-to-first-purchase buckets; the last has none. */
    static final int[] FIRST_PURCHASE_BOUNDS = {0, 7, 30, 90};

    static final String[] FIRST_PURCHASE_BUCKETS = {"same_day", "1-7", "8-30", "31-90", "90+"};

    long orders;
    long paidFen;
    long netFen;
    long refundedOrders;
    long memberOrders;
    long memberNetFen;
    long buyers;
    long repeatBuyers;
    long memberBuyers;
    long memberRepeatBuyers;
    long newMembers;
    final Map<Integer, Long> newMembersByChannel = new HashMap<>();
    /** By field code; the last slot counts new members who held no other field. */
    final long[] newMembersByField = new long[FactLoader.FIELDS.size() + 1];

    final List<Integer> firstPurchaseDays = new ArrayList<>();
    final long[] firstPurchaseBuckets = new long[FIRST_PURCHASE_BUCKETS.length];
    /** Per layer ordinal: product code → units, orders, buyers. */
    final List<Map<Integer, long[]>> products = new ArrayList<>();

    private BusinessFigures() {
        for (int i = 0; i < Layer.values().length; i++) {
            products.add(new HashMap<>());
        }
    }

    static BusinessFigures compute(
            History[] histories, PeriodFigures fast, Period period, Days days, int channel, int field) {
        BusinessFigures f = new BusinessFigures();
        long start = Days.micros(period.start(days.zone));
        long end = Days.micros(period.end(days.zone));
        int first = (int) period.first().toEpochDay();
        int last = (int) period.last().toEpochDay();
        for (int c = 0; c < histories.length; c++) {
            History h = histories[c];
            if (h == null || (field >= 0 && (h.heldDuring(start, end) & 1 << field) == 0)) {
                continue;
            }
            f.orders(h, fast.layerOf(c), first, last, channel);
            f.newMember(h, start, end, channel);
            f.firstPurchase(h, first, last, channel, days);
        }
        return f;
    }

    private void orders(History h, Layer layer, int first, int last, int channel) {
        int days = 0;
        int memberDays = 0;
        int day = Integer.MIN_VALUE;
        long dayNet = 0;
        long dayMemberNet = 0;
        int item = 0;
        Map<Integer, long[]> byProduct = products.get(layer.ordinal());
        List<Integer> bought = new ArrayList<>();
        for (int i = 0; i < h.orderCount(); i++) {
            int lines = h.items[item];
            int from = item + 1;
            item += 1 + 2 * lines;
            int d = h.day(i);
            if (d < first || d > last || (channel >= 0 && h.channel(i) != channel)) {
                continue;
            }
            if (d != day) {
                days += dayNet > 0 ? 1 : 0;
                memberDays += dayMemberNet > 0 ? 1 : 0;
                day = d;
                dayNet = 0;
                dayMemberNet = 0;
            }
            long net = h.net(i);
            orders++;
            paidFen += h.paidFen(i);
            netFen += net;
            dayNet += net;
            if (h.paidFen(i) != net) {
                refundedOrders++;
            }
            if (h.asMember[i]) {
                memberOrders++;
                memberNetFen += net;
                dayMemberNet += net;
            }
            for (int l = 0; l < lines; l++) {
                int product = h.items[from + 2 * l];
                long[] tally = byProduct.computeIfAbsent(product, p -> new long[3]);
                tally[0] += h.items[from + 2 * l + 1];
                tally[1]++;
                if (!bought.contains(product)) {
                    bought.add(product);
                    tally[2]++;
                }
            }
        }
        days += dayNet > 0 ? 1 : 0;
        memberDays += dayMemberNet > 0 ? 1 : 0;
        // returns that name no order lower the net in the period they were refunded in; having no
        // order, they change neither the order counts nor who bought
        for (int i = 0; i < h.returnCount(); i++) {
            int d = h.returnDay(i);
            if (d >= first && d <= last && (channel < 0 || h.returnChannel(i) == channel)) {
                netFen -= h.returnedFen(i);
                if (h.returnedAsMember(i)) {
                    memberNetFen -= h.returnedFen(i);
                }
            }
        }
        buyers += days > 0 ? 1 : 0;
        repeatBuyers += days > 1 ? 1 : 0;
        memberBuyers += memberDays > 0 ? 1 : 0;
        memberRepeatBuyers += memberDays > 1 ? 1 : 0;
    }

    /** A first-ever membership beginning in [start, end): counted with its channel and the fields held then. */
    private void newMember(History h, long start, long end, int channel) {
        int joined = -1;
        for (int i = 0; i < h.relations.length; i += History.R) {
            if (h.relations[i] == FactLoader.MEMBERSHIP) {
                joined = i; // relations are by since: the first membership
                break;
            }
        }
        if (joined < 0) {
            return;
        }
        long since = h.relations[joined + 1];
        int joinChannel = (int) h.relations[joined + 3];
        if (since < start || since >= end || (channel >= 0 && joinChannel != channel)) {
            return;
        }
        newMembers++;
        newMembersByChannel.merge(joinChannel, 1L, Long::sum);
        boolean other = false;
        for (int i = 0; i < h.relations.length; i += History.R) {
            int field = (int) h.relations[i];
            if (field != FactLoader.MEMBERSHIP && h.relations[i + 1] <= since && since < h.relations[i + 2]) {
                newMembersByField[field]++;
                other = true;
            }
        }
        if (!other) {
            newMembersByField[newMembersByField.length - 1]++;
        }
    }

    /** The first order paid as a member with a positive net amount, when it falls in the period. */
    private void firstPurchase(History h, int first, int last, int channel, Days days) {
        for (int i = 0; i < h.orderCount(); i++) {
            if (!h.asMember[i] || h.net(i) <= 0 || (channel >= 0 && h.channel(i) != channel)) {
                continue;
            }
            int day = h.day(i);
            if (day < first || day > last) {
                return;
            }
            long paid = h.paidAt(i);
            for (int r = 0; r < h.relations.length; r += History.R) {
                if (h.relations[r] == FactLoader.MEMBERSHIP
                        && h.relations[r + 1] <= paid
                        && paid < h.relations[r + 2]) {
                    int waited = day - days.day(h.relations[r + 1]);
                    firstPurchaseDays.add(waited);
                    firstPurchaseBuckets[bucket(waited)]++;
                    return;
                }
            }
            return;
        }
    }

    static int bucket(int days) {
        for (int i = 0; i < FIRST_PURCHASE_BOUNDS.length; i++) {
            if (days <= FIRST_PURCHASE_BOUNDS[i]) {
                return i;
            }
        }
        return FIRST_PURCHASE_BOUNDS.length;
    }
}
