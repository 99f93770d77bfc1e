package io.reservoir.ingest.importer;

import java.util.Locale;

/** What a file holds: members (profiles), orders (with their items and refunds) or any events. */
public enum ImportType {
    MEMBERS,
    ORDERS,
    EVENTS;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
