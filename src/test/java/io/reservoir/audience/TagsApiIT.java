package io.reservoir.audience;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.identity.Customers;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.support.Api;
import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tags API: tags of every kind, lists uploaded to manual tags by customer id, by identity and
 * as CSV (unknown rows reported, never created), refusals that name the field and write nothing,
 * history, a customer's tags, and deleting.
 */
@ReservoirIT
class TagsApiIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    Segments segments;

    @Autowired
    Customers customers;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    Tenant tenant;
    Caller admin;
    Api api;
    Events events;
    long ws;

    /** Public ids of ann (phone 13800000001), bob (13800000002) and cat (13800000003). */
    String ann;

    String bob;
    String cat;

    @BeforeEach
    void workspace() {
        tenant = tenants.aWorkspace();
        admin = tenant.admin();
        api = Api.on(port).bearer(tenant.managementKey());
        events = new Events(port, tenant, jdbc);
        ws = tenant.workspace().id();
        ann = customer("ann", "13800000001");
        bob = customer("bob", "13800000002");
        cat = customer("cat", "13800000003");
    }

    private String customer(String user, String phone) {
        events.send(Message.identify().user(user).trait("phone", phone));
        return customers.get(admin, events.customerOf("app_user_id", user)).id();
    }

    private long tag(String body) {
        Api.Reply reply = api.post("/api/v1/tags", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().path("id").asLong();
    }

    private long manual(String name) {
        return tag("{\"name\": \"" + name + "\", \"kind\": \"manual\"}");
    }

    private Api.Reply csv(String method, String path, String body) {
        return api.send(api.request(path)
                .header("Content-Type", "text/csv; charset=utf-8")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    private Api.Reply deleteJson(String path, String body) {
        return api.send(api.request(path)
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Holders of a tag: public id → value ("" for the plain tag). */
    private Map<String, String> holders(long tagId) {
        Map<Integer, String> byNo = new HashMap<>();
        jdbc.query(
                "select customer_no, tag_value from customer_tag where workspace_id = ? and tag_id = ?",
                rs -> {
                    byNo.put(rs.getInt(1), rs.getString(2) == null ? "" : rs.getString(2));
                },
                ws,
                tagId);
        Map<Integer, String> ids = customers.publicIds(ws, byNo.keySet());
        return byNo.entrySet().stream().collect(Collectors.toMap(e -> ids.get(e.getKey()), Map.Entry::getValue));
    }

    private long customerCount() {
        return events.count("from customer where workspace_id = ?");
    }

    private long tagChanges() {
        return events.count("from tag_change where workspace_id = ?");
    }

    @Test
    void uploadingByCustomerIdGivesTheValueAndReportsIdsThatFindNobody() {
        long tier = manual("tier");

        Api.Reply reply = api.post(
                "/api/v1/tags/" + tier + "/members",
                "{\"value\": \"gold\", \"customers\": [\"%s\", \"%s\", \"%s\", \"cnobody\"], \"cause\": \"vip-0601.xlsx\"}"
                        .formatted(ann, bob, ann));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode result = reply.json();
        assertThat(result.path("rows").asInt()).isEqualTo(4);
        assertThat(result.path("matched").asInt()).isEqualTo(3);
        assertThat(result.path("changed").asInt()).isEqualTo(2);
        assertThat(result.path("unknown").path("count").asInt()).isEqualTo(1);
        assertThat(result.path("unknown").path("first").get(0).path("at").asString())
                .isEqualTo("customers[3]");
        assertThat(result.path("unknown").path("first").get(0).path("value").asString())
                .isEqualTo("cnobody");
        assertThat(holders(tier)).isEqualTo(Map.of(ann, "gold", bob, "gold"));

        JsonNode view = api.get("/api/v1/tags/" + tier).json();
        assertThat(view.path("members").asLong()).isEqualTo(2);
        assertThat(view.path("values").toString()).isEqualTo("[{\"value\":\"gold\",\"members\":2}]");
        JsonNode held = api.get("/api/v1/customers/" + ann + "/tags").json();
        assertThat(held.path("customerId").asString()).isEqualTo(ann);
        assertThat(held.path("items").get(0).path("name").asString()).isEqualTo("tier");
        assertThat(held.path("items").get(0).path("value").asString()).isEqualTo("gold");
        assertThat(held.path("items").get(0).path("assignedAt").isMissingNode()).isFalse();
        JsonNode history =
                api.get("/api/v1/tags/" + tier + "/history?customer=" + ann).json();
        assertThat(history.path("items")).hasSize(1);
        assertThat(history.path("items").get(0).path("customerId").asString()).isEqualTo(ann);
        assertThat(history.path("items").get(0).path("kind").asString()).isEqualTo("added");
        assertThat(history.path("items").get(0).path("newValue").asString()).isEqualTo("gold");
        assertThat(history.path("items").get(0).path("cause").asString()).isEqualTo("vip-0601.xlsx");
    }

    @Test
    void uploadingByPhoneFindsTheHolderWhateverTheWritingAndNeverCreatesACustomer() {
        long vip = manual("vip");
        long before = customerCount();

        Api.Reply reply = api.post("/api/v1/tags/" + vip + "/members", """
                {"identities": [
                  {"type": "phone", "value": "+86 138 0000 0001"},
                  {"type": "phone", "value": "13800000002"},
                  {"type": "phone", "value": "13900000009"},
                  {"type": "phone", "value": "12"},
                  {"type": "app_user_id", "value": "cat"}]}""");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode result = reply.json();
        assertThat(result.path("matched").asInt()).isEqualTo(3);
        assertThat(result.path("unknown").path("count").asInt()).isEqualTo(1);
        assertThat(result.path("unknown").path("first").get(0).path("at").asString())
                .isEqualTo("identities[2]");
        assertThat(result.path("unknown").path("first").get(0).path("type").asString())
                .isEqualTo("phone");
        assertThat(result.path("invalid").path("count").asInt()).isEqualTo(1);
        assertThat(result.path("invalid").path("first").get(0).path("at").asString())
                .isEqualTo("identities[3]");
        assertThat(holders(vip)).isEqualTo(Map.of(ann, "", bob, "", cat, ""));
        assertThat(customerCount()).as("no customer was created").isEqualTo(before);
    }

    @Test
    void aCsvUploadNamesItsColumnInTheHeaderAndRemovesTheSameWay() {
        long vip = manual("vip");

        Api.Reply byPhone = csv(
                "POST",
                "/api/v1/tags/" + vip + "/members?value=A",
                "\uFEFFphone\r\n13800000001\r\n\r\n\"138 0000 0002\"\r\n13900000009\r\n");
        assertThat(byPhone.status()).as(byPhone.body()).isEqualTo(200);
        assertThat(byPhone.json().path("rows").asInt()).isEqualTo(3);
        assertThat(byPhone.json().path("changed").asInt()).isEqualTo(2);
        assertThat(byPhone.json()
                        .path("unknown")
                        .path("first")
                        .get(0)
                        .path("at")
                        .asString())
                .isEqualTo("line 5");
        Api.Reply byId = csv("POST", "/api/v1/tags/" + vip + "/members", "customer_id\n" + cat + "\n" + ann + "\n");
        assertThat(byId.status()).as(byId.body()).isEqualTo(200);
        assertThat(holders(vip)).isEqualTo(Map.of(ann, "", bob, "A", cat, ""));

        Api.Reply removed = csv("DELETE", "/api/v1/tags/" + vip + "/members", "PHONE\n13800000002\n13800000003\n");
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.json().path("changed").asInt()).isEqualTo(2);
        Api.Reply removedById = deleteJson("/api/v1/tags/" + vip + "/members", "{\"customers\": [\"" + ann + "\"]}");
        assertThat(removedById.json().path("changed").asInt()).isEqualTo(1);
        assertThat(holders(vip)).isEmpty();
        List<String> kinds = api.get("/api/v1/tags/" + vip + "/history?customer=" + bob)
                .json()
                .path("items")
                .valueStream()
                .map(c -> c.path("kind").asString() + " " + c.path("newValue").asString("") + " ("
                        + c.path("cause").asString() + ")")
                .toList();
        assertThat(kinds).containsExactly("removed  (upload)", "added A (upload)");
    }

    @Test
    void badListsAreRefusedNamingTheFieldAndWriteNothing() {
        long vip = manual("vip");
        long rule = tag(
                "{\"name\": \"hangzhou\", \"kind\": \"rule\", \"rule\": {\"attribute\": \"city\", \"op\": \"eq\", \"value\": \"杭州\"}}");
        long model = tag("{\"name\": \"rfm\", \"kind\": \"model\", \"model\": {\"model\": \"rfm\", \"brand\": "
                + tenant.brand().id() + "}}");
        String one = "{\"customers\": [\"" + ann + "\"]}";
        long changes = tagChanges();

        assertRefused(api.post("/api/v1/tags/" + rule + "/members", one), 409, "kind");
        assertRefused(api.post("/api/v1/tags/" + model + "/members", one), 409, "kind");
        assertRefused(csv("POST", "/api/v1/tags/" + model + "/members", "phone\n13800000001\n"), 409, "kind");
        assertRefused(deleteJson("/api/v1/tags/" + rule + "/members", one), 409, "kind");
        assertRefused(api.post("/api/v1/tags/999999/members", one), 404, "");
        assertRefused(csv("POST", "/api/v1/tags/" + vip + "/members", "mobile\n13800000001\n"), 400, "header");
        assertRefused(csv("POST", "/api/v1/tags/" + vip + "/members", "phone,name\n13800000001,ann\n"), 400, "header");
        assertRefused(csv("POST", "/api/v1/tags/" + vip + "/members", "phone\n\n"), 400, "rows");
        assertRefused(api.post("/api/v1/tags/" + vip + "/members", "{\"customers\": []}"), 400, "customers");
        assertRefused(
                api.post("/api/v1/tags/" + vip + "/members", "{\"customers\": [\"" + ann + "\", 7]}"),
                400,
                "customers[1]");
        assertRefused(
                api.post(
                        "/api/v1/tags/" + vip + "/members",
                        "{\"identities\": [{\"type\": \"mobile\", \"value\": \"1\"}]}"),
                400,
                "identities[0].type");
        assertRefused(
                api.post("/api/v1/tags/" + vip + "/members", "{\"customers\": [\"" + ann + "\"], \"identities\": []}"),
                400,
                "identities");
        assertRefused(
                api.post("/api/v1/tags/" + vip + "/members", "{\"value\": \" \", \"customers\": [\"" + ann + "\"]}"),
                400,
                "value");
        assertRefused(
                deleteJson("/api/v1/tags/" + vip + "/members", "{\"value\": \"A\", \"customers\": [\"" + ann + "\"]}"),
                400,
                "value");
        String tooMany = IntStream.rangeClosed(0, MemberList.MAX_ROWS)
                .mapToObj(i -> "\"c" + i + "\"")
                .collect(Collectors.joining(",", "{\"customers\": [", "]}"));
        assertRefused(api.post("/api/v1/tags/" + vip + "/members", tooMany), 413, "customers");
        String tooManyLines = "phone\n" + "13800000001\n".repeat(MemberList.MAX_ROWS + 1);
        assertRefused(csv("POST", "/api/v1/tags/" + vip + "/members", tooManyLines), 413, "rows");
        Api.Reply form = api.send(api.request("/api/v1/tags/" + vip + "/members")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("phone=1")));
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.json().path("error").path("message").asString()).contains("text/csv");

        assertThat(holders(vip)).isEmpty();
        assertThat(tagChanges()).isEqualTo(changes);
    }

    @Test
    void aFullFileOfAHundredThousandRowsIsTakenInOneRequest() {
        long vip = manual("vip");
        StringBuilder file = new StringBuilder("phone\n13800000001\n");
        for (int i = 1; i < MemberList.MAX_ROWS; i++) {
            file.append("1390").append(String.format("%07d", i)).append('\n');
        }
        assertThat(file.length()).as("larger than the 1 MiB of other requests").isGreaterThan(1 << 20);

        Api.Reply reply = csv("POST", "/api/v1/tags/" + vip + "/members", file.toString());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("rows").asInt()).isEqualTo(MemberList.MAX_ROWS);
        assertThat(reply.json().path("unknown").path("count").asInt()).isEqualTo(MemberList.MAX_ROWS - 1);
        assertThat(reply.json().path("unknown").path("first")).hasSize(TagUploads.MAX_REPORTED);
        assertThat(holders(vip)).isEqualTo(Map.of(ann, ""));
    }

    private static void assertRefused(Api.Reply reply, int status, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.errorField()).as(reply.body()).isEqualTo(field);
    }

    @Test
    void tagsAreCreatedWithTheirRuleOrModelAndRefusedNamingTheField() {
        long brand = tenant.brand().id();
        Api.Reply rfm = api.post("/api/v1/tags", """
                {"name": "rfm", "kind": "model", "description": "RFM 分层",
                 "model": {"model": "rfm", "brand": %d, "windowDays": 180}}""".formatted(brand));
        assertThat(rfm.status()).as(rfm.body()).isEqualTo(201);
        assertThat(rfm.json().path("model").path("recencyDays").toString()).isEqualTo("[30,90,180,270]");
        assertThat(rfm.json().path("model").path("windowDays").asInt()).isEqualTo(180);
        Api.Reply rule = api.post("/api/v1/tags", """
                {"name": "rfm-champions", "kind": "rule", "rule": {"tag": "rfm", "value": "champions"}}""");
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        assertThat(rule.json().path("rule").toString()).isEqualTo("{\"tag\":\"rfm\",\"value\":\"champions\"}");

        Tenant other = tenants.aWorkspace();
        assertRefused(api.post("/api/v1/tags", "{\"name\": \"x\", \"kind\": \"smart\"}"), 400, "kind");
        assertRefused(api.post("/api/v1/tags", "{\"name\": \"x\", \"kind\": \"model\"}"), 400, "model");
        assertRefused(
                api.post(
                        "/api/v1/tags",
                        "{\"name\": \"x\", \"kind\": \"model\", \"model\": {\"model\": \"rfm\", \"brand\": "
                                + other.brand().id() + "}}"),
                400,
                "model.brand");
        assertRefused(
                api.post(
                        "/api/v1/tags",
                        "{\"name\": \"x\", \"kind\": \"model\", \"model\": {\"model\": \"lifecycle\", \"brand\": "
                                + brand + ", \"sleepingDays\": 10}}"),
                400,
                "model.sleepingDays");
        assertRefused(
                api.post(
                        "/api/v1/tags",
                        "{\"name\": \"x\", \"kind\": \"manual\", \"model\": {\"model\": \"rfm\", \"brand\": " + brand
                                + "}}"),
                400,
                "model");
        assertRefused(
                api.post(
                        "/api/v1/tags",
                        "{\"name\": \"x\", \"kind\": \"rule\", \"rule\": {\"event\": \"Order Completed\", \"within\": {\"days\": 0}}}"),
                400,
                "rule.within.days");
        assertRefused(api.post("/api/v1/tags", "{\"name\": \"rfm\", \"kind\": \"manual\"}"), 409, "name");
        assertThat(api.get("/api/v1/tags")
                        .json()
                        .path("items")
                        .valueStream()
                        .map(t -> t.path("name").asString()))
                .containsExactly("rfm", "rfm-champions");
    }

    @Test
    void aTagNamedByASegmentOrARuleTagIsNotDeletedAndOthersGoWithTheirHolders() {
        long vip = manual("vip");
        long gone = manual("gone");
        long hangzhou = manual("hangzhou");
        tag("{\"name\": \"vip-rule\", \"kind\": \"rule\", \"rule\": {\"not\": {\"tag\": \"hangzhou\"}}}");
        segments.create(admin, "VIPs", json.readTree("{\"any\": [{\"tag\": \"vip\", \"value\": \"gold\"}]}"));
        api.post("/api/v1/tags/" + gone + "/members", "{\"customers\": [\"" + ann + "\"]}");

        Api.Reply namedBySegment = api.delete("/api/v1/tags/" + vip);
        assertRefused(namedBySegment, 409, "id");
        assertThat(namedBySegment.json().path("error").path("message").asString())
                .contains("segment")
                .contains("VIPs");
        Api.Reply namedByRule = api.delete("/api/v1/tags/" + hangzhou);
        assertRefused(namedByRule, 409, "id");
        assertThat(namedByRule.json().path("error").path("message").asString())
                .contains("rule tag")
                .contains("vip-rule");
        assertThat(api.delete("/api/v1/tags/" + gone).status()).isEqualTo(204);

        assertThat(api.get("/api/v1/tags/" + gone).status()).isEqualTo(404);
        assertThat(holders(gone)).isEmpty();
        assertThat(events.count("from tag_change where workspace_id = ? and tag_id = ?", gone))
                .isZero();
        assertThat(api.get("/api/v1/customers/" + ann + "/tags")
                        .json()
                        .path("items")
                        .valueStream()
                        .map(t -> t.path("name").asString()))
                .as("the rule tag may have been computed meanwhile")
                .doesNotContain("gone");
        assertThat(events.count("from audit_log where workspace_id = ? and action = 'tag.deleted'"))
                .isEqualTo(1);
    }

    @Test
    void anotherWorkspaceNeitherSeesTheTagsNorFindsItsCustomersThroughThem() {
        long vip = manual("vip");
        api.post("/api/v1/tags/" + vip + "/members", "{\"customers\": [\"" + ann + "\"]}");
        Tenant other = tenants.aWorkspace();
        Api theirs = Api.on(port).bearer(other.managementKey());
        long theirVip = theirs.post("/api/v1/tags", "{\"name\": \"vip\", \"kind\": \"manual\"}")
                .json()
                .path("id")
                .asLong();

        assertThat(theirs.get("/api/v1/tags/" + vip).status()).isEqualTo(404);
        assertThat(theirs.post("/api/v1/tags/" + vip + "/members", "{\"customers\": [\"" + bob + "\"]}")
                        .status())
                .isEqualTo(404);
        assertThat(theirs.get("/api/v1/customers/" + ann + "/tags").status()).isEqualTo(404);
        Api.Reply mine = theirs.post(
                "/api/v1/tags/" + theirVip + "/members", "{\"customers\": [\"" + bob + "\"], \"identities\": null}");
        assertThat(mine.json().path("unknown").path("count").asInt()).isEqualTo(1);
        Api.Reply byPhone = theirs.post(
                "/api/v1/tags/" + theirVip + "/members",
                "{\"identities\": [{\"type\": \"phone\", \"value\": \"13800000002\"}]}");
        assertThat(byPhone.json().path("unknown").path("count").asInt()).isEqualTo(1);
        assertThat(holders(vip)).isEqualTo(Map.of(ann, ""));
        assertThat(jdbc.queryForObject(
                        "select count(*) from customer_tag where workspace_id = ?",
                        Long.class,
                        other.workspace().id()))
                .isZero();
    }
}
