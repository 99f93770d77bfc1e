package io.reservoir.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.identity.Customers;
import io.reservoir.support.Api;
import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The points API: changes by key, audited adjustments, clear refusals, tenancy. */
@ReservoirIT
class PointsApiIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Customers customers;

    Tenant tenant;
    Api api;
    String member;
    String points;

    @BeforeEach
    void aMember() {
        tenant = tenants.aWorkspace();
        Events events = new Events(port, tenant, jdbc);
        events.send(Message.identify().user("m1").trait("member_no", "M0001"));
        member = customers
                .get(tenant.admin(), events.customerOf("app_user_id", "m1"))
                .id();
        api = Api.on(port).bearer(tenant.managementKey());
        points = "/api/v1/loyalty/accounts/" + member;
    }

    private String body(long points, String key, String reason) {
        return "{\"brand\":" + tenant.brand().id() + ",\"points\":" + points + ",\"key\":\"" + key + "\",\"reason\":\""
                + reason + "\"}";
    }

    @Test
    void earnSpendAndAdjustByKeyWithTheHistoryNewestFirst() {
        assertThat(api.post(points + "/earn", body(500, "campaign:welcome", "welcome gift"))
                        .status())
                .isEqualTo(200);
        Api.Reply replay = api.post(points + "/earn", body(500, "campaign:welcome", "welcome gift"));
        assertThat(replay.json().get("replay").asBoolean()).isTrue();
        assertThat(api.post(points + "/spend", body(120, "redeem:R1", "gift"))
                        .json()
                        .get("balance")
                        .asLong())
                .isEqualTo(380);
        Api.Reply adjusted = api.post(points + "/adjustments", body(-80, "adj:1", "duplicate gift in March"));
        assertThat(adjusted.status()).as(adjusted.body()).isEqualTo(200);

        Api.Reply account = api.get(points + "?brand=" + tenant.brand().id());
        assertThat(account.json().get("balance").asLong()).isEqualTo(300);
        Api.Reply history = api.get(points + "/entries?brand=" + tenant.brand().id());
        assertThat(history.json().get("items").findValuesAsString("kind")).containsExactly("adjust", "spend", "earn");
        assertThat(jdbc.queryForObject(
                        "select count(*) from audit_log where workspace_id = ? and action = 'points.adjusted'",
                        Long.class,
                        tenant.workspace().id()))
                .isEqualTo(1);
        assertThat(api.get("/api/v1/customers/" + member)
                        .json()
                        .get("points")
                        .get(0)
                        .get("balance")
                        .asLong())
                .as("the 360 view shows the balance")
                .isEqualTo(300);
    }

    /** A retry answers the first change; the key with another amount or kind is refused with 409. */
    @Test
    void aKeyReusedForAnotherChangeIsAConflict() {
        assertThat(api.post(points + "/earn", body(500, "campaign:spring", "spring gift"))
                        .status())
                .isEqualTo(200);
        Api.Reply other = api.post(points + "/earn", body(50, "campaign:spring", "spring gift"));
        assertThat(other.status()).as(other.body()).isEqualTo(409);
        assertThat(other.errorCode()).isEqualTo("conflict");
        assertThat(other.errorField()).isEqualTo("key");
        assertThat(api.post(points + "/spend", body(500, "campaign:spring", "x"))
                        .status())
                .isEqualTo(409);
        assertThat(api.post(points + "/earn", body(500, "campaign:spring", "spring gift, again"))
                        .json()
                        .get("replay")
                        .asBoolean())
                .as("the reason is a label: still a retry")
                .isTrue();
        assertThat(api.get(points + "?brand=" + tenant.brand().id())
                        .json()
                        .get("balance")
                        .asLong())
                .isEqualTo(500);
    }

    @Test
    void badInputNamesTheFieldAndWritesNothing() {
        assertThat(api.post(points + "/spend", body(10, "redeem:R1", "x")).errorField())
                .isEqualTo("points");
        assertThat(api.post(points + "/earn", "{\"brand\":" + tenant.brand().id() + ",\"key\":\"k\"}")
                        .errorField())
                .isEqualTo("points");
        assertThat(api.post(points + "/earn", body(-3, "k", "x")).errorField()).isEqualTo("points");
        assertThat(api.post(points + "/adjustments", body(5, "k2", "")).errorField())
                .isEqualTo("reason");
        assertThat(api.post("/api/v1/loyalty/accounts/cnobody/earn", body(5, "k3", "x"))
                        .status())
                .isEqualTo(404);
        assertThat(api.post(
                                points + "/earn",
                                body(5, "k4", "x")
                                        .replace("\"brand\":" + tenant.brand().id(), "\"brand\":999999"))
                        .status())
                .isEqualTo(404);
        assertThat(jdbc.queryForObject(
                        "select count(*) from points_entry where workspace_id = ?",
                        Long.class,
                        tenant.workspace().id()))
                .isZero();
    }

    @Test
    void whenTwoProfilesMergeTheirPointsAddUpWithNothingLost() {
        api.post(points + "/earn", body(300, "k1", "x"));
        Events events = new Events(port, tenant, jdbc);
        events.send(Message.identify().identity("jd_pin", "J1"));
        String other =
                customers.get(tenant.admin(), events.customerOf("jd_pin", "J1")).id();
        api.post("/api/v1/loyalty/accounts/" + other + "/earn", body(45, "k2", "x"));
        api.post("/api/v1/loyalty/accounts/" + other + "/spend", body(5, "k3", "x"));

        events.send(Message.track("Checked In").user("m1").identity("jd_pin", "J1"));

        Api.Reply account = api.get(points + "?brand=" + tenant.brand().id());
        assertThat(account.json().get("balance").asLong()).isEqualTo(340);
        assertThat(account.json().get("lots").size()).isEqualTo(2);
        assertThat(api.get(points + "/entries?brand=" + tenant.brand().id())
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(3);
        assertThat(jdbc.queryForObject(
                        "select count(*) from points_account where workspace_id = ?",
                        Long.class,
                        tenant.workspace().id()))
                .isEqualTo(1);
    }

    @Test
    void anotherWorkspaceSeesNothing() {
        api.post(points + "/earn", body(50, "k", "x"));
        Api stranger = Api.on(port).bearer(tenants.aWorkspace().managementKey());

        assertThat(stranger.get(points + "?brand=" + tenant.brand().id()).status())
                .isEqualTo(404);
        assertThat(stranger.post(points + "/spend", body(10, "s", "x")).status())
                .isEqualTo(404);
    }
}
