package io.reservoir.identity;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Recently resolved identities of each workspace, so that a known identity is resolved without a
 * database round trip.
 *
 * <p><b>Correct across nodes.</b> An entry says "this identity belongs to this root" and holds only
 * while nothing re-points identities: every merge, unmerge and erasure bumps the workspace's {@code
 * customer_counter.generation} in its transaction, and every resolution reads the generation under
 * the counter's lock ({@link IdentityGraph#lockCounter}). A cache made at another generation is
 * dropped whole; one made at this generation is exact, whichever node made the change, because the
 * lock orders all changes of a workspace. Identities added meanwhile by another node are simply not
 * cached yet: a miss reads the database. Entries are added only after their transaction committed.
 */
@Component
class IdentityCache {

    /** Entries kept per workspace; past it the workspace's cache starts again (bounded memory). */
    static final int MAX_ENTRIES = 2_000_000;

    private record Known(long generation, Map<IdentityGraph.Key, Integer> roots) {}

    private final Map<Long, Known> byWorkspace = new ConcurrentHashMap<>();

    /** The cached roots of {@code keys}, read at {@code generation}; none if the cache is of another. */
    Map<IdentityGraph.Key, Integer> roots(long workspaceId, long generation, Collection<IdentityGraph.Key> keys) {
        Known known = byWorkspace.get(workspaceId);
        Map<IdentityGraph.Key, Integer> found = new HashMap<>();
        if (known == null || known.generation() != generation) {
            byWorkspace.remove(workspaceId);
            return found;
        }
        for (IdentityGraph.Key key : keys) {
            Integer root = known.roots().get(key);
            if (root != null) {
                found.put(key, root);
            }
        }
        return found;
    }

    /** Remembers {@code roots}, true at {@code generation}, once the current transaction commits. */
    void rememberAfterCommit(long workspaceId, long generation, Map<IdentityGraph.Key, Integer> roots) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            remember(workspaceId, generation, roots);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                remember(workspaceId, generation, roots);
            }
        });
    }

    private void remember(long workspaceId, long generation, Map<IdentityGraph.Key, Integer> roots) {
        Known known = byWorkspace.compute(
                workspaceId,
                (ws, current) -> current == null
                                || current.generation() < generation
                                || current.roots().size() > MAX_ENTRIES
                        ? new Known(generation, new ConcurrentHashMap<>())
                        : current);
        if (known.generation() == generation) {
            known.roots().putAll(roots);
        }
    }

    /** Forgets a workspace (deleted, or its identities re-pointed by this node). */
    void forget(long workspaceId) {
        byWorkspace.remove(workspaceId);
    }
}
