package io.reservoir.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Api;
import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Orders with their refunds, and relations as intervals, through the intake API and the 360 view. */
@ReservoirIT
class OrdersAndRelationsIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    Tenant tenant;
    Events events;

    @BeforeEach
    void workspace() {
        tenant = tenants.aWorkspace();
        events = new Events(port, tenant, jdbc);
    }

    @Test
    void anOrderWithPartialRefundsShowsPaidRefundedAndNetToTheFen() {
        events.send(Message.track("Order Completed")
                .user("o1")
                .channel("jd")
                .property("order_id", "JD-1")
                .property("total", "299.99")
                .property("coupon", "A100, B20")
                .property("guide_code", "G7")
                .property("share_code", "S9")
                .properties("{\"products\": [{\"product_id\": \"p1\", \"price\": 299.99, \"quantity\": 1}]}"));
        events.send(Message.track("Order Refunded")
                .user("o1")
                .property("order_id", "JD-1")
                .properties("{\"total\": 0.99}"));
        events.send(Message.track("Order Refunded")
                .user("o1")
                .property("order_id", "JD-1")
                .property("revenue", "100"));

        JsonNode orders = view("app_user_id:o1").path("orders");

        assertThat(orders.path("count").asInt()).isEqualTo(1);
        assertThat(orders.path("paid").asString()).isEqualTo("299.99");
        assertThat(orders.path("refunded").asString()).isEqualTo("100.99");
        assertThat(orders.path("net").asString()).isEqualTo("199.00");
        JsonNode line = orders.path("recent").get(0);
        assertThat(line.path("channel").asString()).isEqualTo("jd");
        assertThat(line.path("couponCodes").toString()).isEqualTo("[\"A100\",\"B20\"]");
        assertThat(line.path("guideCode").asString()).isEqualTo("G7");
        assertThat(line.path("shareCode").asString()).isEqualTo("S9");
        assertThat(line.path("items").get(0).path("product_id").asString()).isEqualTo("p1");
    }

    @Test
    void theSameOrderSentTwiceUnderTwoMessageIdsIsOneOrder() {
        Message order = Message.track("Order Completed")
                .user("o2")
                .property("order_id", "T-9")
                .property("total", 50);
        events.send(order);
        events.send(order);

        assertThat(events.count("from customer_order where workspace_id = ? and order_id = 'T-9'"))
                .isEqualTo(1);
        assertThat(events.count("from event_log where workspace_id = ? and event_name = 'Order Completed'"))
                .isEqualTo(2);
    }

    @Test
    void joiningLeavingAndJoiningAgainGivesTwoMembershipIntervals() {
        member("Member Joined", "2026-03-01T10:00:00+08:00");
        member("Member Left", "2026-05-01T10:00:00+08:00");
        member("Member Joined", "2026-06-10T10:00:00+08:00");
        member("Member Joined", "2026-06-11T10:00:00+08:00"); // already a member: changes nothing

        assertThat(intervals())
                .containsExactly(
                        List.of("2026-03-01T02:00Z", "2026-05-01T02:00Z"), List.of("2026-06-10T02:00Z", "open"));
    }

    @Test
    void aLateEventLandsWhereItBelongsInTime() {
        member("Member Joined", "2026-03-01T10:00:00+08:00");
        member("Member Joined", "2026-06-10T10:00:00+08:00");
        // the leave between them arrives last
        member("Member Left", "2026-05-01T10:00:00+08:00");

        assertThat(intervals())
                .containsExactly(
                        List.of("2026-03-01T02:00Z", "2026-05-01T02:00Z"), List.of("2026-06-10T02:00Z", "open"));
    }

    @Test
    void relationEventsOpenTheirOwnFieldAndRelationOpenedNamesOne() {
        events.send(Message.track("Group Joined").user("r9").property("group_id", "g1"));
        events.send(Message.track("Relation Opened").user("r9").property("field", "mini_program"));
        var missingField = events.attempt("track", "{\"userId\":\"r9\",\"event\":\"Relation Opened\"}");
        var badField = events.attempt(
                "track", "{\"userId\":\"r9\",\"event\":\"Relation Opened\",\"properties\":{\"field\":\"moon\"}}");

        JsonNode relations = view("app_user_id:r9").path("relations");
        assertThat(relations.findValuesAsString("field")).containsExactlyInAnyOrder("group_chat", "mini_program");
        assertThat(missingField.status()).isEqualTo(400);
        assertThat(missingField.errorField()).isEqualTo("properties.field");
        assertThat(badField.errorField()).isEqualTo("properties.field");
    }

    @Test
    void theTimelineListsEventsNewestFirstAcrossPages() {
        for (int day = 1; day <= 5; day++) {
            events.send(
                    Message.track("Checked In").user("t1").id("t1-" + day).at("2026-04-0" + day + "T08:00:00+08:00"));
        }
        Api api = Api.on(port).bearer(tenant.managementKey());
        String id = api.get("/api/v1/customers?identity=app_user_id:t1")
                .json()
                .path("items")
                .get(0)
                .path("id")
                .asString();

        JsonNode first =
                api.get("/api/v1/customers/" + id + "/timeline?limit=3").json();
        JsonNode second = api.get("/api/v1/customers/" + id + "/timeline?limit=3&before="
                        + first.path("next").asString())
                .json();

        assertThat(first.path("items").findValuesAsString("messageId")).containsExactly("t1-5", "t1-4", "t1-3");
        assertThat(second.path("items").findValuesAsString("messageId")).containsExactly("t1-2", "t1-1");
        assertThat(second.has("next")).isFalse();
    }

    @Test
    void consentFollowsIdentifyTraitsAndTheApiAndTheNewestDecisionWins() {
        events.send(Message.identify()
                .user("k1")
                .at("2026-04-01T00:00:00Z")
                .traits("{\"consent\": {\"sms\": true, \"email\": true}}"));
        events.send(Message.identify().user("k1").at("2026-03-01T00:00:00Z").traits("{\"consent\": {\"sms\": false}}"));
        Api api = Api.on(port).bearer(tenant.managementKey());
        String id = api.get("/api/v1/customers?identity=app_user_id:k1")
                .json()
                .path("items")
                .get(0)
                .path("id")
                .asString();

        JsonNode before = view("app_user_id:k1").path("profile").path("consent");
        var put = api.put(
                "/api/v1/customers/" + id + "/consent/email", "{\"granted\":false,\"source\":\"service desk\"}");
        JsonNode after = view("app_user_id:k1").path("profile").path("consent");

        assertThat(before.path("sms").path("granted").asBoolean()).isTrue();
        assertThat(put.status()).isEqualTo(204);
        assertThat(after.path("email").path("granted").asBoolean()).isFalse();
        assertThat(after.path("email").path("source").asString()).isEqualTo("service desk");
        assertThat(api.put("/api/v1/customers/" + id + "/consent/fax", "{\"granted\":true}")
                        .errorField())
                .isEqualTo("channel");
    }

    private void member(String event, String at) {
        events.send(Message.track(event).user("m1").at(at));
    }

    private List<List<String>> intervals() {
        return jdbc.query(
                "select since, until from customer_relation where workspace_id = ? and field = 'membership' order by since",
                (rs, row) -> List.of(
                        rs.getObject("since", OffsetDateTime.class)
                                .toInstant()
                                .toString()
                                .replace(":00Z", "Z"),
                        rs.getObject("until") == null
                                ? "open"
                                : rs.getObject("until", OffsetDateTime.class)
                                        .toInstant()
                                        .toString()
                                        .replace(":00Z", "Z")),
                events.workspaceId());
    }

    private JsonNode view(String identity) {
        Api api = Api.on(port).bearer(tenant.managementKey());
        String id = api.get("/api/v1/customers?identity=" + identity)
                .json()
                .path("items")
                .get(0)
                .path("id")
                .asString();
        return api.get("/api/v1/customers/" + id).json();
    }
}
