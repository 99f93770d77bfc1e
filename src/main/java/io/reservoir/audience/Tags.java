package io.reservoir.audience;

import io.reservoir.identity.ProfileRows;
import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * The tags of a workspace and who holds them. Every change of a holder's tag is kept in the tag's
 * history with its cause ({@link TagAssignments}); changes of one tag take turns (the tag row is
 * locked), so the history is the exact sequence of values. When profiles merge the survivor gets
 * the retired profile's tags, the more recent assignment winning where both held one
 * ({@link TagFollower}).
 */
@Service
public class Tags {

    /** The models a model tag may have, by their JSON name ({@link TagModel}). */
    public static final List<String> MODELS = List.of(
            TagModel.Rfm.ID,
            TagModel.Lifecycle.ID,
            TagModel.PreferredCategory.ID,
            TagModel.PreferredChannel.ID,
            TagModel.PriceSensitivity.ID);

    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 1_000;
    static final int MAX_VALUE = 200;
    static final int MAX_CAUSE = 200;
    static final int MAX_CUSTOMERS = 100_000;
    /** Keys bound in one array parameter. */
    static final int SLICE = 10_000;

    /**
     * What one assign or remove did.
     *
     * @param changed holders added, given another value, or removed
     * @param unchanged customers that already were as asked
     * @param skipped erased customers, who hold no tags
     */
    public record Update(int changed, int unchanged, int skipped) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final RuleChecker checker;
    private final Brands brands;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final TagAssignments assignments;

    Tags(
            JdbcClient jdbc,
            JdbcTemplate batch,
            RuleChecker checker,
            Brands brands,
            ProfileRows profiles,
            AuditLog audit,
            Clock clock,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.checker = checker;
        this.brands = brands;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
        this.assignments = new TagAssignments(jdbc, batch, profiles, audit, clock, events);
    }

    /** Creates a tag without a model: {@link #create(Caller, String, TagKind, String, JsonNode, JsonNode)}. */
    @Transactional
    public Tag create(Caller caller, String name, TagKind kind, String description, JsonNode rule) {
        return create(caller, name, kind, description, rule, null);
    }

    /**
     * Creates a tag. Operators; audited. The holders of a rule tag, and of a model tag with a model,
     * are computed by {@link RuleTags} (soon after creation, then on its schedule).
     *
     * @param description may be null
     * @param rule required for {@link TagKind#RULE} tags (checked like a segment's rule), refused for
     *     the others
     * @param model for {@link TagKind#MODEL} tags, what computes the values ({@link TagModel}, its
     *     brand one of the workspace's); without one, the values are what {@link #assign} gives.
     *     Refused for the other kinds.
     * @throws ReservoirException invalid, naming the path of the problem under {@code rule} or
     *     {@code model}, or conflict when the name is taken
     */
    @Transactional
    public Tag create(Caller caller, String name, TagKind kind, String description, JsonNode rule, JsonNode model) {
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
        boolean hasModel = model != null && !model.isNull() && !model.isMissingNode();
        TagModel validModel = null;
        if (hasModel && kind != TagKind.MODEL) {
            throw ReservoirException.invalid("model", "only model tags have a model");
        }
        if (hasModel) {
            validModel = TagModel.fromJson(model, "model");
            long brandId = validModel.brandId();
            if (brands.list(Caller.system(caller.workspaceId())).stream().noneMatch(b -> b.id() == brandId)) {
                throw ReservoirException.invalid("model.brand", "there is no brand " + brandId + " in this workspace");
            }
        }
        String ruleText = parsed != null
                ? StoredRule.write(parsed)
                : validModel != null ? JSON.writeValueAsString(validModel.toJson()) : null;
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
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("name", validName);
        detail.put("kind", kind.id());
        if (ruleText != null) {
            detail.put(kind == TagKind.RULE ? "rule" : "model", ruleText);
        }
        audit.record(caller, "tag.created", "tag", id, detail);
        return new Tag(id, validName, kind, validDescription, parsed, validModel, now);
    }

