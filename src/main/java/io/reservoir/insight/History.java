package io.reservoir.insight;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One customer's facts with one brand, packed into arrays for the pass over a period: relations,
 * orders net of all their refunds (and whether bought as a member), visit days per field, days
 * of qualifying reviews, the orders of others attributed to the customer's shares, and the returns
 * that name no order (customer-level refunds: they count when refunded). Immutable:
 * a change builds a new one.
 */
final class History {

    /** The field code of a day entry that records a successful propagation (a review). */
    static final int PROPAGATED = 15;

    private static final long[] NO_LONGS = {};
    private static final int[] NO_INTS = {};

    /** Quads: field code, since (µs), until (µs; {@link Long#MAX_VALUE} while open), channel code; by since. */
    final long[] relations;

    static final int R = 4;

    /** Quads: paid (µs), paid fen, net fen, {@code day << 8 | channel code}; by paid. */
    final long[] orders;

    static final int O = 4;

    /** Whether each order was paid while a member. */
    final boolean[] asMember;

    /** Each order's products in turn: their number, then product code and quantity for each. */
    final int[] items;

    /** {@code day << 4 | field code} of visits, or {@code | PROPAGATED} for a review; ascending, distinct. */
    final int[] days;

    /** Triples of orders by others attributed to this customer: paid (µs), net fen, day; by paid. */
    final long[] referred;

    /**
     * Triples of customer-level refunds: refunded (µs), fen, {@code day << 9 | member << 8 |
     * channel code} (member: held a membership when refunded); by refunded.
     */
    final long[] returns;

    private History(
            long[] relations,
            long[] orders,
            boolean[] asMember,
            int[] items,
            int[] days,
            long[] referred,
            long[] returns) {
        this.relations = relations;
        this.orders = orders;
        this.asMember = asMember;
        this.items = items;
        this.days = days;
        this.referred = referred;
        this.returns = returns;
    }

    History withReferred(long[] referred) {
        return new History(
                relations, orders, asMember, items, days, referred.length == 0 ? NO_LONGS : referred, returns);
    }

    boolean isEmpty() {
        return relations.length == 0
                && orders.length == 0
                && days.length == 0
                && referred.length == 0
                && returns.length == 0;
    }

    int returnCount() {
        return returns.length / 3;
    }

    long returnedFen(int i) {
        return returns[i * 3 + 1];
    }

    int returnDay(int i) {
        return (int) (returns[i * 3 + 2] >> 9);
    }

    boolean returnedAsMember(int i) {
        return (returns[i * 3 + 2] >> 8 & 1) == 1;
    }

    int returnChannel(int i) {
        return (int) (returns[i * 3 + 2] & 0xff);
    }

    /** Fields (bit per code) held at the last instant before {@code end}. */
    int heldAt(long end) {
        int mask = 0;
        for (int i = 0; i < relations.length; i += R) {
            if (relations[i + 1] < end && relations[i + 2] >= end) {
                mask |= 1 << relations[i];
            }
        }
        return mask;
    }

    /** Fields held at some time in [start, end). */
    int heldDuring(long start, long end) {
        int mask = 0;
        for (int i = 0; i < relations.length; i += R) {
            if (relations[i + 1] < end && relations[i + 2] > start) {
                mask |= 1 << relations[i];
            }
        }
        return mask;
    }

    /** Days from {@code first} to {@code last} with member orders of a positive net amount together. */
    int memberPurchaseDays(int first, int last) {
        int count = 0;
        int day = Integer.MIN_VALUE;
        long net = 0;
        for (int i = 0; i < asMember.length; i++) {
            int d = day(i);
            if (d > last) {
                break;
            }
            if (d < first || !asMember[i]) {
                continue;
            }
            if (d != day) {
                if (net > 0) {
                    count++;
                }
                day = d;
                net = 0;
            }
            net += net(i);
        }
        return net > 0 ? count + 1 : count;
    }

    int orderCount() {
        return asMember.length;
    }

    long paidAt(int order) {
        return orders[order * O];
    }

    long paidFen(int order) {
        return orders[order * O + 1];
    }

    long net(int order) {
        return orders[order * O + 2];
    }

    int day(int order) {
        return (int) (orders[order * O + 3] >> 8);
    }

    int channel(int order) {
        return (int) (orders[order * O + 3] & 0xff);
    }

    /** Whether a review or an attributed order from {@code first} to {@code last} propagated. */
    boolean propagated(int first, int last) {
        for (int i = 0; i < referred.length; i += 3) {
            int d = (int) referred[i + 2];
            if (d >= first && d <= last) {
                return true;
            }
        }
        int from = lowerBound(days, first << 4);
        for (int i = from; i < days.length && days[i] >> 4 <= last; i++) {
            if ((days[i] & 15) == PROPAGATED) {
                return true;
            }
        }
        return false;
    }

