package io.reservoir.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import io.reservoir.platform.tenancy.User;
import io.reservoir.support.Api;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Saved segments: rules checked whole against the workspace (brands, tiers, tags, segments, loops)
 * with the path of the first problem and nothing written, names, roles, and the readable text.
 */
@ReservoirIT
class SegmentsIT {

    static final String PROGRAM = """
            {"pointsPerYuan": 1, "expiry": "never",
             "tiers": {"basis": "net_spend", "levels": [
                {"code": "silver", "name": "银卡", "threshold": 0},
                {"code": "gold", "name": "金卡", "threshold": 1000},
                {"code": "platinum", "name": "铂金卡", "threshold": 5000}]}}
            """;

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    Segments segments;

    @Autowired
    Tags tags;

    @Autowired
    Brands brands;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    Tenant tenant;
    Caller admin;
    long brandA;
    long brandB;
    Tenant other;

    @BeforeEach
    void workspace() {
        tenant = tenants.aWorkspace();
        admin = tenant.admin();
        brandA = tenant.brand().id();
        brandB = brands.create(admin, "Brand B", null).id();
        Api.Reply reply =
                Api.on(port).bearer(tenant.managementKey()).put("/api/v1/loyalty/programs/" + brandA, PROGRAM);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        tags.create(admin, "vip", TagKind.MANUAL, "big spenders", null);
        other = tenants.aWorkspace();
    }

    JsonNode rule(String text, Object... args) {
        return json.readTree(text.formatted(args));
    }

    @Test
    void aSegmentIsSavedListedRenamedGivenANewRuleAndReadAsText() {
        Segment saved = segments.create(admin, "  杭州高价值  ", rule("""
                {"all": [
                  {"attribute": "city", "op": "eq", "value": "杭州"},
                  {"tier": {"brand": %d, "in": ["gold", "platinum"]}},
                  {"not": {"tag": "vip"}},
                  {"event": "Order Completed", "within": {"days": 90}, "count": {"gte": 2}, "sum": {"gte": 100.00}}
                ]}""", brandA));

        assertThat(saved.name()).isEqualTo("杭州高价值");
        assertThat(segments.get(admin, saved.id())).isEqualTo(saved);
        assertThat(segments.list(admin)).containsExactly(saved);
        String brandName = tenant.brand().name();
        assertThat(segments.describe(admin, saved.rule(), Locale.ENGLISH))
                .isEqualTo("city is 杭州 AND tier at " + brandName + " is 金卡 or 铂金卡 AND NOT tagged vip"
                        + " AND Order Completed at least 2 times in the last 90 days with total ≥ ¥100");
        assertThat(segments.describe(admin, saved.rule(), Locale.SIMPLIFIED_CHINESE))
                .isEqualTo(
                        "city 为 杭州 且 " + brandName + " 会员等级为 金卡 或 铂金卡 且 非 有标签 vip" + " 且 近 90 天 下单 至少 2 次，金额合计 ≥ ¥100");

        Segment renamed = segments.update(admin, saved.id(), "Hangzhou", null);
        assertThat(renamed.rule()).isEqualTo(saved.rule());
        Segment changed = segments.update(
                admin,
                saved.id(),
                null,
                rule(
                        "{\"segment\": %d}",
                        segments.create(admin, "Members", rule("{\"member\": {\"brand\": %d}}", brandA))
                                .id()));
        assertThat(segments.get(admin, saved.id())).isEqualTo(changed);
        assertThat(changed.name()).isEqualTo("Hangzhou");
        assertThat(segments.describe(admin, changed.rule(), Locale.ENGLISH)).isEqualTo("in segment Members");
        assertThat(segments.list(admin)).extracting(Segment::name).containsExactly("Hangzhou", "Members");
        assertThat(segments.list(other.admin())).isEmpty();
    }

    @Test
    void aDescriptionIsKeptUntilChangedAndABlankOneRemovesIt() {
        JsonNode members = rule("{\"member\": {\"brand\": %d}}", brandA);
        Segment saved = segments.create(admin, "Members", "  会员，用于复购活动  ", members);
        assertThat(saved.description()).isEqualTo("会员，用于复购活动");
        assertThat(segments.get(admin, saved.id())).isEqualTo(saved);

        assertThat(segments.update(admin, saved.id(), "All members", null).description())
                .isEqualTo("会员，用于复购活动");
        assertThat(segments.update(admin, saved.id(), null, "for the 618 push", null)
                        .description())
                .isEqualTo("for the 618 push");
        assertThat(segments.update(admin, saved.id(), null, " ", null).description())
                .isNull();
        assertThat(segments.get(admin, saved.id()).description()).isNull();
        assertThat(segments.create(admin, "Plain", members).description()).isNull();
        assertThatThrownBy(() -> segments.create(admin, "Long", "x".repeat(1_001), members))
                .isInstanceOf(ReservoirException.class)
                .hasMessageContaining("description");
    }

