package io.reservoir.identity;

import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.vault.PiiVault;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resolves batches of identity claims to customer numbers, creating and merging profiles.
 *
 * <p><b>Union–find.</b> The persistent forest is {@code customer.merged_into}, kept compressed:
 * a retired number always points straight at its surviving root, and every identity row points at
 * a root. Within a batch an in-memory union–find ({@link ProfileUnion}, held by {@link Batch}) joins
 * profiles as claims arrive, so a thousand claims cost one read of the identities involved and a few
 * batched writes.
 *
 * <p><b>Concurrency.</b> Each batch first locks the workspace's counter row. Nodes sharing one
 * database therefore resolve a workspace's identities one batch at a time, and each batch reads
 * the identities committed before it: two nodes never create two profiles for one new identity.
 *
 * <p><b>Unique-per-person types</b> ({@link IdentityType#uniquePerPerson()}): two profiles holding
 * different values of such a type are not merged, and a second value is not added to a profile
 * that has one; both cases are recorded as conflicts, the second value getting a profile of its own.
 *
 * <p><b>Dated by the data.</b> A profile's {@code created_at} and an identity's {@code first_seen}
 * are the time of the earliest event that names them, whenever it arrives: an event that occurred
 * before them (an import not in time order, older history imported later) moves them back, and a
 * merge keeps the earlier of the two profiles' dates.
 */
@Component
class IdentityGraph {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final PiiVault vault;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final IdentityCache cache;

    IdentityGraph(
            JdbcClient jdbc,
            JdbcTemplate batch,
            PiiVault vault,
            ApplicationEventPublisher events,
            JsonMapper json,
            Clock clock,
            IdentityCache cache) {
        this.cache = cache;
        this.jdbc = jdbc;
        this.batch = batch;
        this.vault = vault;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    /** A stored identity: its type and the key it is found by. */
    record Key(IdentityType type, String lookup) {}

    Key key(IdentityValue identity) {
        String lookup = identity.type().personalData()
                ? vault.lookupHash(identity.type().id(), identity.value())
                : identity.value();
        return new Key(identity.type(), lookup);
    }

    /**
     * Must run inside a transaction; returns each claim's customer number (a root). Known
     * identities come from the {@link IdentityCache} when it holds them at the current generation.
     */
    int[] resolve(long workspaceId, List<IdentityClaim> claims) {
        Counter counter = lockCounter(workspaceId);
        Batch b = new Batch(workspaceId, counter.next());
        Set<Key> keys = new LinkedHashSet<>();
        for (IdentityClaim claim : claims) {
            for (IdentityValue identity : claim.identities()) {
                keys.add(b.keyOf(identity));
            }
        }
        b.known.putAll(cache.roots(workspaceId, counter.generation(), keys));
        Set<Key> missing = new LinkedHashSet<>(keys);
        missing.removeAll(b.known.keySet());
        if (!missing.isEmpty()) {
            b.known.putAll(loadKnown(workspaceId, missing));
        }
        loadUniques(workspaceId, Set.copyOf(b.known.values()))
                .forEach((customer, held) -> held.forEach((type, lookup) -> b.union.hold(customer, type, lookup)));

        int[] anchors = new int[claims.size()];
        for (int i = 0; i < claims.size(); i++) {
            anchors[i] = b.claim(claims.get(i));
        }
        persist(b);
        int[] roots = new int[anchors.length];
        for (int i = 0; i < anchors.length; i++) {
            roots[i] = b.union.find(anchors[i]);
        }
        Map<Key, Integer> resolved = new HashMap<>();
        b.known.forEach((key, customer) -> resolved.put(key, b.union.find(customer)));
        b.attached.forEach(a -> resolved.put(a.key(), b.union.find(a.customer())));
        cache.rememberAfterCommit(workspaceId, counter.generation() + b.merges.size(), resolved);
        return roots;
    }

    /** The workspace's counter row: the next customer number and the generation of its identities. */
    record Counter(int next, long generation) {}

    /** Serialises identity changes of a workspace across nodes; held until the transaction ends. */
    Counter lockCounter(long workspaceId) {
        // ON CONFLICT DO NOTHING: a concurrent first batch of the workspace must not hit a duplicate
        // key, which on PostgreSQL would abort the whole transaction.
        jdbc.sql("insert into customer_counter (workspace_id, next_no) values (:ws, 0) on conflict do nothing")
                .param("ws", workspaceId)
                .update();
        return jdbc.sql("select next_no, generation from customer_counter where workspace_id = :ws for update")
                .param("ws", workspaceId)
                .query((rs, row) -> new Counter(rs.getInt(1), rs.getLong(2)))
                .single();
    }

    /**
     * Identities now point elsewhere (a merge, an unmerge, an erasure): every node's {@link
     * IdentityCache} of the workspace is stale from this transaction on.
     */
    private void newGeneration(long workspaceId) {
        jdbc.sql("update customer_counter set generation = generation + 1 where workspace_id = :ws")
                .param("ws", workspaceId)
                .update();
        cache.forget(workspaceId);
    }

    private Map<Key, Integer> loadKnown(long workspaceId, Set<Key> keys) {
        Map<Key, Integer> known = new HashMap<>();
        batch.query(
                """
                select k.id_type, k.lookup_key,
                       (select i.customer_no from customer_identity i
                         where i.workspace_id = ? and i.id_type = k.id_type and i.lookup_key = k.lookup_key)
                  from unnest(cast(? as varchar array), cast(? as varchar array)) as k(id_type, lookup_key)
                """,
                rs -> {
                    int customer = rs.getInt(3);
                    if (!rs.wasNull()) {
                        known.put(new Key(IdentityType.of(rs.getString(1)).orElseThrow(), rs.getString(2)), customer);
                    }
                },
                workspaceId,
                SqlArrays.varchars(keys.stream().map(k -> k.type().id()).toList()),
                SqlArrays.varchars(keys.stream().map(Key::lookup).toList()));
        return known;
    }

    /**
     * The unique-per-person identities of {@code customers}. Filtered here rather than in SQL: a
     * type filter lets PostgreSQL prefer scanning every such identity of the workspace over one
     * index probe per customer, which grows with the workspace.
     */
    private Map<Integer, Map<IdentityType, String>> loadUniques(long workspaceId, Set<Integer> customers) {
        Map<Integer, Map<IdentityType, String>> uniques = new HashMap<>();
        batch.query(
                """
                select i.customer_no, i.id_type, i.lookup_key
                  from unnest(cast(? as integer array)) as k(customer_no)
                  join customer_identity i on i.workspace_id = ? and i.customer_no = k.customer_no
                """,
                rs -> {
                    IdentityType type = IdentityType.of(rs.getString(2)).orElseThrow();
                    if (type.uniquePerPerson()) {
                        uniques.computeIfAbsent(rs.getInt(1), c -> new EnumMap<>(IdentityType.class))
                                .put(type, rs.getString(3));
                    }
                },
                SqlArrays.integers(customers),
                workspaceId);
        return uniques;
    }

    private void persist(Batch b) {
        Instant now = SqlTime.now(clock);
        Map<Integer, Instant> dated = b.datedRoots();
        if (!b.created.isEmpty()) {
            batch.batchUpdate(
                    "insert into customer (workspace_id, customer_no, public_id, status, created_at) values (?, ?, ?, 'active', ?)",
                    b.created.stream()
                            .map(c -> new Object[] {
                                b.workspaceId,
                                c.no(),
                                publicId(),
                                SqlTime.param(
                                        ProfileDates.earlier(c.at(), dated.getOrDefault(b.union.find(c.no()), c.at())))
                            })
                            .toList());
        }
        if (!b.attached.isEmpty()) {
            batch.batchUpdate(
                    """
                    insert into customer_identity (workspace_id, id_type, lookup_key, sealed_value, customer_no, first_seen)
                    values (?, ?, ?, ?, ?, ?)
                    """,
                    b.attached.stream()
                            .map(a -> new Object[] {
                                b.workspaceId,
                                a.key().type().id(),
                                a.key().lookup(),
                                a.identity().type().personalData()
                                        ? vault.seal(a.identity().value())
                                        : null,
                                b.union.find(a.customer()),
                                SqlTime.param(b.seen.get(a.key()))
                            })
                            .toList());
        }
        Set<Integer> created = new HashSet<>();
        b.created.forEach(c -> created.add(c.no()));
        Set<Key> attached = new HashSet<>();
        b.attached.forEach(a -> attached.add(a.key()));
        ProfileDates.backdate(batch, b.workspaceId, dated, created, b.seen, attached);
        for (Merge merge : b.merges) {
            merge(b.workspaceId, merge);
        }
        if (!b.conflicts.isEmpty()) {
            batch.batchUpdate(
                    """
                    insert into identity_conflict (workspace_id, customer_a, customer_b, id_type, cause, detected_at)
                    values (?, ?, ?, ?, ?, ?)
                    """,
                    b.conflicts.stream()
                            .map(c -> new Object[] {
                                b.workspaceId, c.a(), c.b(), c.type().id(), c.cause(), SqlTime.param(now)
                            })
                            .toList());
        }
        if (b.next != b.firstNo) {
            jdbc.sql("update customer_counter set next_no = :next where workspace_id = :ws")
                    .param("next", b.next)
                    .param("ws", b.workspaceId)
                    .update();
        }
    }

    /** Retires the loser: its identities, attributes and consent move to the winner; modules follow. */
    void merge(long workspaceId, Merge merge) {
        newGeneration(workspaceId);
        int winner = merge.winner();
        int loser = merge.loser();
        List<List<String>> moved = jdbc.sql(
                        "select id_type, lookup_key from customer_identity where workspace_id = :ws and customer_no = :loser")
                .param("ws", workspaceId)
                .param("loser", loser)
                .query((rs, row) -> List.of(rs.getString(1), rs.getString(2)))
                .list();
        jdbc.sql("update customer_identity set customer_no = :winner where workspace_id = :ws and customer_no = :loser")
                .param("winner", winner)
                .param("ws", workspaceId)
                .param("loser", loser)
                .update();
        jdbc.sql(
                        "update customer set status = 'merged', merged_into = :winner where workspace_id = :ws and customer_no = :loser")
                .param("winner", winner)
                .param("ws", workspaceId)
                .param("loser", loser)
                .update();
        jdbc.sql("update customer set merged_into = :winner where workspace_id = :ws and merged_into = :loser")
                .param("winner", winner)
                .param("ws", workspaceId)
                .param("loser", loser)
                .update();
        ProfileDates.keepEarlier(jdbc, workspaceId, winner, loser);
        Profiles.moveNewest(jdbc, workspaceId, "customer_attribute", "name", "updated_at", loser, winner);
        Profiles.moveNewest(jdbc, workspaceId, "customer_consent", "channel", "changed_at", loser, winner);
        jdbc.sql("""
                        insert into customer_merge (workspace_id, winner_no, loser_no, cause, merged_at, identities)
                        values (:ws, :winner, :loser, :cause, :at, :identities)
                        """)
                .param("ws", workspaceId)
                .param("winner", winner)
                .param("loser", loser)
                .param("cause", merge.cause())
                .param("at", SqlTime.param(merge.at()))
                .param("identities", json.writeValueAsString(moved))
                .update();
        events.publishEvent(new CustomersMerged(workspaceId, winner, loser, merge.cause()));
    }

    /**
     * Undoes the latest merge that retired {@code restored}: the identities it brought move back
     * from the profile that holds them now, and profiles merged into it earlier point at it again.
     */
    void unmerge(long workspaceId, int restored) {
        lockCounter(workspaceId);
        newGeneration(workspaceId);
        Integer root = jdbc.sql(
                        "select merged_into from customer where workspace_id = :ws and customer_no = :no and status = 'merged'")
                .param("ws", workspaceId)
                .param("no", restored)
                .query(Integer.class)
                .optional()
                .orElse(null);
        record Undone(long id, String identities) {}
        Undone merge = root == null
                ? null
                : jdbc
                        .sql("""
                                select id, identities from customer_merge
                                 where workspace_id = :ws and loser_no = :no and undone_at is null
                                 order by id desc
                                """)
                        .param("ws", workspaceId)
                        .param("no", restored)
                        .query((rs, row) -> new Undone(rs.getLong(1), rs.getString(2)))
                        .list()
                        .stream()
                        .findFirst()
                        .orElse(null);
        if (merge == null) {
            throw io.reservoir.platform.errors.ReservoirException.conflict("id", "the customer is not merged");
        }
        List<Object[]> moves = new ArrayList<>();
        for (var pair : json.readTree(merge.identities())) {
            moves.add(new Object[] {
                restored, workspaceId, pair.get(0).asString(), pair.get(1).asString(), root
            });
        }
        batch.batchUpdate("""
                update customer_identity set customer_no = ?
                 where workspace_id = ? and id_type = ? and lookup_key = ? and customer_no = ?
                """, moves);
        for (int descendant : mergedInto(workspaceId, restored)) {
            jdbc.sql("update customer set merged_into = :restored where workspace_id = :ws and customer_no = :no")
                    .param("restored", restored)
                    .param("ws", workspaceId)
                    .param("no", descendant)
                    .update();
        }
        jdbc.sql(
                        "update customer set status = 'active', merged_into = null where workspace_id = :ws and customer_no = :no")
                .param("ws", workspaceId)
                .param("no", restored)
                .update();
        jdbc.sql("update customer_merge set undone_at = :at where workspace_id = :ws and id = :id")
                .param("at", SqlTime.param(SqlTime.now(clock)))
                .param("ws", workspaceId)
                .param("id", merge.id())
                .update();
        // A withdrawal known to the merged profile may have come from either person: keep it for both.
        jdbc.sql("""
                        insert into customer_consent (workspace_id, customer_no, channel, granted, source, changed_at)
                        select workspace_id, :restored, channel, granted, source, changed_at from customer_consent
                         where workspace_id = :ws and customer_no = :root and granted = false
                        """)
                .param("restored", restored)
                .param("ws", workspaceId)
                .param("root", root)
                .update();
        events.publishEvent(new CustomerUnmerged(workspaceId, root, restored));
    }

    /** Numbers retired into {@code customerNo} (directly or through others) by merges still in force. */
    private List<Integer> mergedInto(long workspaceId, int customerNo) {
        List<Integer> found = new ArrayList<>();
        List<Integer> frontier = List.of(customerNo);
        while (!frontier.isEmpty()) {
            frontier = batch.queryForList("""
                    select m.loser_no from unnest(cast(? as integer array)) as k(winner_no)
                      join customer_merge m on m.workspace_id = ? and m.winner_no = k.winner_no and m.undone_at is null
                      join customer c on c.workspace_id = m.workspace_id and c.customer_no = m.loser_no and c.status = 'merged'
                    """, Integer.class, SqlArrays.integers(frontier), workspaceId);
            found.addAll(frontier);
        }
        return found;
    }

    /**
     * Erases a customer and the profiles merged into it: identities, attributes and consent go, the
     * merge records forget the identities they listed; the numbers stay, marked erased, so that
     * anonymised facts still add up.
     */
    void erase(long workspaceId, int customerNo) {
        lockCounter(workspaceId);
        newGeneration(workspaceId);
        List<Integer> numbers = new ArrayList<>(mergedInto(workspaceId, customerNo));
        numbers.add(customerNo);
        for (String table : List.of("customer_identity", "customer_attribute", "customer_consent")) {
            batch.update(
                    "delete from " + table
                            + " where workspace_id = ? and customer_no in (select k.n from unnest(cast(? as integer array)) as k(n))",
                    workspaceId,
                    SqlArrays.integers(numbers));
        }
        batch.update(
                "update customer_merge set identities = '[]' where workspace_id = ? and (winner_no in (select k.n from unnest(cast(? as integer array)) as k(n)) or loser_no in (select k.n from unnest(cast(? as integer array)) as k(n)))",
                workspaceId,
                SqlArrays.integers(numbers),
                SqlArrays.integers(numbers));
        batch.update(
                "update customer set status = 'erased' where workspace_id = ? and customer_no in (select k.n from unnest(cast(? as integer array)) as k(n))",
                workspaceId,
                SqlArrays.integers(numbers));
        events.publishEvent(new CustomerErased(workspaceId, customerNo));
    }

    /** Which customer holds each identity now; identities nobody holds are absent. */
    Map<IdentityValue, Integer> holders(long workspaceId, java.util.Collection<IdentityValue> identities) {
        Map<Key, IdentityValue> byKey = new HashMap<>();
        identities.forEach(identity -> byKey.put(key(identity), identity));
        Map<IdentityValue, Integer> holders = new HashMap<>();
        loadKnown(workspaceId, byKey.keySet()).forEach((key, no) -> holders.put(byKey.get(key), no));
        return holders;
    }

    private String publicId() {
        char[] alphabet = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
        StringBuilder id = new StringBuilder("c");
        for (int i = 0; i < 15; i++) {
            id.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return id.toString();
    }

    record Created(int no, Instant at) {}

    record Attached(Key key, IdentityValue identity, int customer, Instant at) {}

    record Merge(int winner, int loser, String cause, Instant at) {}

    record Conflict(int a, int b, IdentityType type, String cause) {}

    /** The in-memory state of one batch: known identities, their profiles' union, pending writes. */
    final class Batch {

        final long workspaceId;
        final int firstNo;
        int next;
        final Map<Key, Integer> known = new HashMap<>();
        final ProfileUnion union = new ProfileUnion();
        final Map<IdentityValue, Key> keys = new HashMap<>();
        final List<Created> created = new ArrayList<>();
        final List<Attached> attached = new ArrayList<>();
        final List<Merge> merges = new ArrayList<>();
        final List<Conflict> conflicts = new ArrayList<>();
        /** The earliest time the batch's events name each identity. */
        final Map<Key, Instant> seen = new HashMap<>();
        /** The earliest time the batch's events belong to each profile (by the number they met). */
        final Map<Integer, Instant> dated = new HashMap<>();

        Batch(long workspaceId, int next) {
            this.workspaceId = workspaceId;
            this.firstNo = next;
            this.next = next;
        }

        Key keyOf(IdentityValue identity) {
            return keys.computeIfAbsent(identity, IdentityGraph.this::key);
        }

        /** The earliest date of each profile the batch's events belong to, by its root now. */
        Map<Integer, Instant> datedRoots() {
            Map<Integer, Instant> roots = new HashMap<>();
            dated.forEach((no, at) -> roots.merge(union.find(no), at, ProfileDates::earlier));
            return roots;
        }

        /** Applies one claim; returns the number of the profile the claim's event belongs to. */
        int claim(IdentityClaim claim) {
            List<Integer> roots = new ArrayList<>();
            for (IdentityValue identity : claim.identities()) {
                Integer owner = known.get(keyOf(identity));
                if (owner != null && !roots.contains(union.find(owner))) {
                    roots.add(union.find(owner));
                }
            }
            int anchor;
            if (roots.isEmpty()) {
                anchor = create(claim.at());
            } else {
                anchor = roots.get(0);
                for (int other : roots.subList(1, roots.size())) {
                    anchor = join(anchor, other, claim);
                }
            }
            for (IdentityValue identity : claim.identities()) {
                Key key = keyOf(identity);
                if (!known.containsKey(key)) {
                    attach(union.find(anchor), key, identity, claim);
                }
                seen.merge(key, claim.at(), ProfileDates::earlier);
            }
            int root = union.find(anchor);
            dated.merge(root, claim.at(), ProfileDates::earlier);
            return root;
        }

        private int create(Instant at) {
            int no = next++;
            created.add(new Created(no, at));
            return no;
        }

        private int join(int a, int b, IdentityClaim claim) {
            ProfileUnion.Outcome outcome = union.union(a, b);
            if (outcome instanceof ProfileUnion.Joined joined) {
                merges.add(new Merge(joined.winner(), joined.loser(), claim.cause(), claim.at()));
            } else if (outcome instanceof ProfileUnion.Refused refused) {
                conflicts.add(new Conflict(refused.kept(), refused.other(), refused.type(), claim.cause()));
            }
            return outcome.root();
        }

        private void attach(int customer, Key key, IdentityValue identity, IdentityClaim claim) {
            if (identity.type().uniquePerPerson()) {
                if (union.holdsOther(customer, identity.type(), key.lookup())) {
                    int own = create(claim.at());
                    conflicts.add(new Conflict(customer, own, identity.type(), claim.cause()));
                    customer = own;
                }
                union.hold(customer, identity.type(), key.lookup());
            }
            known.put(key, customer);
            attached.add(new Attached(key, identity, customer, claim.at()));
        }
    }
}
