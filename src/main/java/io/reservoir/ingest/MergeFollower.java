package io.reservoir.ingest;

import io.reservoir.identity.AttributeChange;
import io.reservoir.identity.ConsentChange;
import io.reservoir.identity.CustomerUnmerged;
import io.reservoir.identity.Customers;
import io.reservoir.identity.CustomersMerged;
import io.reservoir.identity.IdentityType;
import io.reservoir.identity.IdentityValue;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.vault.PiiVault;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps intake's per-customer rows with the right profile when profiles are merged or a merge is
 * undone. Plain (synchronous) listeners on purpose: they run inside the identity change's
 * transaction, so the change and its consequences commit together or not at all.
 */
@Component
class MergeFollower {

    private static final String[] PER_CUSTOMER = {"event_log", "customer_order", "order_refund"};

    private final JdbcTemplate jdbc;
    private final RelationProjection relations;
    private final Customers customers;
    private final PiiVault vault;
    private final MessageParser parser;

    MergeFollower(
            JdbcTemplate jdbc,
            RelationProjection relations,
            Customers customers,
            PiiVault vault,
            JsonMapper json,
            BrandDirectory brands) {
        this.jdbc = jdbc;
        this.relations = relations;
        this.customers = customers;
        this.vault = vault;
        this.parser = new MessageParser(json, brands);
    }

    @EventListener
    void on(CustomersMerged merged) {
        for (String table : PER_CUSTOMER) {
            jdbc.update(
                    "update " + table + " set customer_no = ? where workspace_id = ? and customer_no = ?",
                    merged.winner(),
                    merged.workspaceId(),
                    merged.loser());
        }
        jdbc.update(
                "delete from customer_relation where workspace_id = ? and customer_no = ?",
                merged.workspaceId(),
                merged.loser());
        relations.recomputeAll(merged.workspaceId(), merged.winner());
    }

    private record Logged(String messageId, Optional<IdentityValue> first) {}

    /**
     * An event belongs to whoever holds its first identity (docs/events.md): after an unmerge the
     * events whose first identity went back to the restored profile follow it, with their orders
     * and refunds; both profiles' attributes and relations are derived again from their events.
     */
    @EventListener
    void on(CustomerUnmerged unmerged) {
        long ws = unmerged.workspaceId();
        List<Logged> events = jdbc.query(
                "select message_id, identity_keys from event_log where workspace_id = ? and customer_no = ?",
                (rs, row) -> new Logged(rs.getString(1), firstIdentity(rs.getString(2))),
                ws,
                unmerged.from());
        var firsts = new HashSet<IdentityValue>();
        events.forEach(e -> e.first().ifPresent(firsts::add));
        Map<IdentityValue, Integer> holders = customers.holders(ws, firsts);
        List<Logged> moved = events.stream()
                .filter(e -> e.first().map(holders::get).orElse(-1) == unmerged.restored())
                .toList();
        for (String table : PER_CUSTOMER) {
            jdbc.batchUpdate(
                    "update " + table
                            + " set customer_no = ? where workspace_id = ? and message_id = ? and customer_no = ?",
                    moved.stream()
                            .map(e -> new Object[] {unmerged.restored(), ws, e.messageId(), unmerged.from()})
                            .toList());
        }
        rederiveProfile(ws, unmerged.restored());
        rederiveProfile(ws, unmerged.from());
        for (int customer : new int[] {unmerged.from(), unmerged.restored()}) {
            jdbc.update("delete from customer_relation where workspace_id = ? and customer_no = ?", ws, customer);
            relations.recomputeAll(ws, customer);
        }
    }

    /**
     * Attributes come only from identify events, so each side's are read again from its own log;
     * consent is re-read too, on top of what the unmerge kept (withdrawals known to either side).
     */
    private void rederiveProfile(long ws, int customer) {
        List<AttributeChange> attributes = new ArrayList<>();
        List<ConsentChange> consent = new ArrayList<>();
        jdbc.query(
                "select payload, occurred_at from event_log where workspace_id = ? and customer_no = ? and msg_type = 'identify'",
                rs -> {
                    Instant at = SqlTime.read(rs, "occurred_at");
                    MessageParser.Traits traits;
                    try {
                        traits = parser.traits(rs.getString(1));
                    } catch (ReservoirException loggedBeforeTodaysRules) {
                        return;
                    }
                    traits.attributes()
                            .forEach((name, value) -> attributes.add(new AttributeChange(customer, name, value, at)));
                    traits.consent()
                            .forEach((channel, granted) ->
                                    consent.add(new ConsentChange(customer, channel, granted, "identify", at)));
                },
                ws,
                customer);
        customers.replaceAttributes(ws, customer, attributes);
        customers.applyConsent(ws, consent);
    }

    /** The event's first identity, from the sealed list the log keeps ("type:value" per line). */
    private Optional<IdentityValue> firstIdentity(String sealed) {
        String identities = vault.open(sealed);
        int end = identities.indexOf('\n');
        String first = end < 0 ? identities : identities.substring(0, end);
        int colon = first.indexOf(':');
        if (colon < 1) {
            return Optional.empty();
        }
        return IdentityType.of(first.substring(0, colon))
                .map(type -> new IdentityValue(type, first.substring(colon + 1)));
    }
}
