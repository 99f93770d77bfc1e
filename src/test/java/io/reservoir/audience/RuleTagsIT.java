package io.reservoir.audience;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.platform.tenancy.Caller;
import io.reservoir.support.Api;
import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import io.reservoir.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rule tags: recomputing makes the holders exactly the customers {@link Audiences#select} gives for
 * the rule, adding and removing through the tag's history; a change of tags asks for a round soon,
 * and the round's own changes ask for no other. The scheduled rounds run meanwhile, so the tests
 * look at holders and history, which are the same whichever round made a change.
 */
@ReservoirIT
class RuleTagsIT {

    static final String HANGZHOU = "{\"attribute\": \"city\", \"op\": \"eq\", \"value\": \"杭州\"}";

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    Tags tags;

    @Autowired
    RuleTags ruleTags;

    @Autowired
    Audiences audiences;

    @Autowired
    RuleTagSettings settings;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    Tenant tenant;
    Caller admin;
    Api api;
    Events events;
    long ws;

    @BeforeEach
    void workspace() {
        tenant = tenants.aWorkspace();
        admin = tenant.admin();
        api = Api.on(port).bearer(tenant.managementKey());
        events = new Events(port, tenant, jdbc);
        ws = tenant.workspace().id();
    }

    private int livesIn(String user, String city) {
        events.send(Message.identify().user(user).trait("city", city));
        return events.customerOf("app_user_id", user);
    }

    private long ruleTag(String name, String rule) {
        Api.Reply reply =
                api.post("/api/v1/tags", "{\"name\": \"" + name + "\", \"kind\": \"rule\", \"rule\": " + rule + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().path("id").asLong();
    }

    private JsonNode recompute(long tagId) {
        Api.Reply reply = api.post("/api/v1/tags/" + tagId + "/recompute", "");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private List<Integer> holders(long tagId) {
        return jdbc.queryForList(
                "select customer_no from customer_tag where workspace_id = ? and tag_id = ? order by customer_no",
                Integer.class,
                ws,
                tagId);
    }

    private List<Integer> selected(String rule) {
        SegmentRule parsed = SegmentRule.fromJson(json.readTree(rule), "rule");
        return audiences.select(ws, parsed, audiences.now()).stream().boxed().toList();
    }

    /** The tag's history of one customer, oldest first: "kind (cause)". */
    private List<String> history(long tagId, int customerNo) {
        return jdbc.query(
                "select change_kind, cause from tag_change where workspace_id = ? and tag_id = ? and customer_no = ? order by id",
                (rs, row) -> rs.getString(1) + " (" + rs.getString(2) + ")",
                ws,
                tagId,
                customerNo);
    }

    @Test
    void recomputingARuleTagAddsAndRemovesExactlyWhomItsRuleSelects() {
        int ann = livesIn("ann", "杭州");
        int bob = livesIn("bob", "上海");
        int cat = livesIn("cat", "杭州");
        long hangzhou = ruleTag("hangzhou", HANGZHOU);

        JsonNode first = recompute(hangzhou);

        assertThat(selected(HANGZHOU)).containsExactly(ann, cat);
        assertThat(holders(hangzhou)).isEqualTo(selected(HANGZHOU));
        assertThat(first.path("members").asInt()).isEqualTo(2);
        assertThat(first.path("computedAt").isMissingNode()).isFalse();

        livesIn("ann", "上海");
        livesIn("bob", "杭州");
        int dan = livesIn("dan", "杭州");
        JsonNode second = recompute(hangzhou);

        assertThat(selected(HANGZHOU)).containsExactly(bob, cat, dan);
        assertThat(holders(hangzhou)).isEqualTo(selected(HANGZHOU));
        assertThat(second.path("members").asInt()).isEqualTo(3);
        assertThat(history(hangzhou, ann)).containsExactly("added (rule)", "removed (rule)");
        assertThat(history(hangzhou, bob)).containsExactly("added (rule)");
        assertThat(history(hangzhou, cat)).containsExactly("added (rule)");
        assertThat(history(hangzhou, dan)).containsExactly("added (rule)");
        JsonNode view = api.get("/api/v1/tags/" + hangzhou).json();
        assertThat(view.path("members").asInt()).isEqualTo(3);
        assertThat(view.path("computedAt").asString()).isNotEmpty();
        JsonNode page = api.get("/api/v1/tags/" + hangzhou + "/history?limit=2").json();
        assertThat(page.path("items")).hasSize(2);
        assertThat(page.path("next").isNumber()).isTrue();
    }

    @Test
    void recomputingAgainChangesNothingWhenNothingChanged() {
        livesIn("ann", "杭州");
        long hangzhou = ruleTag("hangzhou", HANGZHOU);
        recompute(hangzhou);
        long changes = events.count("from tag_change where workspace_id = ?");

        JsonNode again = recompute(hangzhou);

        assertThat(again.path("added").asInt() + again.path("removed").asInt()).isZero();
        assertThat(events.count("from tag_change where workspace_id = ?")).isEqualTo(changes);
    }

    @Test
    void onlyRuleTagsAndModelTagsWithAModelAreRecomputed() {
        long vip = tags.create(admin, "vip", TagKind.MANUAL, null, null).id();
        long given = tags.create(admin, "given", TagKind.MODEL, null, null).id();

        Api.Reply manual = api.post("/api/v1/tags/" + vip + "/recompute", "");
        Api.Reply withoutModel = api.post("/api/v1/tags/" + given + "/recompute", "");

        assertThat(manual.status()).isEqualTo(409);
        assertThat(manual.errorField()).isEqualTo("kind");
        assertThat(withoutModel.status()).isEqualTo(409);
        assertThat(api.post("/api/v1/tags/999999/recompute", "").status()).isEqualTo(404);
    }

    @Test
    void aChangeOfTagsAsksForARoundSoonAndTheRoundsOwnChangesAskForNone() {
        int ann = livesIn("ann", "杭州");
        int bob = livesIn("bob", "杭州");
        Tag vip = tags.create(admin, "vip", TagKind.MANUAL, null, null);
        long vipRule = ruleTag("vip-in-hangzhou", "{\"all\": [{\"tag\": \"vip\"}, " + HANGZHOU + "]}");
        long notVip = ruleTag("not-vip", "{\"not\": {\"tag\": \"vip-in-hangzhou\"}}");
        recompute(vipRule);
        recompute(notVip);
        Instant soon = TestClock.now().plus(settings.afterChange()).plus(Duration.ofSeconds(1));
        ruleTags.runDue(soon);
        assertThat(ruleTags.pending(ws)).isFalse();

        tags.assign(admin, vip.id(), null, List.of(ann), "upload");

        assertThat(ruleTags.pending(ws)).as("the upload asked for a round").isTrue();
        ruleTags.runDue(soon.plus(settings.afterChange()));
        assertThat(ruleTags.pending(ws))
                .as("the round's own changes ask for none")
                .isFalse();
        assertThat(holders(vipRule)).containsExactly(ann);
        assertThat(holders(notVip)).as("recomputed after the tag it names").containsExactly(bob);
        assertThat(holders(notVip)).isEqualTo(selected("{\"not\": {\"tag\": \"vip-in-hangzhou\"}}"));
    }

    @Test
    void anotherWorkspacesTagsAreLeftAlone() {
        livesIn("ann", "杭州");
        Tenant other = tenants.aWorkspace();
        Events theirEvents = new Events(port, other, jdbc);
        theirEvents.send(Message.identify().user("zed").trait("city", "杭州"));
        int zed = theirEvents.customerOf("app_user_id", "zed");
        Tag theirs = tags.create(other.admin(), "hangzhou", TagKind.MANUAL, null, null);
        tags.assign(other.admin(), theirs.id(), "given", List.of(zed), "upload");
        long hangzhou = ruleTag("hangzhou", HANGZHOU);

        recompute(hangzhou);

        assertThat(jdbc.queryForList(
                        "select customer_no || ':' || tag_value from customer_tag where workspace_id = ?",
                        String.class,
                        other.workspace().id()))
                .containsExactly(zed + ":given");
        assertThat(holders(hangzhou)).containsExactly(events.customerOf("app_user_id", "ann"));
    }
}