    /** Fields visited from {@code first} to {@code last} (bit per code). */
    int visited(int first, int last) {
        int mask = 0;
        for (int i = lowerBound(days, first << 4); i < days.length && days[i] >> 4 <= last; i++) {
            int field = days[i] & 15;
            if (field != PROPAGATED) {
                mask |= 1 << field;
            }
        }
        return mask;
    }

    /** Own net GMV plus propagation GMV of orders paid before {@code end}, in fen. */
    long clv(long end) {
        long sum = 0;
        for (int i = 0; i < asMember.length && paidAt(i) < end; i++) {
            sum += net(i);
        }
        for (int i = 0; i < referred.length && referred[i] < end; i += 3) {
            sum += referred[i + 1];
        }
        return sum;
    }

    /**
     * The first instant (µs) at which {@code a} and {@code b} may answer differently: figures of
     * periods ending at or before it stay as they were. {@link Long#MAX_VALUE} when equal.
     */
    static long firstDifference(History a, History b, Days days) {
        if (a == null) {
            a = EMPTY;
        }
        if (b == null) {
            b = EMPTY;
        }
        long first = Long.MAX_VALUE;
        first = Math.min(first, firstRelationDifference(a.relations, b.relations));
        first = Math.min(first, firstOrderDifference(a, b));
        first = Math.min(first, firstTripleDifference(a.referred, b.referred));
        first = Math.min(first, firstTripleDifference(a.returns, b.returns));
        int day = firstIntDifference(a.days, b.days);
        if (day != Integer.MAX_VALUE) {
            first = Math.min(first, days.start(day >> 4));
        }
        return first;
    }

