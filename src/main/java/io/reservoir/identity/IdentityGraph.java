package io.reservoir.identity;

import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.vault.PiiVault;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
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
 * a root. Within a batch an in-memory union–find ({@link Batch}) joins profiles as claims arrive,
 * so a thousand claims cost one read of the identities involved and a few batched writes.
 *
 * <p><b>Concurrency.</b> Each batch first locks the workspace's counter row. Nodes sharing one
 * database therefore resolve a workspace's identities one batch at a time, and each batch reads
 * the identities committed before it: two nodes never create two profiles for one new identity.
 *
 * <p><b>Unique-per-person types</b> ({@link IdentityType#uniquePerPerson()}): two profiles holding
 * different values of such a type are not merged, and a second value is not added to a profile
 * that has one; both cases are recorded as conflicts, the second value getting a profile of its own.
 */
@Component
class IdentityGraph {

    private static final int IN_LIST = 400;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final PiiVault vault;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    IdentityGraph(
            JdbcClient jdbc,
            JdbcTemplate batch,
            PiiVault vault,
            ApplicationEventPublisher events,
            JsonMapper json,
            Clock clock) {
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

    /** Must run inside a transaction; returns each claim's customer number (a root). */
    int[] resolve(long workspaceId, List<IdentityClaim> claims) {
        int next = lockCounter(workspaceId);
        Batch b = new Batch(workspaceId, next);
        Set<Key> keys = new LinkedHashSet<>();
        for (IdentityClaim claim : claims) {
            for (IdentityValue identity : claim.identities()) {
                keys.add(b.keyOf(identity));
            }
        }
        b.known.putAll(loadKnown(workspaceId, keys));
        b.uniques.putAll(loadUniques(workspaceId, Set.copyOf(b.known.values())));

        int[] anchors = new int[claims.size()];
        for (int i = 0; i < claims.size(); i++) {
            anchors[i] = b.claim(claims.get(i));
        }
        persist(b);
        int[] roots = new int[anchors.length];
        for (int i = 0; i < anchors.length; i++) {
            roots[i] = b.find(anchors[i]);
        }
        return roots;
    }

    private int lockCounter(long workspaceId) {
        if (jdbc.sql("update customer_counter set next_no = next_no where workspace_id = :ws")
                        .param("ws", workspaceId)
                        .update()
                == 0) {
            try {
                jdbc.sql("insert into customer_counter (workspace_id, next_no) values (:ws, 0)")
                        .param("ws", workspaceId)
                        .update();
            } catch (org.springframework.dao.DuplicateKeyException raced) {
                // another node created it a moment ago; the select below waits for its lock
            }
        }
        return jdbc.sql("select next_no from customer_counter where workspace_id = :ws for update")
                .param("ws", workspaceId)
                .query(Integer.class)
                .single();
    }

    /**
     * Reads the keys type by type, joined as a table {@code (values (?), …)}: H2 uses an index for
     * {@code in (…)} only on its first column, so both a row-value list {@code (id_type, lookup_key)
     * in ((?, ?), …)} and {@code lookup_key in (…)} would scan every identity of the workspace for
     * each batch; the join looks each key up in the primary key.
     */
    private Map<Key, Integer> loadKnown(long workspaceId, Set<Key> keys) {
        Map<Key, Integer> known = new HashMap<>();
        Map<IdentityType, List<String>> byType = new EnumMap<>(IdentityType.class);
        for (Key key : keys) {
            byType.computeIfAbsent(key.type(), t -> new ArrayList<>()).add(key.lookup());
        }
        byType.forEach((type, lookups) -> {
            for (int from = 0; from < lookups.size(); from += IN_LIST) {
                List<String> chunk = lookups.subList(from, Math.min(lookups.size(), from + IN_LIST));
                List<Object> params = new ArrayList<>(chunk.size() + 2);
                params.addAll(chunk);
                params.add(workspaceId);
                params.add(type.id());
                StringBuilder lookupKeys = new StringBuilder("(values (cast(? as varchar(200)))");
                lookupKeys.append(", (?)".repeat(chunk.size() - 1)).append(") v(id)");
                batch.query(
                        "select i.lookup_key, i.customer_no from " + lookupKeys
                                + " join customer_identity i on i.workspace_id = ? and i.id_type = ? and i.lookup_key = v.id",
                        rs -> {
                            known.put(new Key(type, rs.getString(1)), rs.getInt(2));
                        },
                        params.toArray());
            }
        });
        return known;
    }

    private Map<Integer, Map<IdentityType, String>> loadUniques(long workspaceId, Set<Integer> customers) {
        Map<Integer, Map<IdentityType, String>> uniques = new HashMap<>();
        List<Integer> all = new ArrayList<>(customers);
        for (int from = 0; from < all.size(); from += IN_LIST) {
            List<Integer> chunk = all.subList(from, Math.min(all.size(), from + IN_LIST));
            // joined as a table for the index's sake, as in loadKnown
            List<Object> params = new ArrayList<>(chunk);
            params.add(workspaceId);
            batch.query(
                    "select i.customer_no, i.id_type, i.lookup_key from (values (cast(? as integer))"
                            + ", (?)".repeat(chunk.size() - 1)
                            + ") v(no) join customer_identity i on i.workspace_id = ? and i.customer_no = v.no"
                            + " where i.id_type in ('phone', 'member_no', 'wechat_unionid')",
                    rs -> {
                        uniques.computeIfAbsent(rs.getInt(1), c -> new EnumMap<>(IdentityType.class))
                                .put(IdentityType.of(rs.getString(2)).orElseThrow(), rs.getString(3));
                    },
                    params.toArray());
        }
        return uniques;
    }

    private void persist(Batch b) {
        Instant now = SqlTime.now(clock);
        if (!b.created.isEmpty()) {
            batch.batchUpdate(
                    "insert into customer (workspace_id, customer_no, public_id, status, created_at) values (?, ?, ?, 'active', ?)",
                    b.created.stream()
                            .map(c -> new Object[] {b.workspaceId, c.no(), publicId(), SqlTime.param(c.at())})
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
                                b.find(a.customer()),
                                SqlTime.param(a.at())
                            })
                            .toList());
        }
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

    /** The in-memory state of one batch: known identities, union–find over numbers, pending writes. */
    final class Batch {

        final long workspaceId;
        final int firstNo;
        int next;
        final Map<Key, Integer> known = new HashMap<>();
        final Map<Integer, Map<IdentityType, String>> uniques = new HashMap<>();
        final Map<Integer, Integer> parent = new HashMap<>();
        final Map<IdentityValue, Key> keys = new HashMap<>();
        final List<Created> created = new ArrayList<>();
        final List<Attached> attached = new ArrayList<>();
        final List<Merge> merges = new ArrayList<>();
        final List<Conflict> conflicts = new ArrayList<>();

        Batch(long workspaceId, int next) {
            this.workspaceId = workspaceId;
            this.firstNo = next;
            this.next = next;
        }

        Key keyOf(IdentityValue identity) {
            return keys.computeIfAbsent(identity, IdentityGraph.this::key);
        }

        int find(int no) {
            int root = no;
            while (parent.containsKey(root)) {
                root = parent.get(root);
            }
            return root;
        }

        /** Applies one claim; returns the number of the profile the claim's event belongs to. */
        int claim(IdentityClaim claim) {
            List<Integer> roots = new ArrayList<>();
            for (IdentityValue identity : claim.identities()) {
                Integer owner = known.get(keyOf(identity));
                if (owner != null && !roots.contains(find(owner))) {
                    roots.add(find(owner));
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
                    attach(find(anchor), key, identity, claim);
                }
            }
            return find(anchor);
        }

        private int create(Instant at) {
            int no = next++;
            created.add(new Created(no, at));
            return no;
        }

        private int join(int a, int b, IdentityClaim claim) {
            a = find(a);
            b = find(b);
            if (a == b) {
                return a;
            }
            Map<IdentityType, String> ua = uniques.getOrDefault(a, Map.of());
            Map<IdentityType, String> ub = uniques.getOrDefault(b, Map.of());
            for (var entry : ua.entrySet()) {
                String other = ub.get(entry.getKey());
                if (other != null && !other.equals(entry.getValue())) {
                    conflicts.add(new Conflict(a, b, entry.getKey(), claim.cause()));
                    return a;
                }
            }
            int winner = Math.min(a, b);
            int loser = Math.max(a, b);
            parent.put(loser, winner);
            Map<IdentityType, String> joined = new EnumMap<>(IdentityType.class);
            joined.putAll(uniques.getOrDefault(loser, Map.of()));
            joined.putAll(uniques.getOrDefault(winner, Map.of()));
            uniques.put(winner, joined);
            uniques.remove(loser);
            merges.add(new Merge(winner, loser, claim.cause(), claim.at()));
            return winner;
        }

        private void attach(int customer, Key key, IdentityValue identity, IdentityClaim claim) {
            if (identity.type().uniquePerPerson()) {
                String held = uniques.getOrDefault(customer, Map.of()).get(identity.type());
                if (held != null && !held.equals(key.lookup())) {
                    int own = create(claim.at());
                    conflicts.add(new Conflict(customer, own, identity.type(), claim.cause()));
                    customer = own;
                }
                uniques.computeIfAbsent(customer, c -> new EnumMap<>(IdentityType.class))
                        .put(identity.type(), key.lookup());
            }
            known.put(key, customer);
            attached.add(new Attached(key, identity, customer, claim.at()));
        }
    }
}
