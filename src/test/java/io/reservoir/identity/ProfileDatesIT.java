package io.reservoir.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Api;
import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Profiles and identities are dated by the earliest event that names them, whenever it arrives. */
@ReservoirIT
class ProfileDatesIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Customers customers;

    Tenant tenant;
    Events events;
    Api api;

    @BeforeEach
    void workspace() {
        tenant = tenants.aWorkspace();
        events = new Events(port, tenant, jdbc);
        api = Api.on(port).basic(tenant.writeKey());
    }

    @Test
    void aLaterRequestOfOlderHistoryMovesTheDatesBack() {
        events.send(Message.track("Store Visited")
                .anonymous("a1")
                .identity("tmall_ouid", "T1")
                .at("2026-03-10T02:00:00Z"));
        events.send(Message.track("Store Visited").anonymous("a1").at("2026-01-05T02:00:00Z"));
        // a still later event moves nothing forward
        events.send(Message.track("Store Visited")
                .anonymous("a1")
                .identity("tmall_ouid", "T1")
                .at("2026-06-01T02:00:00Z"));

        int no = events.customerOf("anonymous_id", "a1");
        assertThat(createdAt(no)).isEqualTo(Instant.parse("2026-01-05T02:00:00Z"));
        assertThat(firstSeen("anonymous_id", "a1")).isEqualTo(Instant.parse("2026-01-05T02:00:00Z"));
        assertThat(firstSeen("tmall_ouid", "T1")).isEqualTo(Instant.parse("2026-03-10T02:00:00Z"));
        JsonNode profile = Api.on(port)
                .bearer(tenant.managementKey())
                .get("/api/v1/customers/" + customers.get(tenant.admin(), no).id())
                .json()
                .path("profile");
        assertThat(profile.path("createdAt").asString()).isEqualTo("2026-01-05T02:00:00Z");
    }

    @Test
    void aFileNotInTimeOrderDatesTheNewProfileByItsOldestEvent() {
        String batch = "{\"batch\":["
                + typed(Message.track("Store Visited").anonymous("b1").at("2026-04-02T00:00:00Z")) + ","
                + typed(Message.track("Store Visited")
                        .anonymous("b1")
                        .identity("jd_pin", "J1")
                        .at("2026-02-01T00:00:00Z"))
                + "," + typed(Message.identify().anonymous("b1").at("2026-03-01T00:00:00Z")) + "]}";
        Api.Reply reply = api.post("/v1/batch", batch);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);

        int no = events.customerOf("anonymous_id", "b1");
        assertThat(events.customerOf("jd_pin", "J1")).isEqualTo(no);
        assertThat(createdAt(no)).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(firstSeen("anonymous_id", "b1")).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(firstSeen("jd_pin", "J1")).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    }

    @Test
    void aMergeKeepsTheEarlierDateOfTheTwo() {
        events.send(Message.identify().user("u1").at("2026-05-01T00:00:00Z"));
        events.send(Message.track("Store Visited")
                .anonymous("c1")
                .identity("tmall_ouid", "T9")
                .at("2026-02-01T00:00:00Z"));
        int older = events.customerOf("app_user_id", "u1");
        assertThat(events.customerOf("tmall_ouid", "T9")).isNotEqualTo(older);

        events.send(Message.track("Checked In")
                .user("u1")
                .identity("tmall_ouid", "T9")
                .at("2026-07-01T00:00:00Z"));

        int root = events.customerOf("tmall_ouid", "T9");
        assertThat(root).isEqualTo(events.customerOf("app_user_id", "u1"));
        assertThat(createdAt(root)).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    }

    /** A message as an item of a batch, which names its type. */
    private static String typed(Message message) {
        return "{\"type\":\"" + message.type() + "\"," + message.json().substring(1);
    }

    private Instant createdAt(int no) {
        return jdbc.queryForObject(
                        "select created_at from customer where workspace_id = ? and customer_no = ?",
                        Timestamp.class,
                        events.workspaceId(),
                        no)
                .toInstant();
    }

    private Instant firstSeen(String type, String value) {
        return jdbc.queryForObject(
                        "select first_seen from customer_identity where workspace_id = ? and id_type = ? and lookup_key = ?",
                        Timestamp.class,
                        events.workspaceId(),
                        type,
                        value)
                .toInstant();
    }
}
