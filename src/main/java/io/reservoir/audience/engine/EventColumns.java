package io.reservoir.audience.engine;

import java.util.Arrays;
import org.roaringbitmap.RoaringBitmap;

/**
 * The events of one name, column by column, each customer's chained newest first: a window
 * aggregate for one customer walks only that customer's events. About 36 bytes per event.
 *
 * <p>Not thread-safe: the owning {@link WorkspaceIndex} guards it.
 */
final class EventColumns {

    private static final int NONE = -1;

    /** The channel or field code that filters nothing. */
    static final int ANY = -1;

    private int[] head = new int[0]; // by customer number: the newest event's slot, or NONE
    private int[] next = new int[1024]; // by slot: the customer's next older event, or NONE
    private long[] at = new long[1024]; // epoch microsecond (as exact as the log's timestamps)
    private long[] amountFen = new long[1024];
    private int[] brand = new int[1024]; // brand id (workspaces have few brands; ids fit an int)
    private int[] localDay = new int[1024]; // epoch day in the brand's time zone
    private short[] channel = new short[1024]; // code in Vocabulary
    private short[] field = new short[1024];
    private int size;
    private final RoaringBitmap customers = new RoaringBitmap();

    void add(int customerNo, long atMicros, long amount, int brandId, int day, short channelCode, short fieldCode) {
        if (size == next.length) {
            grow();
        }
        if (customerNo >= head.length) {
            int old = head.length;
            head = Arrays.copyOf(head, Math.max(customerNo + 1, old * 2 + 16));
            Arrays.fill(head, old, head.length, NONE);
        }
        int slot = size++;
        at[slot] = atMicros;
        amountFen[slot] = amount;
        brand[slot] = brandId;
        localDay[slot] = day;
        channel[slot] = channelCode;
        field[slot] = fieldCode;
        next[slot] = head[customerNo];
        head[customerNo] = slot;
        customers.add(customerNo);
    }

    /** Forgets a customer's events (their slots stay allocated until the next rebuild). */
    void drop(int customerNo) {
        if (customerNo < head.length) {
            head[customerNo] = NONE;
        }
        customers.remove(customerNo);
    }

    /** Who has at least one event of this name (any time). */
    RoaringBitmap customers() {
        return customers;
    }

    /** What one customer did in the window: events, amount and distinct local days. */
    record Aggregate(long count, long amountFen, int distinctDays) {}

    /** A reusable buffer for the days of one customer's events (one per query thread). */
    static final class Days {
        int[] days = new int[64];
        int size;

        void add(int day) {
            if (size == days.length) {
                days = Arrays.copyOf(days, size * 2);
            }
            days[size++] = day;
        }

        int distinct() {
            Arrays.sort(days, 0, size);
            int distinct = 0;
            for (int i = 0; i < size; i++) {
                if (i == 0 || days[i] != days[i - 1]) {
                    distinct++;
                }
            }
            return distinct;
        }
    }

    /**
     * The customer's events with {@code from < at <= to} that pass the filters (a negative brand
     * and the code {@link #ANY} mean any; {@code Vocabulary}'s unknown code matches nothing);
     * distinct days are counted only when {@code days} is given.
     */
    Aggregate aggregate(int customerNo, long from, long to, long brandId, int channelCode, int fieldCode, Days days) {
        if (customerNo >= head.length) {
            return new Aggregate(0, 0, 0);
        }
        long count = 0;
        long amount = 0;
        if (days != null) {
            days.size = 0;
        }
        for (int slot = head[customerNo]; slot != NONE; slot = next[slot]) {
            if (at[slot] <= from
                    || at[slot] > to
                    || (brandId >= 0 && brand[slot] != brandId)
                    || (channelCode != ANY && channel[slot] != channelCode)
                    || (fieldCode != ANY && field[slot] != fieldCode)) {
                continue;
            }
            count++;
            amount += amountFen[slot];
            if (days != null) {
                days.add(localDay[slot]);
            }
        }
        return new Aggregate(count, amount, days == null ? 0 : days.distinct());
    }

    int size() {
        return size;
    }

    long bytes() {
        return (long) next.length * (4 + 8 + 8 + 4 + 4 + 2 + 2) + head.length * 4L + customers.getLongSizeInBytes();
    }

    private void grow() {
        int capacity = next.length * 2;
        next = Arrays.copyOf(next, capacity);
        at = Arrays.copyOf(at, capacity);
        amountFen = Arrays.copyOf(amountFen, capacity);
        brand = Arrays.copyOf(brand, capacity);
        localDay = Arrays.copyOf(localDay, capacity);
        channel = Arrays.copyOf(channel, capacity);
        field = Arrays.copyOf(field, capacity);
    }
}
