package io.reservoir.audience;

import io.reservoir.identity.ProfileRows;
import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.tenancy.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Who holds a tag, and the changes to that: each one kept in the tag's history with its cause.
 * Not a bean: {@link Tags} checks the caller and the input, locks the tag row and holds the
 * transaction, so the changes of one tag take turns and the history is their exact sequence.
 */
final class TagAssignments {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final ProfileRows profiles;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    TagAssignments(
            JdbcClient jdbc,
            JdbcTemplate batch,
            ProfileRows profiles,
            AuditLog audit,
            Clock clock,
            ApplicationEventPublisher events) {
        this.profiles = profiles;
        this.jdbc = jdbc;
        this.batch = batch;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Gives the locked tag to customers with {@code value} ({@code assign}), or takes it from those
     * who hold it; merged numbers stand for their survivor, erased customers are skipped. Audited.
     *
     * @throws ReservoirException invalid naming {@code customerNos[i]} when a number is no customer
     *     of the workspace (nothing is written then)
     */
    Tags.Update change(
            Caller caller, long tagId, String value, boolean assign, List<Integer> customerNos, String cause) {
        long ws = caller.workspaceId();
        Targets targets = targets(ws, customerNos);
        Map<Integer, String> held = held(ws, tagId, targets.customerNos());
        Instant now = SqlTime.now(clock);
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> deletes = new ArrayList<>();
        List<TagFollower.Change> changes = new ArrayList<>();
        for (int no : targets.customerNos()) {
            boolean holds = held.containsKey(no);
            String old = held.get(no);
            if (assign && !holds) {
                inserts.add(new Object[] {ws, tagId, no, value, SqlTime.param(now)});
                changes.add(new TagFollower.Change(tagId, no, "added", null, value));
            } else if (assign && !Objects.equals(old, value)) {
                updates.add(new Object[] {value, SqlTime.param(now), ws, tagId, no});
                changes.add(new TagFollower.Change(tagId, no, "changed", old, value));
            } else if (!assign && holds) {
                deletes.add(new Object[] {ws, tagId, no});
                changes.add(new TagFollower.Change(tagId, no, "removed", old, null));
            }
        }
        batch.batchUpdate(
                "insert into customer_tag (workspace_id, tag_id, customer_no, tag_value, assigned_at) values (?, ?, ?, ?, ?)",
                inserts);
        batch.batchUpdate(
                "update customer_tag set tag_value = ?, assigned_at = ? where workspace_id = ? and tag_id = ? and customer_no = ?",
                updates);
        batch.batchUpdate(
                "delete from customer_tag where workspace_id = ? and tag_id = ? and customer_no = ?", deletes);
        TagFollower.record(batch, ws, changes, now, cause);
        if (!changes.isEmpty()) {
            events.publishEvent(new TagsChanged(
                    ws, changes.stream().map(TagFollower.Change::customerNo).collect(Collectors.toSet())));
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("value", value);
        detail.put("changed", changes.size());
        detail.put("cause", cause);
        audit.record(caller, assign ? "tag.assigned" : "tag.removed", "tag", tagId, detail);
        return new Tags.Update(changes.size(), targets.customerNos().size() - changes.size(), targets.skipped());
    }

    /** The holders of a tag: customer number → value (null for a plain tag). */
    Map<Integer, String> holders(long ws, long tagId) {
        Map<Integer, String> held = new HashMap<>();
        jdbc.sql("select customer_no, tag_value from customer_tag where workspace_id = :ws and tag_id = :tag")
                .param("ws", ws)
                .param("tag", tagId)
                .query(rs -> {
                    held.put(rs.getInt(1), rs.getString(2));
                });
        return held;
    }

    /** The profiles a change reaches, in the order asked, and how many erased customers it skips. */
    private record Targets(Set<Integer> customerNos, int skipped) {}

    private Targets targets(long ws, List<Integer> customerNos) {
        Set<Integer> targets = new LinkedHashSet<>();
        int skipped = 0;
        Map<Integer, Customer> customers = customers(ws, customerNos);
        for (int i = 0; i < customerNos.size(); i++) {
            Integer no = customerNos.get(i);
            Customer customer = no == null ? null : customers.get(no);
            if (customer == null) {
                throw ReservoirException.invalid("customerNos[" + i + "]", "there is no customer " + no);
            }
            switch (customer.status()) {
                case "active" -> targets.add(no);
                case "merged" -> targets.add(customer.mergedInto());
                default -> skipped++;
            }
        }
        return new Targets(targets, skipped);
    }

    /** The values of the tag that {@code customerNos} hold now; customers without it are absent. */
    private Map<Integer, String> held(long ws, long tagId, Set<Integer> customerNos) {
        Map<Integer, String> held = new HashMap<>();
        for (List<Integer> slice : Tags.slices(customerNos)) {
            jdbc.sql("""
                            select t.customer_no, t.tag_value from unnest(cast(:nos as integer array)) as k(no)
                              join customer_tag t on t.workspace_id = :ws and t.tag_id = :tag and t.customer_no = k.no
                            """)
                    .param("nos", SqlArrays.integers(slice))
                    .param("ws", ws)
                    .param("tag", tagId)
                    .query(rs -> {
                        held.put(rs.getInt(1), rs.getString(2));
                    });
        }
        return held;
    }

    private record Customer(String status, Integer mergedInto) {}

    private Map<Integer, Customer> customers(long ws, List<Integer> customerNos) {
        Map<Integer, Customer> found = new HashMap<>();
        for (List<Integer> slice : Tags.slices(new LinkedHashSet<>(customerNos))) {
            profiles.statuses(ws, slice, (no, status, mergedInto) -> found.put(no, new Customer(status, mergedInto)));
        }
        return found;
    }
}
