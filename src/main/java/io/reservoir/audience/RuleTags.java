package io.reservoir.audience;

import io.reservoir.identity.CustomerUnmerged;
import io.reservoir.identity.CustomersMerged;
import io.reservoir.loyalty.MembersChanged;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import io.reservoir.platform.tenancy.WorkspaceDeleting;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the holders of rule tags and model tags current: a rule tag is held by exactly the
 * customers its rule selects now ({@link Audiences#select}), a model tag by the customers its model
 * gives a value ({@link TagModels}). Changes go through {@link Tags#assign} and
 * {@link Tags#remove}, so the history and the audience index follow.
 *
 * <h2>When</h2>
 * Each tag when its last computation is {@link RuleTagSettings#interval()} old (a new tag at once),
 * on demand ({@link #recompute}), and a workspace's rule tags {@link RuleTagSettings#afterChange()}
 * after its tags, memberships or profiles changed. A round takes a workspace's model tags first,
 * then its rule tags oldest first: a rule can only name tags older than its own (a tag named by a
 * rule cannot be deleted), so one round sees every tag it names already recomputed. The changes a
 * round makes do not call for another round, so a rule naming another rule tag, or a segment that
 * names the tag itself, cannot make rounds follow each other without pause.
 *
 * <h2>Several nodes</h2>
 * Computing a tag's holders happens outside any transaction; applying them locks the tag row, and a
 * scheduled recomputation that finds the tag computed meanwhile (by another node) gives way.
 */
@Service
public class RuleTags {

    private static final Logger log = LoggerFactory.getLogger(RuleTags.class);

    /** Changes made by a round, which must not ask for another. */
    private static final ThreadLocal<Boolean> IN_ROUND = ThreadLocal.withInitial(() -> false);

    /**
     * What one recomputation did.
     *
     * @param added customers who got the tag
     * @param changed holders given another value (model tags)
     * @param removed holders who lost it
     * @param members holders now
     */
    public record Recomputed(long tagId, int added, int changed, int removed, int members, Instant computedAt) {}

    private final Tags tags;
    private final Audiences audiences;
    private final TagModels models;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final RuleTagSettings settings;
    private final Clock clock;
    /** Workspaces whose rule tags are to be recomputed, with the time of the first change. */
    private final Map<Long, Instant> changed = new ConcurrentHashMap<>();
    /** Tags whose last recomputation failed, and when: retried after {@code afterChange}, not every tick. */
    private final Map<Long, Instant> failed = new ConcurrentHashMap<>();

    RuleTags(
            Tags tags,
            Audiences audiences,
            TagModels models,
            JdbcClient jdbc,
            TransactionTemplate tx,
            RuleTagSettings settings,
            Clock clock) {
        this.tags = tags;
        this.audiences = audiences;
        this.models = models;
        this.jdbc = jdbc;
        this.tx = tx;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Recomputes the holders of a rule tag or a model tag now. Operators; the changes are audited
     * as the caller's.
     *
     * @throws ReservoirException not_found; conflict when the tag is a manual one, or a model tag
     *     without a model (its holders are given, not computed)
     */
    public Recomputed recompute(Caller caller, long tagId) {
        caller.require(Role.OPERATOR);
        Tag tag = tags.get(caller, tagId);
        if (!tag.computed()) {
            throw ReservoirException.conflict(
                    "kind",
                    "tag '" + tag.name() + "' is a " + tag.kind().id()
                            + " tag whose holders are given, not computed; only rule tags and model tags with a"
                            + " model are recomputed");
        }
        return apply(caller, tag, null);
    }

    /**
     * Recomputes what is due at {@code now}: tags whose last computation is older than the
     * interval, and the rule tags of workspaces that changed at least {@code afterChange} ago.
     * Each tag commits on its own; a failure is logged and retried by the next round.
     *
     * @return how many tags were recomputed
     */
    int runDue(Instant now) {
        Instant stale = now.minus(settings.interval());
        Map<Long, Map<Long, Instant>> due = new HashMap<>(); // workspace → tag → computed after this is fresh
        jdbc.sql("""
                        select workspace_id, id from tag
                         where (kind = 'rule' or (kind = 'model' and rule is not null))
                           and (computed_at is null or computed_at <= :stale)
                        """).param("stale", SqlTime.param(stale)).query(rs -> {
            due.computeIfAbsent(rs.getLong(1), ws -> new HashMap<>()).put(rs.getLong(2), stale);
        });
        for (var entry : List.copyOf(changed.entrySet())) {
            long ws = entry.getKey();
            Instant since = entry.getValue();
            if (since.plus(settings.afterChange()).isAfter(now) || !changed.remove(ws, since)) {
                continue;
            }
            jdbc.sql("select id from tag where workspace_id = :ws and kind = 'rule'")
                    .param("ws", ws)
                    .query(Long.class)
                    .list()
                    .forEach(id -> due.computeIfAbsent(ws, w -> new HashMap<>())
                            .merge(id, since, (a, b) -> a.isAfter(b) ? a : b));
        }
        int done = 0;
        for (var workspace : due.entrySet()) {
            long ws = workspace.getKey();
            Caller system = Caller.system(ws);
            List<Tag> round = new ArrayList<>();
            for (long id : workspace.getValue().keySet()) {
                try {
                    round.add(tags.get(system, id));
                } catch (ReservoirException deleted) {
                    // deleted meanwhile
                }
            }
            round.sort((a, b) ->
                    a.kind() != b.kind() ? (a.kind() == TagKind.MODEL ? -1 : 1) : Long.compare(a.id(), b.id()));
            for (Tag tag : round) {
                Instant failedAt = failed.get(tag.id());
                if (failedAt != null && failedAt.plus(settings.afterChange()).isAfter(now)) {
                    continue;
                }
                IN_ROUND.set(true);
                try {
                    if (apply(system, tag, workspace.getValue().get(tag.id())) != null) {
                        done++;
                    }
                    failed.remove(tag.id());
                } catch (RuntimeException e) {
                    failed.put(tag.id(), now);
                    log.warn(
                            "Tag {} of workspace {} not recomputed; retrying in {}",
                            tag.id(),
                            ws,
                            settings.afterChange(),
                            e);
                } finally {
                    IN_ROUND.set(false);
                }
            }
        }
        return done;
    }

    @Scheduled(fixedDelayString = "${reservoir.audience.rule-tags.tick:5s}")
    void run() {
        try {
            runDue(clock.instant());
        } catch (RuntimeException e) {
            log.warn("Rule tags round failed; retrying next round", e);
        }
    }

    /**
     * Computes the tag's holders, then applies the difference under the tag's lock.
     *
     * @param freshAfter null: always; else give way (answer null) when the tag was computed after
     *     this instant, by another node or round
     */
    private Recomputed apply(Caller caller, Tag tag, Instant freshAfter) {
        long ws = caller.workspaceId();
        Instant now = audiences.now();
        Map<Integer, String> wanted = wanted(ws, tag, now);
        String cause =
                tag.kind() == TagKind.RULE ? "rule" : "model " + tag.model().id();
        return tx.execute(status -> {
            Tags.Locked locked = tags.lock(ws, tag.id());
            if (freshAfter != null
                    && locked.computedAt() != null
                    && locked.computedAt().isAfter(freshAfter)) {
                return null;
            }
            Map<Integer, String> held = tags.holders(ws, tag.id());
            Map<String, List<Integer>> give = new LinkedHashMap<>();
            int added = 0;
            int changedValue = 0;
            for (var entry : wanted.entrySet()) {
                Integer no = entry.getKey();
                String value = entry.getValue();
                if (!held.containsKey(no)) {
                    added++;
                } else if (!Objects.equals(held.get(no), value)) {
                    changedValue++;
                } else {
                    continue;
                }
                give.computeIfAbsent(value, v -> new ArrayList<>()).add(no);
            }
            List<Integer> take = held.keySet().stream()
                    .filter(no -> !wanted.containsKey(no))
                    .sorted()
                    .toList();
            for (var entry : give.entrySet()) {
                List<Integer> customers = entry.getValue();
                customers.sort(null);
                for (List<Integer> chunk : Tags.slices(customers)) {
                    tags.assign(caller, tag.id(), entry.getKey(), chunk, cause);
                }
            }
            for (List<Integer> chunk : Tags.slices(take)) {
                tags.remove(caller, tag.id(), chunk, cause);
            }
            tags.computed(ws, tag.id(), now);
            return new Recomputed(tag.id(), added, changedValue, take.size(), wanted.size(), now);
        });
    }

    private Map<Integer, String> wanted(long ws, Tag tag, Instant now) {
        if (tag.rule() != null) {
            RoaringBitmap selected = audiences.select(ws, tag.rule(), now);
            Map<Integer, String> wanted = new HashMap<>(selected.getCardinality() * 2);
            selected.forEach((int no) -> wanted.put(no, null));
            return wanted;
        }
        return models.values(ws, tag.model(), now);
    }

    /** Whether a change has asked for a round of the workspace's rule tags that has not run yet. */
    boolean pending(long workspaceId) {
        return changed.containsKey(workspaceId);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(WorkspaceDeleting deleting) {
        changed.remove(deleting.workspaceId());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TagsChanged event) {
        changed(event.workspaceId());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(MembersChanged event) {
        changed(event.workspaceId());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(CustomersMerged event) {
        changed(event.workspaceId());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(CustomerUnmerged event) {
        changed(event.workspaceId());
    }

    private void changed(long workspaceId) {
        if (!IN_ROUND.get()) {
            changed.putIfAbsent(workspaceId, clock.instant());
        }
    }
}
