package io.reservoir.ingest;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The orders and refunds this node has logged and not yet projected, so that the first stage checks
 * a refund against everything acknowledged before it, not only against what is projected. An entry
 * is added inside the logging transaction (the first stage discards it if that rolls back) and
 * leaves once its event is projected; {@link OrderBook} reads these first, then the projection, and
 * counts a refund found in both once (by message id).
 */
@org.springframework.stereotype.Component
class PendingOrders {

    /** An order's pending facts: its amount if its order event is pending, its pending refunds. */
    record Pending(Long paidFen, Map<String, Long> refunds) {}

    private final Map<Long, Book> byWorkspace = new ConcurrentHashMap<>();

    /** One workspace's pending orders, and which order each pending message belongs to. */
    private static final class Book {
        final Map<OrderBook.Key, Entry> orders = new HashMap<>();
        final Map<String, OrderBook.Key> messages = new HashMap<>();
    }

    private static final class Entry {
        String orderMessage;
        long paidFen;
        final Map<String, Long> refunds = new LinkedHashMap<>();
    }

    /** A copy of the pending facts of these orders. */
    Map<OrderBook.Key, Pending> read(long workspaceId, Collection<OrderBook.Key> keys) {
        Book book = byWorkspace.get(workspaceId);
        Map<OrderBook.Key, Pending> found = new HashMap<>();
        if (book == null) {
            return found;
        }
        synchronized (book) {
            for (OrderBook.Key key : keys) {
                Entry e = book.orders.get(key);
                if (e != null) {
                    found.put(key, new Pending(e.orderMessage == null ? null : e.paidFen, Map.copyOf(e.refunds)));
                }
            }
        }
        return found;
    }

    void addOrder(long workspaceId, OrderBook.Key key, String messageId, long paidFen) {
        Book book = byWorkspace.computeIfAbsent(workspaceId, w -> new Book());
        synchronized (book) {
            Entry e = book.orders.computeIfAbsent(key, k -> new Entry());
            if (e.orderMessage == null) {
                e.orderMessage = messageId;
                e.paidFen = paidFen;
                book.messages.put(messageId, key);
            }
        }
    }

    void addRefund(long workspaceId, OrderBook.Key key, String messageId, long amountFen) {
        Book book = byWorkspace.computeIfAbsent(workspaceId, w -> new Book());
        synchronized (book) {
            book.orders.computeIfAbsent(key, k -> new Entry()).refunds.put(messageId, amountFen);
            book.messages.put(messageId, key);
        }
    }

    /** The events of these messages are projected (or were never logged): their entries leave. */
    void remove(long workspaceId, Collection<String> messageIds) {
        Book book = byWorkspace.get(workspaceId);
        if (book == null) {
            return;
        }
        synchronized (book) {
            for (String messageId : messageIds) {
                OrderBook.Key key = book.messages.remove(messageId);
                Entry e = key == null ? null : book.orders.get(key);
                if (e == null) {
                    continue;
                }
                if (messageId.equals(e.orderMessage)) {
                    e.orderMessage = null;
                }
                e.refunds.remove(messageId);
                if (e.orderMessage == null && e.refunds.isEmpty()) {
                    book.orders.remove(key);
                }
            }
        }
    }

    void forget(long workspaceId) {
        byWorkspace.remove(workspaceId);
    }
}
