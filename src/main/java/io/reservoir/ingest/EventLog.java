package io.reservoir.ingest;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The event log as the modules that follow it read it: every accepted message in the order it was
 * logged ({@code seq}, increasing within a workspace), with the order or refund the order book
 * made of it, decoded once here. A follower keeps its own cursor, asks for what came after it with
 * {@link #next}, and starts a fresh copy at {@link #end}; bulk loads use {@link #scan}. This is the
 * only way into the log and the order book from outside {@code ingest} (docs/architecture.md,
 * Table ownership).
 */
public interface EventLog {

    /** The newest sequence number of the workspace's log; 0 while it is empty. */
    long end(long workspaceId);

    /**
     * Up to {@code limit} events the reading selects after its {@link Reading#after} sequence
     * number, in log order: what a follower handles next.
     */
    List<LoggedEvent> next(long workspaceId, Reading reading, int limit);

    /** Every event the reading selects, in no particular order, one at a time (a log does not fit a list). */
    void scan(long workspaceId, Reading reading, Consumer<LoggedEvent> each);

    /**
     * Which events to read. Start from {@link #everything()} and narrow it; each method answers a
     * new reading.
     *
     * @param names event names to read; empty: all messages (identify, page, … included)
     * @param tracksOnly only {@code track} messages
     * @param withProperties the event names whose {@code properties} are decoded
     * @param brandId only this brand's events, or null
     * @param customers only these customers' events, or null
     * @param occurredAfter only events that happened after this instant, or null
     * @param after only events logged after this sequence number
     * @param through only events logged up to this sequence number
     */
    record Reading(
            Set<String> names,
            boolean tracksOnly,
            Set<String> withProperties,
            Long brandId,
            Collection<Integer> customers,
            Instant occurredAfter,
            long after,
            long through) {

        public static Reading everything() {
            return new Reading(Set.of(), false, Set.of(), null, null, null, 0, Long.MAX_VALUE);
        }

        public Reading named(Set<String> names) {
            return new Reading(
                    Set.copyOf(names), true, withProperties, brandId, customers, occurredAfter, after, through);
        }

        public Reading named(String... names) {
            return named(Set.of(names));
        }

        public Reading tracks() {
            return new Reading(names, true, withProperties, brandId, customers, occurredAfter, after, through);
        }

        public Reading withProperties(String... names) {
            return new Reading(
                    this.names, tracksOnly, Set.of(names), brandId, customers, occurredAfter, after, through);
        }

        public Reading ofBrand(long brandId) {
            return new Reading(names, tracksOnly, withProperties, brandId, customers, occurredAfter, after, through);
        }

        public Reading ofCustomers(Collection<Integer> customers) {
            return new Reading(
                    names, tracksOnly, withProperties, brandId, List.copyOf(customers), occurredAfter, after, through);
        }

        public Reading occurredAfter(Instant instant) {
            return new Reading(names, tracksOnly, withProperties, brandId, customers, instant, after, through);
        }

        public Reading after(long seq) {
            return new Reading(names, tracksOnly, withProperties, brandId, customers, occurredAfter, seq, through);
        }

        public Reading through(long seq) {
            return new Reading(names, tracksOnly, withProperties, brandId, customers, occurredAfter, after, seq);
        }
    }
}
