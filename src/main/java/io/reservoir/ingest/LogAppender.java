package io.reservoir.ingest;

import io.reservoir.identity.IdentityValue;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.vault.PiiVault;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The first stage of the intake, inside the group-commit transaction: drops replays, checks the
 * rules that need the database (a refund may not exceed what its order has left, counting the
 * orders logged and not yet projected), and appends the admitted messages to the event log. Nothing
 * is projected here: {@link EventProjector} follows the log.
 *
 * <p>The workspace's {@code event_log_head} row is locked first, so that across nodes the seq
 * numbers of a workspace commit in the order they were given out: a follower of seq (the projection)
 * never passes a number that is still to commit.
 */
@Component
class LogAppender {

    private final JdbcTemplate jdbc;
    private final PiiVault vault;
    private final PendingOrders pending;
    private final LoggedMessages loggedMessages;

    LogAppender(JdbcTemplate jdbc, PiiVault vault, PendingOrders pending, LoggedMessages loggedMessages) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.pending = pending;
        this.loggedMessages = loggedMessages;
    }

    /**
     * What one transaction did: what to tell each caller, and per workspace the messages it logged
     * and the head of the log after it.
     */
    record Appended(List<Runnable> completions, Map<Long, Long> heads, Map<Long, List<String>> logged) {}

    Appended append(List<Submission> batch) {
        Map<Long, List<Submission>> byWorkspace = new LinkedHashMap<>();
        batch.forEach(s -> byWorkspace
                .computeIfAbsent(s.workspaceId(), w -> new ArrayList<>())
                .add(s));
        Appended appended = new Appended(new ArrayList<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        try {
            byWorkspace.forEach((workspaceId, submissions) -> append(workspaceId, submissions, appended));
        } catch (RuntimeException failed) {
            rolledBack(appended);
            throw failed;
        }
        return appended;
    }

    private void append(long workspaceId, List<Submission> submissions, Appended appended) {
        long head = lockHead(workspaceId);
        List<Incoming> fresh = new ArrayList<>();
        Admitted admitted = admit(workspaceId, submissions, fresh);
        if (!fresh.isEmpty()) {
            appended.logged()
                    .put(workspaceId, fresh.stream().map(Incoming::messageId).toList());
            noteInMemory(workspaceId, fresh, admitted.orders());
            head = appendToLog(workspaceId, fresh);
        }
        appended.heads().put(workspaceId, head);
        long position = head;
        for (Outcome outcome : admitted.outcomes()) {
            appended.completions()
                    .add(
                            outcome.failure() != null
                                    ? () -> outcome.submission().done().completeExceptionally(outcome.failure())
                                    : () -> outcome.submission()
                                            .done()
                                            .complete(new Submission.Result(
                                                    outcome.accepted(),
                                                    outcome.duplicates(),
                                                    outcome.rejected(),
                                                    position)));
        }
    }

    /** Undoes what {@link #append} noted in memory, when its transaction did not commit. */
    void rolledBack(Appended appended) {
        appended.logged().forEach((workspaceId, messageIds) -> {
            pending.remove(workspaceId, messageIds);
            loggedMessages.forget(workspaceId, messageIds);
        });
    }

    private long lockHead(long workspaceId) {
        int created = jdbc.update(
                "insert into event_log_head (workspace_id, last_seq) values (?, 0) on conflict do nothing",
                workspaceId);
        if (created > 0) {
            jdbc.update(
                    "insert into intake_projection (workspace_id, projected_seq) values (?, 0) on conflict do nothing",
                    workspaceId);
        }
        return jdbc.queryForObject(
                "select last_seq from event_log_head where workspace_id = ? for update", Long.class, workspaceId);
    }

    /** What became of one call: admitted (with replays and refusals counted) or failed whole. */
    private record Outcome(
            Submission submission,
            int accepted,
            int duplicates,
            List<Intake.Rejected> rejected,
            RuntimeException failure) {}

    private record Admitted(List<Outcome> outcomes, OrderBook orders) {}

    private Admitted admit(long workspaceId, List<Submission> submissions, List<Incoming> fresh) {
        List<Incoming> all =
                submissions.stream().flatMap(s -> s.messages().stream()).toList();
        Set<String> logged = existingMessageIds(workspaceId, all);
        OrderBook orders = OrderBook.load(jdbc, workspaceId, all, pending);
        List<Outcome> outcomes = new ArrayList<>();
        for (Submission submission : submissions) {
            Checked checked = check(submission, logged, orders);
            if (checked.failure() != null) {
                outcomes.add(new Outcome(submission, 0, 0, List.of(), checked.failure()));
                continue;
            }
            checked.accepted().forEach(m -> logged.add(m.messageId()));
            checked.draft().commit();
            fresh.addAll(checked.accepted());
            outcomes.add(
                    new Outcome(submission, checked.accepted().size(), checked.duplicates(), checked.rejected(), null));
        }
        return new Admitted(outcomes, orders);
    }

    /** The logged messages for the projection, and their orders and refunds for the next checks. */
    private void noteInMemory(long workspaceId, List<Incoming> fresh, OrderBook orders) {
        for (Incoming m : fresh) {
            if (m.order() != null && orders.isFirst(m)) {
                pending.addOrder(
                        workspaceId,
                        new OrderBook.Key(m.brandId(), m.order().orderId()),
                        m.messageId(),
                        m.order().totalFen());
            } else if (m.refund() != null && m.refund().orderId() != null) {
                pending.addRefund(
                        workspaceId,
                        new OrderBook.Key(m.brandId(), m.refund().orderId()),
                        m.messageId(),
                        orders.refundAmount(m));
            }
        }
        loggedMessages.remember(workspaceId, fresh);
    }

    private record Checked(
            List<Incoming> accepted,
            int duplicates,
            List<Intake.Rejected> rejected,
            OrderBook.Draft draft,
            RuntimeException failure) {}

    /** Drops replays and applies the refund rule, per call, against the orders known so far. */
    private static Checked check(Submission submission, Set<String> logged, OrderBook orders) {
        List<Incoming> accepted = new ArrayList<>();
        List<Intake.Rejected> rejected = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        OrderBook.Draft draft = orders.draft();
        int duplicates = 0;
        for (int i = 0; i < submission.messages().size(); i++) {
            Incoming message = submission.messages().get(i);
            if (logged.contains(message.messageId()) || !seen.add(message.messageId())) {
                duplicates++;
                continue;
            }
            try {
                accepted.add(draft.admit(message));
            } catch (ReservoirException refused) {
                if (submission.allOrNothing()) {
                    return new Checked(List.of(), 0, List.of(), draft, refused);
                }
                rejected.add(new Intake.Rejected(i, refused.field(), refused.getMessage()));
            }
        }
        return new Checked(accepted, duplicates, rejected, draft, null);
    }

    /** Appends the messages (customer not yet resolved) and moves the head; returns the new head. */
    private long appendToLog(long workspaceId, List<Incoming> messages) {
        List<Object[]> rows = new ArrayList<>(messages.size());
        for (Incoming m : messages) {
            rows.add(new Object[] {
                workspaceId,
                m.messageId(),
                m.brandId(),
                m.channel(),
                m.field(),
                m.type(),
                m.eventName(),
                SqlTime.param(m.occurredAt()),
                SqlTime.param(m.receivedAt()),
                sealedIdentities(m.identities()),
                m.payload()
            });
        }
        jdbc.batchUpdate("""
                insert into event_log (workspace_id, message_id, brand_id, channel, field, msg_type, event_name,
                                       occurred_at, received_at, identity_keys, payload)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, rows);
        // the index's columns in full and descending: both databases read one entry of the index
        long head = jdbc.queryForObject("""
                select seq from event_log where workspace_id = ?
                 order by workspace_id desc, seq desc fetch first 1 rows only
                """, Long.class, workspaceId);
        jdbc.update("update event_log_head set last_seq = ? where workspace_id = ?", head, workspaceId);
        return head;
    }

    /** The event's identities, encrypted: the projection resolves them, an unmerge re-resolves them. */
    private String sealedIdentities(List<IdentityValue> identities) {
        return vault.seal(
                identities.stream().map(i -> i.type().id() + ":" + i.value()).collect(Collectors.joining("\n")));
    }

    private Set<String> existingMessageIds(long workspaceId, List<Incoming> messages) {
        List<String> ids = messages.stream().map(Incoming::messageId).distinct().toList();
        Set<String> existing = new HashSet<>();
        jdbc.query(
                """
                select k.id from unnest(cast(? as varchar array)) as k(id)
                 where (select e.seq from event_log e where e.workspace_id = ? and e.message_id = k.id) is not null
                """,
                rs -> {
                    existing.add(rs.getString(1));
                },
                SqlArrays.varchars(ids),
                workspaceId);
        return existing;
    }
}
