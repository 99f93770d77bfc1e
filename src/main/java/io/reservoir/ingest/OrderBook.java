package io.reservoir.ingest;

import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlArrays;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a batch needs to know about the orders it touches: paid and refunded so far, from the
 * database and from the calls admitted earlier in the batch. Each call works on a {@link Draft}
 * that joins the book only if the call is admitted, so a refused call leaves no trace.
 */
final class OrderBook {

    record Key(long brandId, String orderId) {}

    private static final class State {
        boolean known;
        long paid;
        long refunded;

        State copy() {
            State s = new State();
            s.known = known;
            s.paid = paid;
            s.refunded = refunded;
            return s;
        }
    }

    private final Map<Key, State> states = new HashMap<>();
    private final Set<String> firstOrderMessages = new HashSet<>();
    private final Map<String, Long> refundAmounts = new HashMap<>();

    /**
     * The sum of an order's refunds that are both projected and pending. The pending ids are
     * matched as text so that no database can take them for an index condition: each sub-select
     * reads the order's refunds on {@code order_refund_by_order}, never the workspace's.
     */
    private static final String PENDING_PROJECTED = """
            (select sum(r.amount_fen) from order_refund r
              where r.workspace_id = ? and r.brand_id = k.brand_id and r.order_id = k.order_id
                and position(? || r.message_id || ? in ?) > 0)""";

    private static final String SEPARATOR = "\u0001";

    private static String listed(List<String> ids) {
        return SEPARATOR + String.join(SEPARATOR, ids) + SEPARATOR;
    }

    /**
     * The book of the orders {@code messages} touch: what the projection holds, and what
     * {@code pending} (the first stage's orders logged and not yet projected; null in the second
     * stage) adds. Pending facts are read first: one that leaves for the projection meanwhile is
     * then found there, and a refund found in both counts once.
     */
    static OrderBook load(JdbcTemplate jdbc, long workspaceId, List<Incoming> messages, PendingOrders pending) {
        OrderBook book = new OrderBook();
        Set<Key> keys = new LinkedHashSet<>();
        for (Incoming m : messages) {
            if (m.order() != null) {
                keys.add(new Key(m.brandId(), m.order().orderId()));
            } else if (m.refund() != null && m.refund().orderId() != null) {
                keys.add(new Key(m.brandId(), m.refund().orderId()));
            }
        }
        if (keys.isEmpty()) {
            return book;
        }
        Map<Key, PendingOrders.Pending> pendingFacts = pending == null ? Map.of() : pending.read(workspaceId, keys);
        List<String> pendingRefunds = pendingFacts.values().stream()
                .flatMap(p -> p.refunds().keySet().stream())
                .toList();
        List<Object> arguments = new ArrayList<>(List.of(workspaceId, workspaceId));
        if (!pendingRefunds.isEmpty()) {
            arguments.addAll(List.of(workspaceId, SEPARATOR, SEPARATOR, listed(pendingRefunds)));
        }
        arguments.add(SqlArrays.bigints(keys.stream().map(Key::brandId).toList()));
        arguments.add(SqlArrays.varchars(keys.stream().map(Key::orderId).toList()));
        // one sub-select per key (SqlArrays explains why), all answers in one statement: one view of
        // the projection, so a pending refund projected meanwhile is counted once, from either side
        jdbc.query(
                """
                select k.brand_id, k.order_id,
                       (select o.paid_fen from customer_order o
                         where o.workspace_id = ? and o.brand_id = k.brand_id and o.order_id = k.order_id),
                       (select sum(r.amount_fen) from order_refund r
                         where r.workspace_id = ? and r.brand_id = k.brand_id and r.order_id = k.order_id),
                       %s
                  from unnest(cast(? as bigint array), cast(? as varchar array)) as k(brand_id, order_id)
                """.formatted(pendingRefunds.isEmpty() ? "null" : PENDING_PROJECTED),
                rs -> {
                    Key key = new Key(rs.getLong(1), rs.getString(2));
                    State st = book.state(key);
                    long paid = rs.getLong(3);
                    if (!rs.wasNull()) {
                        st.known = true;
                        st.paid = paid;
                    }
                    st.refunded = rs.getLong(4) - rs.getLong(5); // null reads as 0
                    PendingOrders.Pending p = pendingFacts.get(key);
                    if (p != null) {
                        if (p.paidFen() != null && !st.known) {
                            st.known = true;
                            st.paid = p.paidFen();
                        }
                        st.refunded += p.refunds().values().stream()
                                .mapToLong(Long::longValue)
                                .sum();
                    }
                },
                arguments.toArray());
        return book;
    }

    private State state(Key key) {
        return states.computeIfAbsent(key, k -> new State());
    }

    Draft draft() {
        return new Draft();
    }

    /** Whether this message created its order's record (later copies of an order are only logged). */
    boolean isFirst(Incoming message) {
        return firstOrderMessages.contains(message.messageId());
    }

    /** The refunded amount in fen, resolved against the order ("the rest" when none was stated). */
    long refundAmount(Incoming message) {
        return refundAmounts.get(message.messageId());
    }

    /** The changes one call would make; {@link #commit} adds them to the book. */
    final class Draft {

        private final Map<Key, State> changed = new HashMap<>();
        private final Set<String> firsts = new HashSet<>();
        private final Map<String, Long> refunds = new HashMap<>();

        private State state(Key key) {
            return changed.computeIfAbsent(key, k -> OrderBook.this.state(k).copy());
        }

        /** @throws ReservoirException when a refund exceeds what its order has left */
        Incoming admit(Incoming m) {
            return take(m, true);
        }

        /**
         * As {@link #admit}, for an event already acknowledged: never refuses. A refund that
         * exceeds its order (only possible when two nodes admitted refunds of one order at once)
         * keeps its stated amount; one of an unknown order that stated none refunds nothing.
         */
        Incoming project(Incoming m) {
            return take(m, false);
        }

        private Incoming take(Incoming m, boolean strict) {
            if (m.order() != null) {
                State st = state(new Key(m.brandId(), m.order().orderId()));
                if (!st.known) {
                    st.known = true;
                    st.paid = m.order().totalFen();
                    firsts.add(m.messageId());
                }
            } else if (m.refund() != null && m.refund().orderId() == null) {
                refunds.put(m.messageId(), m.refund().amountFen()); // customer-level: no order to check
            } else if (m.refund() != null) {
                Key key = new Key(m.brandId(), m.refund().orderId());
                State st = state(key);
                Long amount = m.refund().amountFen();
                if (st.known) {
                    // refunds that came before their order may exceed it: nothing is left then
                    long left = Math.max(0, st.paid - st.refunded);
                    if (amount == null) {
                        amount = left;
                    } else if (amount > left && strict) {
                        throw ReservoirException.invalid(
                                m.at("properties.total"),
                                "refund of " + yuan(amount) + " exceeds the " + yuan(left) + " yuan left of order "
                                        + key.orderId());
                    }
                } else if (amount == null && !strict) {
                    amount = 0L;
                } else if (amount == null) {
                    throw ReservoirException.invalid(
                            m.at("properties.total"), "is required: order " + key.orderId() + " is not known yet");
                }
                st.refunded += amount;
                refunds.put(m.messageId(), amount);
            }
            return m;
        }

        void commit() {
            states.putAll(changed);
            firstOrderMessages.addAll(firsts);
            refundAmounts.putAll(refunds);
        }
    }

    private static String yuan(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
