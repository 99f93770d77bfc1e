package io.reservoir.ingest;

import io.reservoir.identity.AttributeChange;
import io.reservoir.identity.ConsentChange;
import io.reservoir.identity.Customers;
import io.reservoir.identity.IdentityClaim;
import io.reservoir.identity.IdentityValue;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.vault.PiiVault;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes one batch of calls inside the writer's transaction: drops replays, checks the rules that
 * need the database, resolves identities, appends to the event log and updates the projections
 * (profiles, consent, orders, refunds, relations). Returns what to tell each caller once the
 * transaction has committed.
 */
@Component
class EventProjector {

    private final JdbcTemplate jdbc;
    private final Customers customers;
    private final PiiVault vault;
    private final RelationProjection relations;

    EventProjector(JdbcTemplate jdbc, Customers customers, PiiVault vault, RelationProjection relations) {
        this.jdbc = jdbc;
        this.customers = customers;
        this.vault = vault;
        this.relations = relations;
    }

    List<Runnable> apply(List<Submission> batch) {
        Map<Long, List<Submission>> byWorkspace = new LinkedHashMap<>();
        batch.forEach(s -> byWorkspace
                .computeIfAbsent(s.workspaceId(), w -> new ArrayList<>())
                .add(s));
        List<Runnable> completions = new ArrayList<>();
        byWorkspace.forEach((workspaceId, submissions) -> completions.addAll(apply(workspaceId, submissions)));
        return completions;
    }

    private List<Runnable> apply(long workspaceId, List<Submission> submissions) {
        Set<String> logged = existingMessageIds(workspaceId, submissions);
        OrderBook orders = OrderBook.load(jdbc, workspaceId, submissions);
        List<Incoming> fresh = new ArrayList<>();
        List<Runnable> completions = new ArrayList<>();
        for (Submission submission : submissions) {
            Checked checked = check(submission, logged, orders);
            if (checked.failure() != null) {
                completions.add(() -> submission.done().completeExceptionally(checked.failure()));
                continue;
            }
            checked.accepted().forEach(m -> logged.add(m.messageId()));
            checked.draft().commit();
            fresh.addAll(checked.accepted());
            var result = new Submission.Result(checked.accepted().size(), checked.duplicates(), checked.rejected());
            completions.add(() -> submission.done().complete(result));
        }
        if (!fresh.isEmpty()) {
            write(workspaceId, fresh, orders);
        }
        return completions;
    }

    private record Checked(
            List<Incoming> accepted,
            int duplicates,
            List<Intake.Rejected> rejected,
            OrderBook.Draft draft,
            RuntimeException failure) {}

    /** Drops replays and applies the refund rule, per call, against the orders known so far. */
    private Checked check(Submission submission, Set<String> logged, OrderBook orders) {
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

    private void write(long workspaceId, List<Incoming> messages, OrderBook orders) {
        List<IdentityClaim> claims = messages.stream()
                .map(m -> new IdentityClaim(m.identities(), m.occurredAt(), m.messageId()))
                .toList();
        int[] customerNos = customers.resolve(workspaceId, claims);
        appendToLog(workspaceId, messages, customerNos);

        List<AttributeChange> attributes = new ArrayList<>();
        List<ConsentChange> consent = new ArrayList<>();
        List<Object[]> newOrders = new ArrayList<>();
        List<Object[]> refunds = new ArrayList<>();
        Set<RelationProjection.Key> relationKeys = new LinkedHashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            Incoming m = messages.get(i);
            int no = customerNos[i];
            m.attributes()
                    .forEach((name, value) -> attributes.add(new AttributeChange(no, name, value, m.occurredAt())));
            m.consent()
                    .forEach((channel, granted) ->
                            consent.add(new ConsentChange(no, channel, granted, "identify", m.occurredAt())));
            if (m.order() != null && orders.isFirst(m)) {
                Incoming.Order o = m.order();
                newOrders.add(new Object[] {
                    workspaceId,
                    m.brandId(),
                    o.orderId(),
                    no,
                    m.channel(),
                    SqlTime.param(m.occurredAt()),
                    o.totalFen(),
                    o.currency(),
                    o.items(),
                    o.couponCodes(),
                    o.guideCode(),
                    o.shareCode(),
                    m.messageId()
                });
            }
            if (m.refund() != null) {
                refunds.add(new Object[] {
                    workspaceId,
                    m.messageId(),
                    m.brandId(),
                    m.refund().orderId(),
                    no,
                    orders.refundAmount(m),
                    SqlTime.param(m.occurredAt())
                });
            }
            if (m.relation() != null) {
                relationKeys.add(
                        new RelationProjection.Key(no, m.brandId(), m.relation().field()));
            }
        }
        customers.applyAttributes(workspaceId, attributes);
        customers.applyConsent(workspaceId, consent);
        if (!newOrders.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into customer_order (workspace_id, brand_id, order_id, customer_no, channel, paid_at, paid_fen,
                                                currency, items, coupon_codes, guide_code, share_code, message_id)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, newOrders);
        }
        if (!refunds.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into order_refund (workspace_id, message_id, brand_id, order_id, customer_no, amount_fen, refunded_at)
                    values (?, ?, ?, ?, ?, ?, ?)
                    """, refunds);
        }
        relations.recompute(workspaceId, relationKeys);
    }

    private void appendToLog(long workspaceId, List<Incoming> messages, int[] customerNos) {
        List<Object[]> rows = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Incoming m = messages.get(i);
            rows.add(new Object[] {
                workspaceId,
                m.messageId(),
                customerNos[i],
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
                insert into event_log (workspace_id, message_id, customer_no, brand_id, channel, field, msg_type, event_name,
                                       occurred_at, received_at, identity_keys, payload)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, rows);
    }

    /** The event's identities, encrypted: kept so that an unmerge can re-resolve the event. */
    private String sealedIdentities(List<IdentityValue> identities) {
        return vault.seal(
                identities.stream().map(i -> i.type().id() + ":" + i.value()).collect(Collectors.joining("\n")));
    }

    private Set<String> existingMessageIds(long workspaceId, List<Submission> submissions) {
        List<String> ids = submissions.stream()
                .flatMap(s -> s.messages().stream())
                .map(Incoming::messageId)
                .distinct()
                .toList();
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
