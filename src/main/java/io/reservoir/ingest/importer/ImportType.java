package io.reservoir.ingest.importer;

import java.util.Locale;

/** What a file holds: members (profiles), orders (with their items and refunds), refunds (returns) or any events. */
public enum ImportType {
    MEMBERS,
    ORDERS,
    EVENTS,
    /** Returns as documents of their own ({@code refund_id}), with or without the order returned. */
    REFUNDS;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
