package io.reservoir.audience;

import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * The tags of a workspace and who holds them. Every change of a holder's tag is kept in the tag's
 * history with its cause; changes of one tag take turns (the tag row is locked), so the history
 * is the exact sequence of values. When profiles merge the survivor gets the retired profile's
 * tags, the more recent assignment winning where both held one ({@link TagFollower}).
 */
@Service
public class Tags {

    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 1_000;
    static final int MAX_VALUE = 200;
    static final int MAX_CAUSE = 200;
    static final int MAX_CUSTOMERS = 100_000;

    /**
     * What one assign or remove did.
     *
     * @param changed holders added, given another value, or removed
     * @param unchanged customers that already were as asked
     * @param skipped erased customers, who hold no tags
     */
    public record Update(int changed, int unchanged, int skipped) {}

    /**
     * How many customers hold a tag with one value.
     *
     * @param value null for the plain tag
     */
    public record ValueCount(String value, long holders) {}

    /**
     * One change of one holder's tag.
     *
     * @param kind {@code added}, {@code changed} or {@code removed}
     * @param cause why: {@code manual}, the uploaded file, a merge…
     */
    public record Change(
            int customerNo, String kind, String oldValue, String newValue, Instant changedAt, String cause) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final RuleChecker checker;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Tags(
            JdbcClient jdbc,
            JdbcTemplate batch,
            RuleChecker checker,
            AuditLog audit,
            Clock clock,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.checker = checker;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Creates a tag. Operators; audited.
     *
     * @param description may be null
     * @param rule required for {@link TagKind#RULE} tags (checked like a segment's rule), refused for
     *     the others
     * @throws ReservoirException invalid, or conflict when the name is taken
     */
    @Transactional
    public Tag create(Caller caller, String name, TagKind kind, String description, JsonNode rule) {
        caller.require(Role.OPERATOR);
        String validName = text("name", name, MAX_NAME);
        if (kind == null) {
            throw ReservoirException.invalid("kind", "is required: manual, rule or model");
        }
        String validDescription =
                description == null || description.isBlank() ? null : text("description", description, MAX_DESCRIPTION);
        boolean hasRule = rule != null && !rule.isNull() && !rule.isMissingNode();
        SegmentRule parsed = null;
        if (kind == TagKind.RULE) {
            parsed = SegmentRule.fromJson(rule, "rule");
            checker.check(caller.workspaceId(), parsed, "rule", null);
        } else if (hasRule) {
            throw ReservoirException.invalid("rule", "only rule tags have a rule");
        }
        String ruleText = parsed == null ? null : StoredRule.write(parsed);
        if (ruleText != null && ruleText.length() > StoredRule.MAX_LENGTH) {
            throw ReservoirException.invalid("rule", "is longer than " + StoredRule.MAX_LENGTH + " characters");
        }
        Instant now = SqlTime.now(clock);
        var keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                            insert into tag (workspace_id, name, kind, description, rule, created_at)
                            values (:ws, :name, :kind, :description, :rule, :at)
                            """)
                    .param("ws", caller.workspaceId())
                    .param("name", validName)
                    .param("kind", kind.id())
                    .param("description", validDescription)
                    .param("rule", ruleText)
                    .param("at", SqlTime.param(now))
                    .update(keys, "id");
        } catch (DuplicateKeyException e) {
            throw ReservoirException.conflict("name", "a tag named '" + validName + "' already exists");
        }
        long id = keys.getKeyAs(Long.class);
        audit.record(caller, "tag.created", "tag", id, Map.of("name", validName, "kind", kind.id()));
        return new Tag(id, validName, kind, validDescription, parsed, now);
    }

    /** @throws ReservoirException not_found when the tag is not in the caller's workspace */
    @Transactional(readOnly = true)
    public Tag get(Caller caller, long id) {
        caller.require(Role.OPERATOR, Role.ANALYST);
        return find(caller.workspaceId(), id, false);
    }

    /** The workspace's tags by name. */
    @Transactional(readOnly = true)
    public List<Tag> list(Caller caller) {
        caller.require(Role.OPERATOR, Role.ANALYST);
        return jdbc.sql("select * from tag where workspace_id = :ws order by name")
                .param("ws", caller.workspaceId())
                .query(Tags::tag)
                .list();
    }

    /**
     * Gives the tag to customers, with {@code value} (null for a plain tag); a holder with another
     * value gets this one. A merged customer's number stands for the profile it was merged into;
     * erased customers are skipped. Operators; audited.
     *
     * @param cause why, for the history (e.g. the uploaded file); null: {@code manual}
     * @throws ReservoirException invalid naming {@code customerNos[i]} when a number is no customer
     *     of the workspace (nothing is written then)
     */
    @Transactional
    public Update assign(Caller caller, long tagId, String value, List<Integer> customerNos, String cause) {
        caller.require(Role.OPERATOR);
        String validValue = value == null ? null : value(value);
        return change(caller, tagId, validValue, true, customerNos, cause);
    }

    /** Takes the tag from customers who hold it, whatever its value. Otherwise as {@link #assign}. */
    @Transactional
    public Update remove(Caller caller, long tagId, List<Integer> customerNos, String cause) {
        caller.require(Role.OPERATOR);
        return change(caller, tagId, null, false, customerNos, cause);
    }

    /**
     * How many customers hold each tag of the workspace, per value (the plain tag's value is null),
     * most held first; tags nobody holds are absent. Operators and analysts.
     */
    @Transactional(readOnly = true)
    public Map<Long, List<ValueCount>> counts(Caller caller) {
        caller.require(Role.OPERATOR, Role.ANALYST);
        Map<Long, List<ValueCount>> counts = new LinkedHashMap<>();
        jdbc.sql("""
                        select tag_id, tag_value, count(*) as holders from customer_tag
                         where workspace_id = :ws
                         group by tag_id, tag_value order by tag_id, holders desc, tag_value
                        """).param("ws", caller.workspaceId()).query(rs -> {
            counts.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>())
                    .add(new ValueCount(rs.getString(2), rs.getLong(3)));
        });
        return counts;
    }

    /**
     * The latest {@code limit} changes of a tag's holders, newest first. Operators and analysts.
     *
     * @throws ReservoirException not_found, invalid {@code limit} outside 1..1000
     */
    @Transactional(readOnly = true)
    public List<Change> history(Caller caller, long tagId, int limit) {
        caller.require(Role.OPERATOR, Role.ANALYST);
        if (limit < 1 || limit > 1_000) {
            throw ReservoirException.invalid("limit", "must be between 1 and 1000");
        }
        find(caller.workspaceId(), tagId, false);
        return jdbc.sql("""
                        select * from tag_change where workspace_id = :ws and tag_id = :tag
                         order by id desc fetch first :limit rows only
                        """)
                .param("ws", caller.workspaceId())
                .param("tag", tagId)
                .param("limit", limit)
                .query((rs, row) -> new Change(
                        rs.getInt("customer_no"),
                        rs.getString("change_kind"),
                        rs.getString("old_value"),
                        rs.getString("new_value"),
                        SqlTime.read(rs, "changed_at"),
                        rs.getString("cause")))
                .list();
    }

    private Update change(
            Caller caller, long tagId, String value, boolean assign, List<Integer> customerNos, String cause) {
        long ws = caller.workspaceId();
        String validCause = cause == null || cause.isBlank() ? "manual" : text("cause", cause, MAX_CAUSE);
        if (customerNos == null) {
            throw ReservoirException.invalid("customerNos", "is required");
        }
        if (customerNos.size() > MAX_CUSTOMERS) {
            throw ReservoirException.tooLarge("customerNos", "at most " + MAX_CUSTOMERS + " customers per call");
        }
        find(ws, tagId, true);
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
        Map<Integer, String> held = new HashMap<>();
        jdbc.sql("""
                        select t.customer_no, t.tag_value from unnest(cast(:nos as integer array)) as k(no)
                          join customer_tag t on t.workspace_id = :ws and t.tag_id = :tag and t.customer_no = k.no
                        """)
                .param("nos", SqlArrays.integers(targets))
                .param("ws", ws)
                .param("tag", tagId)
                .query(rs -> {
                    held.put(rs.getInt(1), rs.getString(2));
                });
        Instant now = SqlTime.now(clock);
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> deletes = new ArrayList<>();
        List<TagFollower.Change> changes = new ArrayList<>();
        for (int no : targets) {
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
        TagFollower.record(batch, ws, changes, now, validCause);
        if (!changes.isEmpty()) {
            events.publishEvent(new TagsChanged(
                    ws, changes.stream().map(TagFollower.Change::customerNo).collect(Collectors.toSet())));
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("value", value);
        detail.put("changed", changes.size());
        detail.put("cause", validCause);
        audit.record(caller, assign ? "tag.assigned" : "tag.removed", "tag", tagId, detail);
        return new Update(changes.size(), targets.size() - changes.size(), skipped);
    }

    private record Customer(String status, Integer mergedInto) {}

    private Map<Integer, Customer> customers(long ws, List<Integer> customerNos) {
        Map<Integer, Customer> found = new HashMap<>();
        jdbc.sql("""
                        select c.customer_no, c.status, c.merged_into from unnest(cast(:nos as integer array)) as k(no)
                          join customer c on c.workspace_id = :ws and c.customer_no = k.no
                        """)
                .param("nos", SqlArrays.integers(new LinkedHashSet<>(customerNos)))
                .param("ws", ws)
                .query(rs -> {
                    found.put(rs.getInt(1), new Customer(rs.getString(2), rs.getObject(3, Integer.class)));
                });
        return found;
    }

    /** The tag, locked until the transaction ends when {@code lock}. */
    private Tag find(long ws, long id, boolean lock) {
        return jdbc.sql("select * from tag where workspace_id = :ws and id = :id" + (lock ? " for update" : ""))
                .param("ws", ws)
                .param("id", id)
                .query(Tags::tag)
                .optional()
                .orElseThrow(() -> ReservoirException.notFound("tag", id));
    }

    private static Tag tag(ResultSet rs, int row) throws SQLException {
        String rule = rs.getString("rule");
        return new Tag(
                rs.getLong("id"),
                rs.getString("name"),
                TagKind.parse("kind", rs.getString("kind")),
                rs.getString("description"),
                rule == null ? null : StoredRule.read(rule),
                SqlTime.read(rs, "created_at"));
    }

    /** Values are kept exactly as given (a rule's value must match them exactly). */
    private static String value(String value) {
        if (value.isBlank()) {
            throw ReservoirException.invalid("value", "is blank; use null for a plain tag");
        }
        if (value.length() > MAX_VALUE) {
            throw ReservoirException.invalid("value", "is longer than " + MAX_VALUE + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw ReservoirException.invalid("value", "contains control characters");
        }
        return value;
    }

    private static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw ReservoirException.invalid(field, "is required");
        }
        String stripped = value.strip();
        if (stripped.length() > max) {
            throw ReservoirException.invalid(field, "is longer than " + max + " characters");
        }
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw ReservoirException.invalid(field, "contains control characters");
        }
        return stripped;
    }
}