    /** Relations compare by (field, since); a changed end differs from the earlier of the two ends. */
    private static long firstRelationDifference(long[] a, long[] b) {
        long first = Long.MAX_VALUE;
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            int order = i >= a.length ? 1 : j >= b.length ? -1 : compareRelation(a, i, b, j);
            if (order < 0) {
                first = Math.min(first, a[i + 1]);
                i += R;
            } else if (order > 0) {
                first = Math.min(first, b[j + 1]);
                j += R;
            } else {
                if (a[i + 3] != b[j + 3]) {
                    first = Math.min(first, a[i + 1]);
                } else if (a[i + 2] != b[j + 2]) {
                    first = Math.min(first, Math.min(a[i + 2], b[j + 2]));
                }
                i += R;
                j += R;
            }
        }
        return first;
    }

    private static int compareRelation(long[] a, int i, long[] b, int j) {
        int bySince = Long.compare(a[i + 1], b[j + 1]);
        return bySince != 0 ? bySince : Long.compare(a[i], b[j]);
    }

    /** Orders by payment: the earliest payment of an order in one only (or with other amounts or items). */
    private static long firstOrderDifference(History a, History b) {
        int i = 0;
        int item = 0;
        int n = Math.min(a.orderCount(), b.orderCount());
        while (i < n) {
            boolean same = a.paidAt(i) == b.paidAt(i)
                    && a.paidFen(i) == b.paidFen(i)
                    && a.net(i) == b.net(i)
                    && a.orders[i * O + 3] == b.orders[i * O + 3]
                    && a.asMember[i] == b.asMember[i];
            int length = 1 + 2 * a.items[item];
            same = same
                    && item + length <= b.items.length
                    && Arrays.equals(a.items, item, item + length, b.items, item, item + length);
            if (!same) {
                break;
            }
            item += length;
            i++;
        }
        if (i >= a.orderCount() && i >= b.orderCount()) {
            return Long.MAX_VALUE;
        }
        return Math.min(
                i < a.orderCount() ? a.paidAt(i) : Long.MAX_VALUE, i < b.orderCount() ? b.paidAt(i) : Long.MAX_VALUE);
    }

    /** Triples sorted by their first element (an instant): the earliest instant of a triple in one only. */
    private static long firstTripleDifference(long[] a, long[] b) {
        int i = 0;
        while (i < a.length && i < b.length && a[i] == b[i] && a[i + 1] == b[i + 1] && a[i + 2] == b[i + 2]) {
            i += 3;
        }
        if (i >= a.length && i >= b.length) {
            return Long.MAX_VALUE;
        }
        return Math.min(i < a.length ? a[i] : Long.MAX_VALUE, i < b.length ? b[i] : Long.MAX_VALUE);
    }

    private static int firstIntDifference(int[] a, int[] b) {
        int i = 0;
        while (i < a.length && i < b.length && a[i] == b[i]) {
            i++;
        }
        if (i >= a.length && i >= b.length) {
            return Integer.MAX_VALUE;
        }
        return Math.min(i < a.length ? a[i] : Integer.MAX_VALUE, i < b.length ? b[i] : Integer.MAX_VALUE);
    }

    private static int lowerBound(int[] sorted, int key) {
        int from = Arrays.binarySearch(sorted, key);
        return from >= 0 ? from : -from - 1;
    }

    static final History EMPTY = new History(NO_LONGS, NO_LONGS, new boolean[0], NO_INTS, NO_INTS, NO_LONGS, NO_LONGS);

    /** Collects one customer's rows as they are read, then packs them. */
    static final class Builder {

        private record Relation(int field, long since, long until, int channel) {}

        /** An order; {@code products} alternate product code and quantity. */
        private record Order(
                long paid, long paidFen, long net, int day, int channel, int[] products, Set<String> ids) {}

        private record Review(long at, int day, int rating, String product) {}

        private final List<Relation> relations = new ArrayList<>();
        private final List<Order> orders = new ArrayList<>();
        private final List<long[]> returns = new ArrayList<>();
        private final List<Review> reviews = new ArrayList<>();
        private final Set<Integer> visits = new HashSet<>();

        void relation(int field, long since, long until, int channel) {
            relations.add(new Relation(field, since, until, channel));
        }

        void order(long paid, long paidFen, long net, int day, int channel, int[] products, Set<String> ids) {
            orders.add(new Order(paid, paidFen, net, day, channel, products, ids));
        }

        /** A customer-level refund (a return that names no order) of {@code fen} at {@code at} (µs). */
        void returned(long at, long fen, int day, int channel) {
            returns.add(new long[] {at, fen, day, channel});
        }

        void review(long at, int day, int rating, String product) {
            reviews.add(new Review(at, day, rating, product));
        }

        void visit(int day, int field) {
            visits.add(day << 4 | field);
        }

        History build(int membership, long[] referred) {
            relations.sort(
                    (x, y) -> x.since != y.since ? Long.compare(x.since, y.since) : Integer.compare(x.field, y.field));
            long[] rel = new long[relations.size() * R];
            for (int i = 0; i < relations.size(); i++) {
                Relation r = relations.get(i);
                rel[i * R] = r.field;
                rel[i * R + 1] = r.since;
                rel[i * R + 2] = r.until;
                rel[i * R + 3] = r.channel;
            }
            orders.sort(ORDER);
            long[] ord = new long[orders.size() * O];
            boolean[] member = new boolean[orders.size()];
            int[] items = new int
                    [orders.size()
                            + orders.stream().mapToInt(o -> o.products.length).sum()];
            int item = 0;
            for (int i = 0; i < orders.size(); i++) {
                Order o = orders.get(i);
                ord[i * O] = o.paid;
                ord[i * O + 1] = o.paidFen;
                ord[i * O + 2] = o.net;
                ord[i * O + 3] = (long) o.day << 8 | o.channel;
                items[item++] = o.products.length / 2;
                System.arraycopy(o.products, 0, items, item, o.products.length);
                item += o.products.length;
                for (Relation r : relations) {
                    if (r.field == membership && r.since <= o.paid && o.paid < r.until) {
                        member[i] = true;
                        break;
                    }
                }
            }
            Set<Integer> dayEntries = new HashSet<>(visits);
            for (Review review : reviews) {
                if (review.rating >= 4 && bought(review.product, review.at)) {
                    dayEntries.add(review.day << 4 | PROPAGATED);
                }
            }
            int[] d = dayEntries.stream().mapToInt(Integer::intValue).sorted().toArray();
            returns.sort(java.util.Comparator.<long[]>comparingLong(r -> r[0])
                    .thenComparingLong(r -> r[1])
                    .thenComparingLong(r -> r[3]));
            long[] ret = new long[returns.size() * 3];
            for (int i = 0; i < returns.size(); i++) {
                long[] r = returns.get(i);
                long held = 0;
                for (Relation m : relations) {
                    if (m.field == membership && m.since <= r[0] && r[0] < m.until) {
                        held = 1;
                        break;
                    }
                }
                ret[i * 3] = r[0];
                ret[i * 3 + 1] = r[1];
                ret[i * 3 + 2] = r[2] << 9 | held << 8 | r[3];
            }
            return new History(
                    rel.length == 0 ? NO_LONGS : rel,
                    ord.length == 0 ? NO_LONGS : ord,
                    member,
                    items.length == 0 ? NO_INTS : items,
                    d.length == 0 ? NO_INTS : d,
                    referred == null || referred.length == 0 ? NO_LONGS : referred,
                    ret.length == 0 ? NO_LONGS : ret);
        }

        private boolean bought(String product, long at) {
            if (product == null) {
                return false;
            }
            for (Order o : orders) {
                if (o.paid <= at && o.ids.contains(product)) {
                    return true;
                }
            }
            return false;
        }

        /** Orders by payment, then by anything else, so that equal facts pack equally. */
        private static final java.util.Comparator<Order> ORDER = java.util.Comparator.comparingLong(Order::paid)
                .thenComparingLong(Order::paidFen)
                .thenComparingLong(Order::net)
                .thenComparingInt(Order::channel)
                .thenComparing(o -> Arrays.toString(o.products));
    }
}