    /**
     * Deletes a tag with its holders and history. Operators; audited. Refused while the rule of a
     * saved segment or of a rule tag names it: those rules would lose their meaning.
     *
     * @throws ReservoirException not_found, conflict naming the segments and tags in the way
     */
    @Transactional
    public void delete(Caller caller, long id) {
        caller.require(Role.OPERATOR);
        long ws = caller.workspaceId();
        Tag tag = find(ws, id, true);
        // Taken as segment rule changes take it, so no saved rule starts naming the tag meanwhile.
        List<String> users = new ArrayList<>();
        jdbc.sql("select id, name, rule from segment where workspace_id = :ws order by id for update")
                .param("ws", ws)
                .query(rs -> {
                    if (tagNames(StoredRule.read(rs.getString("rule"))).contains(tag.name())) {
                        users.add("segment " + rs.getLong("id") + " '" + rs.getString("name") + "'");
                    }
                });
        for (Tag other : list(caller)) {
            if (other.id() != id
                    && other.rule() != null
                    && tagNames(other.rule()).contains(tag.name())) {
                users.add("rule tag " + other.id() + " '" + other.name() + "'");
            }
        }
        if (!users.isEmpty()) {
            throw ReservoirException.conflict(
                    "id",
                    "tag '" + tag.name() + "' is named by the rule of " + String.join(", ", users)
                            + "; change or delete " + (users.size() == 1 ? "it" : "them") + " first");
        }
        Set<Integer> holders = holders(ws, id).keySet();
        for (String table : List.of("customer_tag", "tag_change")) {
            jdbc.sql("delete from " + table + " where workspace_id = :ws and tag_id = :id")
                    .param("ws", ws)
                    .param("id", id)
                    .update();
        }
        jdbc.sql("delete from tag where workspace_id = :ws and id = :id")
                .param("ws", ws)
                .param("id", id)
                .update();
        if (!holders.isEmpty()) {
            events.publishEvent(new TagsChanged(ws, Set.copyOf(holders)));
        }
        audit.record(
                caller,
                "tag.deleted",
                "tag",
                id,
                Map.of("name", tag.name(), "kind", tag.kind().id(), "holders", holders.size()));
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

    /** Checks the request at the door and locks the tag, so its changes take turns. */
    private Update change(
            Caller caller, long tagId, String value, boolean assign, List<Integer> customerNos, String cause) {
        String validCause = cause == null || cause.isBlank() ? "manual" : text("cause", cause, MAX_CAUSE);
        if (customerNos == null) {
            throw ReservoirException.invalid("customerNos", "is required");
        }
        if (customerNos.size() > MAX_CUSTOMERS) {
            throw ReservoirException.tooLarge("customerNos", "at most " + MAX_CUSTOMERS + " customers per call");
        }
        find(caller.workspaceId(), tagId, true);
        return assignments.change(caller, tagId, value, assign, customerNos, validCause);
    }

    /** Keys in slices of {@link #SLICE}: H2 takes at most 65,536 elements in one array. */
    static <T> List<List<T>> slices(Collection<T> keys) {
        List<T> all = new ArrayList<>(keys);
        List<List<T>> slices = new ArrayList<>();
        for (int from = 0; from < all.size(); from += SLICE) {
            slices.add(all.subList(from, Math.min(all.size(), from + SLICE)));
        }
        return slices;
    }

    /** The holders of a tag: customer number → value (null for a plain tag). */
    Map<Integer, String> holders(long ws, long tagId) {
        return assignments.holders(ws, tagId);
    }

    /** The tag, locked until the transaction ends, with when it was last computed (null: never). */
    Locked lock(long ws, long id) {
        Tag tag = find(ws, id, true);
        return new Locked(tag, computedAt(ws, id));
    }

    record Locked(Tag tag, Instant computedAt) {}

    /** When a tag's holders were last computed; null when never, or for a tag that is not computed. */
    Instant computedAt(long ws, long id) {
        return jdbc.sql("select computed_at from tag where workspace_id = :ws and id = :id")
                .param("ws", ws)
                .param("id", id)
                .query((rs, row) -> SqlTime.read(rs, "computed_at"))
                .optional()
                .orElse(null);
    }

    void computed(long ws, long id, Instant at) {
        jdbc.sql("update tag set computed_at = :at where workspace_id = :ws and id = :id")
                .param("at", SqlTime.param(at))
                .param("ws", ws)
                .param("id", id)
                .update();
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

    /** The names of the tags a rule refers to directly (not through the segments it names). */
    private static Set<String> tagNames(SegmentRule rule) {
        return rule.conditions()
                .filter(SegmentRule.Tagged.class::isInstance)
                .map(c -> ((SegmentRule.Tagged) c).name())
                .collect(Collectors.toSet());
    }

    private static Tag tag(ResultSet rs, int row) throws SQLException {
        String rule = rs.getString("rule");
        TagKind kind = TagKind.parse("kind", rs.getString("kind"));
        return new Tag(
                rs.getLong("id"),
                rs.getString("name"),
                kind,
                rs.getString("description"),
                rule == null || kind != TagKind.RULE ? null : StoredRule.read(rule),
                rule == null || kind != TagKind.MODEL ? null : TagModel.fromJson(JSON.readTree(rule), "model"),
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
