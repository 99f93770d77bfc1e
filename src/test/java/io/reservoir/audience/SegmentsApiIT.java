package io.reservoir.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reservoir.identity.Contacts;
import io.reservoir.identity.Customers;
import io.reservoir.loyalty.LoyaltyRounds;
import io.reservoir.loyalty.Memberships;
import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import io.reservoir.platform.tenancy.User;
import io.reservoir.support.Api;
import io.reservoir.support.DemoBrand;
import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import io.reservoir.support.TestClock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The segments API over a handful of hand-made customers of brand A, built once through the
 * intake, the loyalty program and tags:
 *
 * <ul>
 *   <li>ann — phone 13800138000, e-mail Ann.Li@Example.CN, joined A 10 days ago, bought 20 days ago.
 *   <li>bob — phone 13900139000, bought 100 days ago, no member.
 *   <li>cat — e-mail only, follows the store; vip.
 *   <li>dan — vip; a second profile with an e-mail (retired) was merged into him.
 *   <li>eve — phone 13700137000, vip, then erased.
 * </ul>
 *
 * Another workspace holds a customer with ann's phone, a member and vip: it never counts here.
 */
@ReservoirIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentsApiIT {

    static final String PROGRAM = """
            {"pointsPerYuan": 1, "expiry": "never",
             "tiers": {"basis": "net_spend", "levels": [{"code": "silver", "name": "银卡", "threshold": 0}]}}
            """;

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    Tags tags;

    @Autowired
    Customers customers;

    @Autowired
    Memberships memberships;

    @Autowired
    LoyaltyRounds loyaltyRounds;

    @Autowired
    Segments segments;

    @Autowired
    Audiences audiences;

    @Autowired
    SegmentSizes sizes;

    @Autowired
    SegmentExports exports;

    @Autowired
    SegmentSql sql;

    @Autowired
    DemoBrand demoBrand;

    @Autowired
    Brands brands;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    Tenant tenant;
    Api api;
    long ws;
    long brand;
    Instant now;

    int ann;
    int bob;
    int cat;
    int dan;
    int retired;
    int eve;

    Tenant other;
    int stranger;

    @BeforeAll
    void world() {
        now = TestClock.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        tenant = tenants.aWorkspace();
        ws = tenant.workspace().id();
        brand = tenant.brand().id();
        api = Api.on(port).bearer(tenant.managementKey());
        Api.Reply program = api.put("/api/v1/loyalty/programs/" + brand, PROGRAM);
        assertThat(program.status()).as(program.body()).isEqualTo(200);
        Tag vip = tags.create(tenant.admin(), "vip", TagKind.MANUAL, null, null);
        Events events = new Events(port, tenant, jdbc);

        events.send(Message.identify()
                .user("ann")
                .brand(brand)
                .at(ago(30))
                .trait("phone", "13800138000")
                .trait("email", "Ann.Li@Example.CN")
                .trait("city", "杭州"));
        events.send(Message.track("Member Joined")
                .user("ann")
                .brand(brand)
                .channel("tmall")
                .at(ago(10)));
        events.send(Message.order("A-1", "300")
                .user("ann")
                .brand(brand)
                .channel("tmall")
                .at(ago(20)));
        events.send(Message.identify().user("bob").brand(brand).at(ago(120)).trait("phone", "13900139000"));
        events.send(Message.order("B-1", "300")
                .user("bob")
                .brand(brand)
                .channel("tmall")
                .at(ago(100)));
        events.send(Message.identify().user("cat").brand(brand).at(ago(30)).trait("email", "cat@example.cn"));
        events.send(Message.track("Store Followed")
                .user("cat")
                .brand(brand)
                .channel("tmall")
                .at(ago(30)));
        events.send(Message.identify().user("dan").brand(brand).at(ago(30)).trait("city", "杭州"));
        events.send(Message.identify()
                .anonymous("dan-anon")
                .brand(brand)
                .at(ago(30))
                .trait("email", "dan@example.cn"));
        events.send(Message.identify().user("eve").brand(brand).at(ago(30)).trait("phone", "13700137000"));

        ann = events.customerOf("app_user_id", "ann");
        bob = events.customerOf("app_user_id", "bob");
        cat = events.customerOf("app_user_id", "cat");
        dan = events.customerOf("app_user_id", "dan");
        int danAnon = events.customerOf("anonymous_id", "dan-anon");
        eve = events.customerOf("app_user_id", "eve");
        tags.assign(tenant.admin(), vip.id(), null, List.of(cat, dan, eve), "upload");
        events.send(Message.track("Signed In")
                .user("dan")
                .anonymous("dan-anon")
                .brand(brand)
                .channel("tmall")
                .at(ago(1)));
        retired = customers.get(tenant.admin(), dan).active() ? danAnon : dan;
        dan = retired == dan ? danAnon : dan;
        assertThat(customers.get(tenant.admin(), retired).status()).isEqualTo("merged");
        customers.erase(tenant.admin(), customers.get(tenant.admin(), eve).id());
        becomesMember(ws, brand, ann);

        other = tenants.aWorkspace();
        Api.Reply theirs = Api.on(port)
                .bearer(other.managementKey())
                .put("/api/v1/loyalty/programs/" + other.brand().id(), PROGRAM);
        assertThat(theirs.status()).as(theirs.body()).isEqualTo(200);
        Events strangers = new Events(port, other, jdbc);
        strangers.send(Message.identify()
                .user("x")
                .brand(other.brand().id())
                .at(ago(30))
                .trait("phone", "13800138000")
                .trait("email", "x@example.cn"));
        strangers.send(Message.track("Member Joined")
                .user("x")
                .brand(other.brand().id())
                .channel("tmall")
                .at(ago(10)));
        stranger = strangers.customerOf("app_user_id", "x");
        Tag theirVip = tags.create(other.admin(), "vip", TagKind.MANUAL, null, null);
        tags.assign(other.admin(), theirVip.id(), null, List.of(stranger), "upload");
        becomesMember(other.workspace().id(), other.brand().id(), stranger);
    }

    @Test
    void countingARuleAnswersWhatTheIndexSelectsWithItsTextAndNeverCountsErasedOrForeignCustomers() {
        Map<String, Integer> expected = Map.of(
                "{\"tag\": \"vip\"}",
                2, // cat and dan: eve is erased, the other workspace's vip is not here
                "{\"identity\": \"phone\"}",
                2, // ann and bob
                "{\"not\": {\"tag\": \"vip\"}}",
                2, // ann and bob: retired and erased profiles never match
                "{\"member\": {\"brand\": %d}}".formatted(brand),
                1,
                "{\"event\": \"Order Completed\", \"brand\": %d, \"within\": {\"days\": 365}}".formatted(brand),
                2,
                "{\"any\": [{\"identity\": \"email\"}, {\"tag\": \"vip\"}]}",
                3);
        for (var entry : expected.entrySet()) {
            Api.Reply reply = api.post("/api/v1/segments/count", entry.getKey());
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            SegmentRule rule = segments.check(tenant.admin(), json.readTree(entry.getKey()));
            assertThat(reply.json().path("count").asInt())
                    .as(entry.getKey())
                    .isEqualTo(audiences.select(tenant.admin(), rule).getCardinality())
                    .isEqualTo(entry.getValue());
            assertThat(reply.json().path("tookMs").isIntegralNumber()).isTrue();
        }
        JsonNode text = api.post("/api/v1/segments/count", "{\"not\": {\"tag\": \"vip\"}}")
                .json()
                .path("text");
        assertThat(text.path("en").asString()).isEqualTo("NOT tagged vip");
        assertThat(text.path("zh").asString()).isEqualTo("非 有标签 vip");
    }

    @Test
    void aBadRuleIsRefusedWith400NamingEveryProblemAtItsPathAndNothingIsWritten() {
        Api.Reply syntax = api.post("/api/v1/segments/count", """
                {"all": [{"tag": "vip"}, {"event": "Order Completed", "within": {"days": 0}},
                         {"attribute": "city", "op": "like", "value": "杭"}]}""");
        assertThat(syntax.status()).isEqualTo(400);
        assertThat(syntax.errorCode()).isEqualTo("invalid_field");
        assertThat(syntax.errorField()).isEqualTo("rule.all[1].within.days");
        assertThat(fields(syntax)).containsExactly("rule.all[1].within.days", "rule.all[2].op");

        Api.Reply references =
                api.post("/api/v1/segments/count", """
                {"any": [{"tag": "vpi"}, {"member": {"brand": %d}}, {"segment": 999999}]}""".formatted(other.brand().id()));
        assertThat(references.status()).isEqualTo(400);
        assertThat(fields(references))
                .containsExactly("rule.any[0].tag", "rule.any[1].member.brand", "rule.any[2].segment");
        assertThat(references
                        .json()
                        .path("error")
                        .path("errors")
                        .get(1)
                        .path("message")
                        .asString())
                .isEqualTo("rule.any[1].member.brand: there is no brand "
                        + other.brand().id() + " in this workspace");

        long segmentsBefore = count("from segment where workspace_id = ?", ws);
        // segment entries only: the rule-tag job may write its own meanwhile
        long auditBefore = count("from audit_log where workspace_id = ? and action like 'segment.%'", ws);
        Api.Reply save = api.post("/api/v1/segments", """
                {"name": "bad", "rule": {"all": [{"tag": "vpi"}, {"identity": "fax"}]}}""");
        assertThat(save.status()).isEqualTo(400);
        assertThat(fields(save)).containsExactly("rule.all[1].identity");
        assertThat(count("from segment where workspace_id = ?", ws)).isEqualTo(segmentsBefore);
        assertThat(count("from audit_log where workspace_id = ? and action like 'segment.%'", ws))
                .isEqualTo(auditBefore);
    }

    @Test
    void savedSegmentsAreCreatedReadListedChangedAndDeleted() {
        Api.Reply created = api.post("/api/v1/segments", """
                {"name": "  杭州 vip ", "rule": {"all": [{"attribute": "city", "op": "eq", "value": "杭州"},
                                                       {"tag": "vip"}]}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().path("id").asLong();
        assertThat(created.json().path("name").asString()).isEqualTo("杭州 vip");
        assertThat(created.json().path("rule").path("all").size()).isEqualTo(2);
        assertThat(created.json().path("text").path("en").asString()).isEqualTo("city is 杭州 AND tagged vip");

        assertThat(api.get("/api/v1/segments/" + id).json()).isEqualTo(created.json());
        assertThat(api.get("/api/v1/segments").json().path("items").findValuesAsString("name"))
                .contains("杭州 vip");
        assertThat(api.post("/api/v1/segments", "{\"name\": \"杭州 vip\", \"rule\": {\"tag\": \"vip\"}}")
                        .status())
                .as("names are unique")
                .isEqualTo(409);
        Api.Reply renamed = api.put("/api/v1/segments/" + id, "{\"name\": \"Hangzhou vip\"}");
        assertThat(renamed.json().path("rule")).isEqualTo(created.json().path("rule"));
        Api.Reply changed = api.put("/api/v1/segments/" + id, "{\"rule\": {\"tag\": \"vip\"}}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("name").asString()).isEqualTo("Hangzhou vip");
        assertThat(changed.json().path("text").path("zh").asString()).isEqualTo("有标签 vip");
        assertThat(api.get("/api/v1/segments/" + id + "/count")
                        .json()
                        .path("count")
                        .asInt())
                .isEqualTo(2);

        Api theirs = Api.on(port).bearer(other.managementKey());
        assertThat(theirs.get("/api/v1/segments/" + id).status()).isEqualTo(404);
        assertThat(theirs.delete("/api/v1/segments/" + id).status()).isEqualTo(404);
        assertThat(theirs.get("/api/v1/segments/" + id + "/count").status()).isEqualTo(404);

        assertThat(api.delete("/api/v1/segments/" + id).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/segments/" + id).status()).isEqualTo(404);
        assertThat(count(
                        "from audit_log where workspace_id = ? and action = 'segment.deleted' and target_id = ?",
                        ws,
                        Long.toString(id)))
                .isEqualTo(1);
    }

    @Test
    void aSegmentAnotherSegmentUsesIsNotDeleted() {
        long base = create("Base", "{\"identity\": \"phone\"}");
        long user = create("Uses base", "{\"not\": {\"segment\": %d}}".formatted(base));

        Api.Reply refused = api.delete("/api/v1/segments/" + base);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("error").path("message").asString())
                .isEqualTo("id: segment " + base + " is used by the rule of segment " + user
                        + " 'Uses base'; change or delete it first");
        assertThat(api.get("/api/v1/segments/" + base).status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/segments/" + user).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/segments/" + base).status()).isEqualTo(204);
    }

    @Test
    void aSegmentARuleTagUsesIsNotDeleted() {
        long base = create("Base of a tag", "{\"identity\": \"phone\"}");
        Api.Reply tag = api.post("/api/v1/tags", """
                {"name": "in base", "kind": "rule", "rule": {"segment": %d}}""".formatted(base));
        assertThat(tag.status()).as(tag.body()).isEqualTo(201);

        Api.Reply refused = api.delete("/api/v1/segments/" + base);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("error").path("message").asString())
                .isEqualTo("id: segment " + base + " is used by the rule of rule tag "
                        + tag.json().path("id").asLong() + " 'in base'; change or delete it first");
        assertThat(api.get("/api/v1/segments/" + base).status()).isEqualTo(200);
    }

    @Test
    void aSampleShowsProfilesWithPhoneAndEmailMasked() {
        long id = create("Reachable", "{\"any\": [{\"identity\": \"phone\"}, {\"identity\": \"email\"}]}");

        Api.Reply sample = api.get("/api/v1/segments/" + id + "/sample");

        assertThat(sample.status()).as(sample.body()).isEqualTo(200);
        JsonNode items = sample.json().path("items");
        assertThat(items.findValues("customerNo").stream().map(JsonNode::asInt))
                .containsExactlyInAnyOrder(ann, bob, cat, dan);
        List<JsonNode> contacts = new ArrayList<>();
        for (JsonNode profile : items) {
            for (JsonNode identity : profile.path("identities")) {
                if (List.of("phone", "email").contains(identity.path("type").asString())) {
                    contacts.add(identity);
                }
            }
        }
        assertThat(contacts).hasSize(5).allSatisfy(identity -> {
            assertThat(identity.path("masked").asBoolean()).isTrue();
            assertThat(identity.path("value").asString()).contains("***");
        });
        assertThat(contacts.stream().map(c -> c.path("value").asString()))
                .contains("138****8000", "139****9000", "a***@example.cn", "c***@example.cn", "d***@example.cn");
        assertThat(sample.body()).doesNotContain("13800138000", "ann.li", "Ann.Li", "cat@example.cn");

        Api.Reply two = api.get("/api/v1/segments/" + id + "/sample?limit=2&seed=7");
        assertThat(two.json().path("items").size()).isEqualTo(2);
        assertThat(api.get("/api/v1/segments/" + id + "/sample?limit=2&seed=7").json())
                .as("the same seed picks the same members")
                .isEqualTo(two.json());
        Api.Reply tooMany = api.get("/api/v1/segments/" + id + "/sample?limit=101");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.errorField()).isEqualTo("limit");
    }

    @Test
    void containsAnswersForMembersNonMembersMergedAndErasedCustomersAndNotForStrangers() {
        long members = create("Members of A", "{\"member\": {\"brand\": %d}}".formatted(brand));
        long vip = create("VIP", "{\"tag\": \"vip\"}");

        JsonNode member = contains(members, id(ann));
        assertThat(member.path("contains").asBoolean()).isTrue();
        assertThat(member.path("resolvedId").asString()).isEqualTo(id(ann));
        assertThat(contains(members, id(bob)).path("contains").asBoolean()).isFalse();

        JsonNode merged = contains(vip, id(retired));
        assertThat(merged.path("customerId").asString()).isEqualTo(id(retired));
        assertThat(merged.path("resolvedId").asString()).as("the survivor").isEqualTo(id(dan));
        assertThat(merged.path("contains").asBoolean()).isTrue();

        JsonNode erased = contains(vip, id(eve));
        assertThat(erased.path("status").asString()).isEqualTo("erased");
        assertThat(erased.path("contains").asBoolean())
                .as("eve was vip before erasure")
                .isFalse();

        String theirs = customers.get(other.admin(), stranger).id();
        Api.Reply foreign = api.get("/api/v1/segments/" + members + "/contains/" + theirs);
        assertThat(foreign.status())
                .as("another workspace's customer is unknown here")
                .isEqualTo(404);
        assertThat(api.get("/api/v1/segments/" + members + "/contains/cnosuchcustomer")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void countingThroughTheApiRecordsASizeAtMostHourlyAndTheDailyJobOncePerDay() {
        long id = create("Sized", "{\"identity\": \"phone\"}");

        JsonNode first = api.get("/api/v1/segments/" + id + "/count").json();
        api.get("/api/v1/segments/" + id + "/count");
        assertThat(first.path("count").asInt()).isEqualTo(2);

        JsonNode recorded = api.get("/api/v1/segments/" + id + "/sizes").json().path("items");
        assertThat(recorded.size()).as("one recording within the hour").isEqualTo(1);
        assertThat(recorded.get(0).path("count").asInt()).isEqualTo(2);
        assertThat(recorded.get(0).path("source").asString()).isEqualTo("api");
        assertThat(recorded.get(0).path("at").asString())
                .isEqualTo(first.path("at").asString());

        assertThat(sizes.recordDaily(ws)).isPositive();
        assertThat(sizes.recordDaily(ws)).as("once a day").isZero();
        JsonNode both =
                api.get("/api/v1/segments/" + id + "/sizes?days=1").json().path("items");
        assertThat(both.findValuesAsString("source")).containsExactly("api", "daily");
        assertThat(api.get("/api/v1/segments/" + id + "/sizes?days=0").status()).isEqualTo(400);
    }

    @Test
    void anExportGivesEachMembersPhoneAndEmailHashedAsDmpsExpectAndIsAudited() throws Exception {
        long id = create("Phones", "{\"identity\": \"phone\"}");

        Api.Reply md5 = api.get("/api/v1/segments/" + id + "/export?identities=md5");
        Api.Reply sha256 = api.get("/api/v1/segments/" + id + "/export?identities=sha256");
        Api.Reply masked = api.get("/api/v1/segments/" + id + "/export");

        assertThat(md5.status()).as(md5.body()).isEqualTo(200);
        assertThat(md5.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(md5.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment; filename=\"segment-" + id + "-")
                .endsWith("-md5.csv\"");
        assertThat(md5.body().split("\r\n"))
                .containsExactlyInAnyOrder(
                        "customer_id,phone_md5,email_md5",
                        id(ann) + "," + hex("MD5", "8613800138000") + "," + hex("MD5", "ann.li@example.cn"),
                        id(bob) + "," + hex("MD5", "8613900139000") + ",");
        assertThat(hex("MD5", "8613800138000")).isEqualTo("3188d9b70320caec2e668ab7ccc50a27");
        assertThat(sha256.body().split("\r\n"))
                .containsExactlyInAnyOrder(
                        "customer_id,phone_sha256,email_sha256",
                        id(ann) + "," + hex("SHA-256", "8613800138000") + "," + hex("SHA-256", "ann.li@example.cn"),
                        id(bob) + "," + hex("SHA-256", "8613900139000") + ",");
        assertThat(masked.body().split("\r\n"))
                .containsExactlyInAnyOrder(
                        "customer_id,phone,email", id(ann) + ",138****8000,a***@example.cn", id(bob) + ",139****9000,");

        List<Map<String, Object>> audited = jdbc.queryForList(
                "select actor_kind, action, target_id, detail from audit_log"
                        + " where workspace_id = ? and action = 'segment.exported' and target_id = ? order by id",
                ws,
                Long.toString(id));
        assertThat(audited).hasSize(3);
        assertThat(audited.get(0).get("actor_kind")).isEqualTo("api_key");
        JsonNode detail = json.readTree((String) audited.get(0).get("detail"));
        assertThat(detail.path("identities").asString()).isEqualTo("md5");
        assertThat(detail.path("rows").asInt()).isEqualTo(2);
        assertThat(detail.path("name").asString()).isEqualTo("Phones");
    }

    @Test
    void anExportIsRefusedToRolesThatMayNotExportAndTheRefusalWritesNothing() {
        long id = create("Not for operators", "{\"identity\": \"phone\"}");
        List<Caller> callers = new ArrayList<>();
        for (Role role : List.of(Role.OPERATOR, Role.ANALYST, Role.GUIDE)) {
            User user = tenants.aUser(tenant, role);
            callers.add(new Caller(ws, Caller.ActorKind.USER, user.id(), user.username(), role));
        }
        // segment entries only: the rule-tag job may write its own meanwhile
        long auditBefore = count("from audit_log where workspace_id = ? and action like 'segment.%'", ws);

        for (Caller caller : callers) {
            assertThatThrownBy(() -> exports.segment(caller, id, Contacts.Form.SHA256))
                    .as(caller.role().id())
                    .isInstanceOfSatisfying(
                            ReservoirException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FORBIDDEN));
            assertThatThrownBy(() -> exports.segment(caller, id, Contacts.Form.MASKED))
                    .isInstanceOf(ReservoirException.class);
        }

        assertThat(count("from audit_log where workspace_id = ? and action like 'segment.%'", ws))
                .isEqualTo(auditBefore);
        Api.Reply clear = api.get("/api/v1/segments/" + id + "/export?identities=clear");
        assertThat(clear.status()).isEqualTo(400);
        assertThat(clear.errorField()).isEqualTo("identities");
        assertThat(count("from audit_log where workspace_id = ? and action like 'segment.%'", ws))
                .isEqualTo(auditBefore);
    }

    @Test
    void everyTemplateChecksAndCountsOnADemoBrandAsTheReferenceDoes() {
        Tenant demo = tenants.aWorkspace();
        long demoWs = demo.workspace().id();
        long demoBrandId = demo.brand().id();
        Api demoApi = Api.on(port).bearer(demo.managementKey());
        Api.Reply program = demoApi.put("/api/v1/loyalty/programs/" + demoBrandId, PROGRAM);
        assertThat(program.status()).as(program.body()).isEqualTo(200);
        demoBrand.simulate(demo, 200);
        loyaltyRounds.runNow(demoWs);
        Instant end = DemoBrand.START
                .plusDays(DemoBrand.DAYS)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();

        JsonNode templates = demoApi.get("/api/v1/segments/templates").json().path("items");

        assertThat(templates.findValuesAsString("id")).containsExactlyElementsOf(SegmentTemplates.ids());
        assertThat(templates.findValuesAsString("id"))
                .containsExactly(
                        "new_member_not_purchased",
                        "high_potential_member_not_purchased",
                        "old_member",
                        "non_member_old_customer",
                        "pre_churn_old_customer",
                        "store_interest",
                        "koc_candidates");
        Map<String, Integer> atTheEnd = new LinkedHashMap<>();
        for (JsonNode template : templates) {
            String id = template.path("id").asString();
            assertThat(template.path("name").path("zh").asString()).as(id).isNotBlank();
            assertThat(template.path("description").path("en").asString())
                    .as(id)
                    .isNotBlank();
            assertThat(template.path("text").path("zh").asString()).as(id).isNotBlank();
            Api.Reply counted =
                    demoApi.post("/api/v1/segments/count", template.path("rule").toString());
            assertThat(counted.status()).as(id + ": " + counted.body()).isEqualTo(200);
            SegmentRule rule = segments.check(demo.admin(), template.path("rule"));
            assertThat(counted.json().path("count").asInt())
                    .as(id)
                    .isEqualTo(audiences.select(demo.admin(), rule).getCardinality());
            int[] reference = sql.evaluate(demoWs, rule, end);
            assertThat(audiences.select(demoWs, rule, end).toArray())
                    .as("%s at the end of the demo period", id)
                    .containsExactly(reference);
            atTheEnd.put(id, reference.length);

            Api.Reply saved = demoApi.post("/api/v1/segments/templates/" + id, "{}");
            assertThat(saved.status()).as(saved.body()).isEqualTo(201);
            assertThat(saved.json().path("name").asString())
                    .isEqualTo(template.path("name").path("zh").asString() + " · "
                            + demo.brand().name());
            assertThat(saved.json().path("rule")).isEqualTo(template.path("rule"));
        }
        assertThat(atTheEnd)
                .as("the demo brand has customers in most of them: %s", atTheEnd)
                .hasEntrySatisfying("old_member", n -> assertThat(n).isPositive())
                .hasEntrySatisfying(
                        "non_member_old_customer", n -> assertThat(n).isPositive())
                .hasEntrySatisfying("store_interest", n -> assertThat(n).isPositive());
        assertThat(demoApi.post("/api/v1/segments/templates/old_member", "{}").status())
                .as("the same name twice")
                .isEqualTo(409);
        assertThat(demoApi.post("/api/v1/segments/templates/nope", "{}").status())
                .isEqualTo(404);
        brands.create(demo.admin(), "Second brand", null);
        Api.Reply which = demoApi.get("/api/v1/segments/templates");
        assertThat(which.status()).isEqualTo(400);
        assertThat(which.errorField()).isEqualTo("brand");
        assertThat(demoApi.get("/api/v1/segments/templates?brand="
                                + other.brand().id())
                        .status())
                .isEqualTo(404);
    }

    private List<String> fields(Api.Reply reply) {
        return reply.json().path("error").path("errors").findValuesAsString("field");
    }

    private JsonNode contains(long segment, String customerId) {
        Api.Reply reply = api.get("/api/v1/segments/" + segment + "/contains/" + customerId);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private long create(String name, String rule) {
        Api.Reply reply = api.post("/api/v1/segments", "{\"name\": \"" + name + "\", \"rule\": " + rule + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().path("id").asLong();
    }

    private String id(int customerNo) {
        return customers.get(tenant.admin(), customerNo).id();
    }

    private long count(String fromWhere, Object... args) {
        return jdbc.queryForObject("select count(*) " + fromWhere, Long.class, args);
    }

    static String hex(String algorithm, String value) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance(algorithm).digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    private Instant ago(int days) {
        return now.minus(Duration.ofDays(days));
    }

    /** Runs the loyalty program now: {@code Member Joined} makes the customer a member. */
    private void becomesMember(long workspaceId, long brandId, int customerNo) {
        loyaltyRounds.runNow(workspaceId);
        assertThat(memberships.find(workspaceId, brandId, customerNo))
                .as("customer %d a member of brand %d", customerNo, brandId)
                .isPresent();
    }
}
