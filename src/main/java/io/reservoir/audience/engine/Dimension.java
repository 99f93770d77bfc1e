package io.reservoir.audience.engine;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

/**
 * One value per customer (a city, a tier, a consent state, a tag's value): a bitmap per distinct
 * value, and each customer's current value so that changing it touches two bitmaps. Values are
 * strings; numbers are compared by parsing each distinct value once.
 *
 * <p>Not thread-safe: the owning {@link WorkspaceIndex} guards it.
 */
final class Dimension {

    private final Map<String, Integer> codes = new HashMap<>();
    private final List<String> values = new ArrayList<>(List.of("")); // code 0: no value
    private final List<RoaringBitmap> holders = new ArrayList<>(List.of(new RoaringBitmap()));
    private final List<BigDecimal> numbers = new ArrayList<>(Collections.singletonList(null));
    private final RoaringBitmap any = new RoaringBitmap();
    private int[] codeOf = new int[0];

    void set(int customerNo, String value) {
        int old = customerNo < codeOf.length ? codeOf[customerNo] : 0;
        int code = value == null ? 0 : code(value);
        if (old == code) {
            return;
        }
        if (old != 0) {
            holders.get(old).remove(customerNo);
        }
        if (customerNo >= codeOf.length) {
            codeOf = Arrays.copyOf(codeOf, Math.max(customerNo + 1, codeOf.length * 2 + 16));
        }
        codeOf[customerNo] = code;
        if (code == 0) {
            any.remove(customerNo);
        } else {
            holders.get(code).add(customerNo);
            any.add(customerNo);
        }
    }

    void clear(int customerNo) {
        set(customerNo, null);
    }

    String valueOf(int customerNo) {
        int code = customerNo < codeOf.length ? codeOf[customerNo] : 0;
        return code == 0 ? null : values.get(code);
    }

    /** Customers holding any value. */
    RoaringBitmap any() {
        return any;
    }

    /** Customers holding exactly {@code value}. */
    RoaringBitmap holding(String value) {
        Integer code = codes.get(value);
        return code == null ? new RoaringBitmap() : holders.get(code);
    }

    /** Customers whose value passes {@code test} (each distinct value tested once). */
    RoaringBitmap matching(Predicate<String> test) {
        List<RoaringBitmap> hits = new ArrayList<>();
        for (int code = 1; code < values.size(); code++) {
            if (!holders.get(code).isEmpty() && test.test(values.get(code))) {
                hits.add(holders.get(code));
            }
        }
        return hits.isEmpty() ? new RoaringBitmap() : FastAggregation.or(hits.iterator());
    }

    /** Customers whose value is a number passing {@code test}; other values never match. */
    RoaringBitmap matchingNumber(Predicate<BigDecimal> test) {
        List<RoaringBitmap> hits = new ArrayList<>();
        for (int code = 1; code < values.size(); code++) {
            BigDecimal number = numbers.get(code);
            if (number != null && !holders.get(code).isEmpty() && test.test(number)) {
                hits.add(holders.get(code));
            }
        }
        return hits.isEmpty() ? new RoaringBitmap() : FastAggregation.or(hits.iterator());
    }

    int distinctValues() {
        return values.size() - 1;
    }

    long bytes() {
        long bytes = codeOf.length * 4L + any.getLongSizeInBytes();
        for (RoaringBitmap b : holders) {
            bytes += b.getLongSizeInBytes() + 48;
        }
        for (String v : values) {
            bytes += 40 + v.length() * 2L;
        }
        return bytes;
    }

    private int code(String value) {
        Integer code = codes.get(value);
        if (code == null) {
            code = values.size();
            codes.put(value, code);
            values.add(value);
            holders.add(new RoaringBitmap());
            numbers.add(number(value));
        }
        return code;
    }

    /** The value as a number when it is one (as SQL would cast it), else null. */
    static BigDecimal number(String value) {
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
