package io.reservoir.audience;

import io.reservoir.loyalty.LoyaltyProgram;
import io.reservoir.loyalty.LoyaltyPrograms;
import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * The saved segments of a workspace. A rule is checked whole before anything is written: its
 * syntax, and its references to this workspace's brands, tiers, tags and segments, with the JSON
 * path of the first problem ({@code rule.all[2].within.days}).
 */
@Service
public class Segments {

    static final int MAX_NAME = 200;
    static final int MAX_DESCRIPTION = 1_000;

    private final JdbcClient jdbc;
    private final RuleChecker checker;
    private final Brands brands;
    private final LoyaltyPrograms programs;
    private final AuditLog audit;
    private final Clock clock;

    Segments(
            JdbcClient jdbc,
            RuleChecker checker,
            Brands brands,
            LoyaltyPrograms programs,
            AuditLog audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.checker = checker;
        this.brands = brands;
        this.programs = programs;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Reads and checks a rule for the caller's workspace without saving it (to preview one).
     *
     * @throws ReservoirException invalid, naming the path under {@code rule}
     */
    @Transactional(readOnly = true)
    public SegmentRule check(Caller caller, JsonNode rule) {
        return check(caller, rule, null);
    }

    /**
     * As {@link #check(Caller, JsonNode)}, for a new rule of saved segment {@code segmentId}: a
     * rule that leads back to that segment is refused as {@link #update} would refuse it.
     *
     * @param segmentId null for a rule that is no saved segment's
     */
    @Transactional(readOnly = true)
    public SegmentRule check(Caller caller, JsonNode rule, Long segmentId) {
        requireReader(caller);
        return checked(caller.workspaceId(), rule, segmentId);
    }

    /**
     * Saves a new segment without a description. Operators; audited.
     *
     * @throws ReservoirException invalid (name or rule, with the rule's path), conflict when the
     *     name is taken
     */
    @Transactional
    public Segment create(Caller caller, String name, JsonNode rule) {
        return create(caller, name, null, rule);
    }

    /**
     * Saves a new segment. Operators; audited.
     *
     * @param description what the segment is for; null or blank for none
     * @throws ReservoirException invalid (name, description or rule, with the rule's path),
     *     conflict when the name is taken
     */
    @Transactional
    public Segment create(Caller caller, String name, String description, JsonNode rule) {
        caller.require(Role.OPERATOR);
        String validName = name(name);
        String validDescription = description(description);
        SegmentRule parsed = checked(caller.workspaceId(), rule, null);
        Instant now = SqlTime.now(clock);
        var keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                            insert into segment (workspace_id, name, description, rule, created_at, updated_at)
                            values (:ws, :name, :description, :rule, :at, :at)
                            """)
                    .param("ws", caller.workspaceId())
                    .param("name", validName)
                    .param("description", validDescription)
                    .param("rule", stored(parsed))
                    .param("at", SqlTime.param(now))
                    .update(keys, "id");
        } catch (DuplicateKeyException e) {
            throw ReservoirException.conflict("name", "a segment named '" + validName + "' already exists");
        }
        long id = keys.getKeyAs(Long.class);
        audit.record(caller, "segment.created", "segment", id, Map.of("name", validName));
        return new Segment(id, validName, validDescription, parsed, now, now);
    }

    /**
     * Renames a segment or changes its rule; {@code null} leaves either as it is. Operators;
     * audited. A rule may not lead back to this segment through the segments it refers to.
     *
     * @throws ReservoirException not_found, invalid, conflict (name taken)
     */
    @Transactional
    public Segment update(Caller caller, long id, String name, JsonNode rule) {
        return update(caller, id, name, null, rule);
    }

    /**
     * Renames a segment, describes it or changes its rule; {@code null} leaves each as it is, a
     * blank description removes it. Otherwise as {@link #update(Caller, long, String, JsonNode)}.
     */
    @Transactional
    public Segment update(Caller caller, long id, String name, String description, JsonNode rule) {
        caller.require(Role.OPERATOR);
        long ws = caller.workspaceId();
        // Rule changes of one workspace take turns, so two of them cannot close a loop together.
        jdbc.sql("select id from segment where workspace_id = :ws for update")
                .param("ws", ws)
                .query(Long.class)
                .list();
        Segment before = get(caller, id);
        String newName = name == null ? before.name() : name(name);
        String newDescription = description == null ? before.description() : description(description);
        SegmentRule newRule = rule == null ? before.rule() : checked(ws, rule, id);
        Instant now = SqlTime.now(clock);
        try {
            jdbc.sql("""
                            update segment set name = :name, description = :description, rule = :rule, updated_at = :at
                             where workspace_id = :ws and id = :id
                            """)
                    .param("name", newName)
                    .param("description", newDescription)
                    .param("rule", stored(newRule))
                    .param("at", SqlTime.param(now))
                    .param("ws", ws)
                    .param("id", id)
                    .update();
        } catch (DuplicateKeyException e) {
            throw ReservoirException.conflict("name", "a segment named '" + newName + "' already exists");
        }
        Map<String, Object> changes = new HashMap<>();
        if (!newName.equals(before.name())) {
            changes.put("name", Map.of("from", before.name(), "to", newName));
        }
        if (!Objects.equals(newDescription, before.description())) {
            changes.put("description", newDescription == null ? "" : newDescription);
        }
        if (!newRule.equals(before.rule())) {
            changes.put("rule", stored(newRule));
        }
        if (!changes.isEmpty()) {
            audit.record(caller, "segment.updated", "segment", id, changes);
        }
        return new Segment(id, newName, newDescription, newRule, before.createdAt(), now);
    }

    /**
     * Deletes a segment and its recorded sizes. Operators; audited. Refused while another segment
     * refers to it or a snapshot of it exists: those would lose their meaning.
     *
     * @throws ReservoirException not_found, conflict naming the segments or snapshots in the way
     */
    @Transactional
    public void delete(Caller caller, long id) {
        caller.require(Role.OPERATOR);
        long ws = caller.workspaceId();
        // Taken as rule changes take it: no rule can start referring to this one meanwhile.
        List<Segment> all = jdbc.sql("select * from segment where workspace_id = :ws for update")
                .param("ws", ws)
                .query(Segments::segment)
                .list();
        Segment target = all.stream()
                .filter(s -> s.id() == id)
                .findFirst()
                .orElseThrow(() -> ReservoirException.notFound("segment", id));
        List<String> referring = all.stream()
                .filter(s -> s.id() != id && RuleChecker.references(s.rule()).contains(id))
                .map(s -> "segment " + s.id() + " '" + s.name() + "'")
                .sorted()
                .collect(Collectors.toCollection(ArrayList::new));
        jdbc.sql("select id, name, rule from tag where workspace_id = :ws and kind = 'rule' order by id")
                .param("ws", ws)
                .query((rs, row) -> {
                    String rule = rs.getString("rule");
                    if (rule != null
                            && RuleChecker.references(StoredRule.read(rule)).contains(id)) {
                        referring.add("rule tag " + rs.getLong("id") + " '" + rs.getString("name") + "'");
                    }
                    return null;
                })
                .list();
        if (!referring.isEmpty()) {
            throw ReservoirException.conflict(
                    "id",
                    "segment " + id + " is used by the rule of " + String.join(", ", referring) + "; change or delete "
                            + (referring.size() == 1 ? "it" : "them") + " first");
        }
        List<Long> snapshots = jdbc.sql(
                        "select id from segment_snapshot where workspace_id = :ws and segment_id = :id order by id")
                .param("ws", ws)
                .param("id", id)
                .query(Long.class)
                .list();
        if (!snapshots.isEmpty()) {
            throw ReservoirException.conflict(
                    "id",
                    "segment " + id + " has " + snapshots.size() + (snapshots.size() == 1 ? " snapshot" : " snapshots")
                            + " (" + snapshots.stream().map(String::valueOf).collect(Collectors.joining(", "))
                            + "); delete " + (snapshots.size() == 1 ? "it" : "them") + " first");
        }
        jdbc.sql("delete from segment_count where workspace_id = :ws and segment_id = :id")
                .param("ws", ws)
                .param("id", id)
                .update();
        jdbc.sql("delete from segment where workspace_id = :ws and id = :id")
                .param("ws", ws)
                .param("id", id)
                .update();
        audit.record(caller, "segment.deleted", "segment", id, Map.of("name", target.name()));
    }

    /** @throws ReservoirException not_found when the segment is not in the caller's workspace */
    @Transactional(readOnly = true)
    public Segment get(Caller caller, long id) {
        requireReader(caller);
        return jdbc.sql("select * from segment where workspace_id = :ws and id = :id")
                .param("ws", caller.workspaceId())
                .param("id", id)
                .query(Segments::segment)
                .optional()
                .orElseThrow(() -> ReservoirException.notFound("segment", id));
    }

    /**
     * The rule of a segment of a workspace, for code acting for the workspace (no role check).
     *
     * @throws ReservoirException not_found
     */
    SegmentRule rule(long workspaceId, long id) {
        return checker.storedRule(workspaceId, id).orElseThrow(() -> ReservoirException.notFound("segment", id));
    }

    /** The workspace's segments by name. */
    @Transactional(readOnly = true)
    public List<Segment> list(Caller caller) {
        requireReader(caller);
        return jdbc.sql("select * from segment where workspace_id = :ws order by name")
                .param("ws", caller.workspaceId())
                .query(Segments::segment)
                .list();
    }

    /**
     * The readable text of a rule, with the names of brands, tiers and segments of the caller's
     * workspace; Chinese for a {@code zh} locale, English otherwise.
     */
    @Transactional(readOnly = true)
    public String describe(Caller caller, SegmentRule rule, Locale locale) {
        requireReader(caller);
        long ws = caller.workspaceId();
        Map<Long, String> brandNames = new HashMap<>();
        brands.list(caller).forEach((Brand b) -> brandNames.put(b.id(), b.name()));
        Map<Long, Optional<LoyaltyProgram>> programsByBrand = new HashMap<>();
        RuleText.Names names = new RuleText.Names() {
            @Override
            public String brand(long brandId) {
                return brandNames.getOrDefault(brandId, "brand " + brandId);
            }

            @Override
            public String tier(long brandId, String code) {
                return programsByBrand
                        .computeIfAbsent(brandId, b -> programs.find(ws, b))
                        .flatMap(p -> p.tiers().levels().stream()
                                .filter(t -> t.code().equals(code))
                                .findFirst())
                        .map(LoyaltyProgram.Tier::name)
                        .orElse(code);
            }

            @Override
            public String segment(long segmentId) {
                return jdbc.sql("select name from segment where workspace_id = :ws and id = :id")
                        .param("ws", ws)
                        .param("id", segmentId)
                        .query(String.class)
                        .optional()
                        .orElse("#" + segmentId);
            }
        };
        return new RuleText(names, locale).describe(rule);
    }

    private SegmentRule checked(long workspaceId, JsonNode json, Long segmentId) {
        SegmentRule rule = SegmentRule.fromJson(json, "rule");
        checker.check(workspaceId, rule, "rule", segmentId);
        return rule;
    }

    private static String stored(SegmentRule rule) {
        String text = StoredRule.write(rule);
        if (text.length() > StoredRule.MAX_LENGTH) {
            throw ReservoirException.invalid("rule", "is longer than " + StoredRule.MAX_LENGTH + " characters");
        }
        return text;
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw ReservoirException.invalid("name", "is required");
        }
        String stripped = name.strip();
        if (stripped.length() > MAX_NAME) {
            throw ReservoirException.invalid("name", "is longer than " + MAX_NAME + " characters");
        }
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw ReservoirException.invalid("name", "contains control characters");
        }
        return stripped;
    }

    /** Null for none; blank means none. */
    private static String description(String description) {
        if (description == null || description.isBlank()) {
            return null;
        }
        String stripped = description.strip();
        if (stripped.length() > MAX_DESCRIPTION) {
            throw ReservoirException.invalid("description", "is longer than " + MAX_DESCRIPTION + " characters");
        }
        if (stripped.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw ReservoirException.invalid("description", "contains control characters");
        }
        return stripped;
    }

    private static Segment segment(ResultSet rs, int row) throws SQLException {
        return new Segment(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("description"),
                StoredRule.read(rs.getString("rule")),
                SqlTime.read(rs, "created_at"),
                SqlTime.read(rs, "updated_at"));
    }

    private static void requireReader(Caller caller) {
        caller.require(Role.OPERATOR, Role.ANALYST);
    }
}
