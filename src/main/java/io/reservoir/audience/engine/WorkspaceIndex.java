package io.reservoir.audience.engine;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.roaringbitmap.RoaringBitmap;

/**
 * Everything a segment rule can ask about the customers of one workspace, in memory: who is
 * active, attribute values, identity types held, open relations per brand and field, members and
 * tiers, points balances, consent, tag values, and the recent events of the indexed names.
 * Readers take the read lock; the loader takes the write lock to apply a batch of changes.
 */
final class WorkspaceIndex {

    /** What a tag held without a value is stored as: no rule value can name it. */
    static final String PLAIN_TAG = "\u0000";

    final long workspaceId;
    final ReadWriteLock lock = new ReentrantReadWriteLock();

    final RoaringBitmap active = new RoaringBitmap();
    final Map<String, Dimension> attributes = new HashMap<>();
    /** Attributes with too many distinct values to index (names, emails): answered by SQL. */
    final Set<String> unindexedAttributes = new HashSet<>();

    final Map<String, RoaringBitmap> identities = new HashMap<>();
    final Map<Long, Map<String, RoaringBitmap>> relations = new HashMap<>();
    final Map<Long, RoaringBitmap> members = new HashMap<>();
    final Map<Long, Dimension> tiers = new HashMap<>();
    final Map<Long, long[]> points = new HashMap<>();
    final Map<String, Dimension> consent = new HashMap<>();
    final Map<Long, Dimension> tags = new HashMap<>();
    final Map<String, EventColumns> events = new HashMap<>();
    final Vocabulary channels = new Vocabulary();
    final Vocabulary fields = new Vocabulary();
    final Map<Long, java.time.ZoneId> zones = new HashMap<>();

    /** The event log is indexed up to this sequence number. */
    long logCursor;
    /** Events at or before this epoch microsecond are not indexed: rules reaching further use SQL. */
    long eventHorizon;

    /** The event names whose events are held (others are answered by SQL). */
    final Set<String> indexedEvents;

    WorkspaceIndex(long workspaceId, Collection<String> indexedEvents) {
        this.workspaceId = workspaceId;
        this.indexedEvents = Set.copyOf(indexedEvents);
    }

    /** Removes what the index holds about the customers' state (not their events). */
    void forget(Collection<Integer> customerNos) {
        for (int no : customerNos) {
            active.remove(no);
            attributes.values().forEach(d -> d.clear(no));
            identities.values().forEach(b -> b.remove(no));
            relations.values().forEach(byField -> byField.values().forEach(b -> b.remove(no)));
            members.values().forEach(b -> b.remove(no));
            tiers.values().forEach(d -> d.clear(no));
            points.replaceAll((brand, balances) -> {
                if (no < balances.length) {
                    balances[no] = 0;
                }
                return balances;
            });
            consent.values().forEach(d -> d.clear(no));
            tags.values().forEach(d -> d.clear(no));
        }
    }

    void forgetEvents(Collection<Integer> customerNos) {
        for (int no : customerNos) {
            events.values().forEach(columns -> columns.drop(no));
        }
    }

    void attribute(int no, String name, String value, int maxDistinct) {
        if (unindexedAttributes.contains(name)) {
            return;
        }
        Dimension dimension = attributes.computeIfAbsent(name, n -> new Dimension());
        dimension.set(no, value);
        if (dimension.distinctValues() > maxDistinct) {
            attributes.remove(name);
            unindexedAttributes.add(name);
        }
    }

    void identity(int no, String type) {
        identities.computeIfAbsent(type, t -> new RoaringBitmap()).add(no);
    }

    void relation(int no, long brand, String field) {
        relations
                .computeIfAbsent(brand, b -> new HashMap<>())
                .computeIfAbsent(field, f -> new RoaringBitmap())
                .add(no);
    }

    void member(int no, long brand, String tier) {
        members.computeIfAbsent(brand, b -> new RoaringBitmap()).add(no);
        tiers.computeIfAbsent(brand, b -> new Dimension()).set(no, tier);
    }

    void points(int no, long brand, long balance) {
        long[] balances = points.computeIfAbsent(brand, b -> new long[0]);
        if (no >= balances.length) {
            balances = Arrays.copyOf(balances, Math.max(no + 1, balances.length * 2 + 16));
            points.put(brand, balances);
        }
        balances[no] = balance;
    }

    void consent(int no, String channel, boolean granted) {
        consent.computeIfAbsent(channel, c -> new Dimension()).set(no, granted ? "granted" : "withdrawn");
    }

    void tag(int no, long tagId, String value) {
        tags.computeIfAbsent(tagId, t -> new Dimension()).set(no, value == null ? PLAIN_TAG : value);
    }

    void event(
            String name,
            int no,
            long atMicros,
            long amountFen,
            long brand,
            int localDay,
            String channel,
            String field) {
        events.computeIfAbsent(name, n -> new EventColumns())
                .add(no, atMicros, amountFen, (int) brand, localDay, channels.code(channel), fields.code(field));
    }

    /** Approximate bytes held, for the memory metric. */
    long bytes() {
        long bytes = active.getLongSizeInBytes();
        for (Dimension d : attributes.values()) {
            bytes += d.bytes();
        }
        for (RoaringBitmap b : identities.values()) {
            bytes += b.getLongSizeInBytes();
        }
        for (Map<String, RoaringBitmap> byField : relations.values()) {
            for (RoaringBitmap b : byField.values()) {
                bytes += b.getLongSizeInBytes();
            }
        }
        for (RoaringBitmap b : members.values()) {
            bytes += b.getLongSizeInBytes();
        }
        for (Dimension d : tiers.values()) {
            bytes += d.bytes();
        }
        for (long[] p : points.values()) {
            bytes += p.length * 8L;
        }
        for (Dimension d : consent.values()) {
            bytes += d.bytes();
        }
        for (Dimension d : tags.values()) {
            bytes += d.bytes();
        }
        for (EventColumns e : events.values()) {
            bytes += e.bytes();
        }
        return bytes;
    }
}
