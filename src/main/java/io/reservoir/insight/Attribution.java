package io.reservoir.insight;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A brand's share codes: who shared each code and when, which orders carry it, and to whom each
 * such order is attributed — the latest share of its code by someone other than the buyer, at or
 * before the payment and at most the attribution window before it; of two shares at the same
 * instant, the lower customer number.
 */
final class Attribution {

    record Share(String code, long at, int sharer) {}

    record CodedOrder(String code, int buyer, long paid, long net, int day) {}

    private final long windowMicros;
    private final Map<String, List<Share>> sharesByCode = new HashMap<>();
    private final Map<String, List<CodedOrder>> ordersByCode = new HashMap<>();
    private final Map<Integer, Set<String>> codesShared = new HashMap<>();
    private final Map<Integer, Set<String>> codesBought = new HashMap<>();

    Attribution(long windowMicros) {
        this.windowMicros = windowMicros;
    }

    /**
     * Replaces the shares and coded orders of {@code customers} with the given ones; answers the
     * codes whose attribution may have changed.
     */
    Set<String> replace(Collection<Integer> customers, List<Share> shares, List<CodedOrder> orders) {
        Set<String> touched = new HashSet<>();
        for (int customer : customers) {
            for (String code : codesShared.getOrDefault(customer, Set.of())) {
                touched.add(code);
                remove(sharesByCode, code, s -> s.sharer == customer);
            }
            for (String code : codesBought.getOrDefault(customer, Set.of())) {
                touched.add(code);
                remove(ordersByCode, code, o -> o.buyer == customer);
            }
            codesShared.remove(customer);
            codesBought.remove(customer);
        }
        for (Share share : shares) {
            touched.add(share.code);
            sharesByCode.computeIfAbsent(share.code, c -> new ArrayList<>()).add(share);
            codesShared.computeIfAbsent(share.sharer, c -> new HashSet<>()).add(share.code);
        }
        for (CodedOrder order : orders) {
            touched.add(order.code);
            ordersByCode.computeIfAbsent(order.code, c -> new ArrayList<>()).add(order);
            codesBought.computeIfAbsent(order.buyer, c -> new HashSet<>()).add(order.code);
        }
        return touched;
    }

    private static <T> void remove(Map<String, List<T>> byCode, String code, java.util.function.Predicate<T> which) {
        List<T> list = byCode.get(code);
        if (list != null) {
            list.removeIf(which);
            if (list.isEmpty()) {
                byCode.remove(code);
            }
        }
    }

    /** Everyone who shared one of {@code codes}. */
    Set<Integer> sharersOf(Collection<String> codes) {
        Set<Integer> sharers = new HashSet<>();
        for (String code : codes) {
            for (Share share : sharesByCode.getOrDefault(code, List.of())) {
                sharers.add(share.sharer);
            }
        }
        return sharers;
    }

    /** Triples (paid µs, net fen, day) of the orders attributed to {@code sharer}, by payment. */
    long[] referred(int sharer) {
        List<CodedOrder> attributed = new ArrayList<>();
        for (String code : codesShared.getOrDefault(sharer, Set.of())) {
            for (CodedOrder order : ordersByCode.getOrDefault(code, List.of())) {
                if (sharerOf(order) == sharer) {
                    attributed.add(order);
                }
            }
        }
        attributed.sort((a, b) -> a.paid != b.paid ? Long.compare(a.paid, b.paid) : Long.compare(a.net, b.net));
        long[] triples = new long[attributed.size() * 3];
        for (int i = 0; i < attributed.size(); i++) {
            CodedOrder order = attributed.get(i);
            triples[i * 3] = order.paid;
            triples[i * 3 + 1] = order.net;
            triples[i * 3 + 2] = order.day;
        }
        return triples;
    }

    /** The customer an order is attributed to, or -1. */
    int sharerOf(CodedOrder order) {
        Share best = null;
        for (Share share : sharesByCode.getOrDefault(order.code, List.of())) {
            if (share.sharer == order.buyer || share.at > order.paid || order.paid - share.at > windowMicros) {
                continue;
            }
            if (best == null || share.at > best.at || (share.at == best.at && share.sharer < best.sharer)) {
                best = share;
            }
        }
        return best == null ? -1 : best.sharer;
    }
}