    @Test
    void referencesAreCheckedAgainstTheWorkspaceAndABadRuleWritesNothing() {
        long foreignSegment = segments.create(other.admin(), "Theirs", rule("{\"identity\": \"phone\"}"))
                .id();

        refused(
                "rule.relation.brand",
                "there is no brand 999999",
                () -> segments.create(admin, "s", rule("{\"relation\": {\"brand\": 999999}}")));
        refused(
                "rule.all[1].brand",
                "there is no brand " + other.brand().id() + " in this workspace",
                () -> segments.create(
                        admin, "s", rule("""
                        {"all": [{"member": {"brand": %d}},
                                 {"event": "Order Completed", "brand": %d, "within": {"days": 30}}]}""", brandA, other.brand().id())));
        refused(
                "rule.tier.in[1]",
                "'diamond' is not a tier of brand " + brandA + "; one of silver, gold, platinum",
                () -> segments.create(
                        admin, "s", rule("{\"tier\": {\"brand\": %d, \"in\": [\"gold\", \"diamond\"]}}", brandA)));
        refused(
                "rule.tier.brand",
                "brand " + brandB + " has no loyalty program",
                () -> segments.create(admin, "s", rule("{\"tier\": {\"brand\": %d, \"in\": [\"gold\"]}}", brandB)));
        refused(
                "rule.not.tag",
                "there is no tag named 'vpi'",
                () -> segments.create(admin, "s", rule("{\"not\": {\"tag\": \"vpi\"}}")));
        refused(
                "rule.any[0].segment",
                "there is no segment " + foreignSegment,
                () -> segments.create(admin, "s", rule("{\"any\": [{\"segment\": %d}]}", foreignSegment)));
        refused("rule.all[2].within.days", "must be 1 to 3650", () -> segments.create(admin, "s", rule("""
                        {"all": [{"tag": "vip"}, {"tag": "vip"},
                                 {"event": "Order Completed", "within": {"days": -1}}]}""")));
        refused("rule", "is required", () -> segments.create(admin, "s", null));

        assertThat(segments.list(admin)).isEmpty();
        assertThat(jdbc.queryForObject(
                        "select count(*) from segment where workspace_id = ?",
                        Long.class,
                        tenant.workspace().id()))
                .isZero();
    }

    @Test
    void aSegmentThatLeadsBackToItselfIsRefusedAndKeepsItsRule() {
        Segment a = segments.create(admin, "A", rule("{\"attribute\": \"city\", \"op\": \"eq\", \"value\": \"杭州\"}"));
        Segment b = segments.create(admin, "B", rule("{\"segment\": %d}", a.id()));
        Segment c = segments.create(admin, "C", rule("{\"all\": [{\"tag\": \"vip\"}, {\"segment\": %d}]}", b.id()));

        refused(
                "rule.segment",
                "a segment cannot contain itself",
                () -> segments.update(admin, a.id(), null, rule("{\"segment\": %d}", a.id())));
        refused(
                "rule.any[1].segment",
                "segment " + c.id() + " refers back to this segment (" + a.id() + " → " + c.id() + " → " + b.id()
                        + " → " + a.id() + ")",
                () -> segments.update(
                        admin, a.id(), "A2", rule("{\"any\": [{\"tag\": \"vip\"}, {\"segment\": %d}]}", c.id())));
        refused(
                "rule.not.segment",
                "segment " + c.id() + " refers back to this segment",
                () -> segments.update(admin, b.id(), null, rule("{\"not\": {\"segment\": %d}}", c.id())));

        assertThat(segments.get(admin, a.id())).isEqualTo(a);
        assertThat(segments.get(admin, b.id())).isEqualTo(b);
        Segment d = segments.update(admin, a.id(), null, rule("{\"not\": {\"tag\": \"vip\"}}"));
        assertThat(segments.get(admin, a.id()).rule()).isEqualTo(d.rule());
    }

    @Test
    void namesAreUniquePerWorkspaceAndOnlyOperatorsChangeSegments() {
        segments.create(admin, "Members", rule("{\"member\": {\"brand\": %d}}", brandA));
        assertThatThrownBy(() -> segments.create(admin, "Members", rule("{\"tag\": \"vip\"}")))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
        segments.create(other.admin(), "Members", rule("{\"identity\": \"email\"}"));

        User analyst = tenants.aUser(tenant, Role.ANALYST);
        Caller asAnalyst = new Caller(
                tenant.workspace().id(), Caller.ActorKind.USER, analyst.id(), analyst.username(), Role.ANALYST);
        assertThatThrownBy(() -> segments.create(asAnalyst, "Mine", rule("{\"tag\": \"vip\"}")))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FORBIDDEN));
        assertThat(segments.list(asAnalyst)).extracting(Segment::name).containsExactly("Members");
        assertThatThrownBy(() ->
                        segments.get(admin, segments.list(other.admin()).get(0).id()))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    private static void refused(String field, String reason, Supplier<?> call) {
        assertThatThrownBy(call::get)
                .isInstanceOfSatisfying(ReservoirException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
                })
                .hasMessageContaining(reason);
    }
}
