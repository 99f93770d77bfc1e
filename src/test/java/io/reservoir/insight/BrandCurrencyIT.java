package io.reservoir.insight;

import static org.assertj.core.api.Assertions.assertThat;

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
import tools.jackson.databind.JsonNode;

/** A brand that keeps its books in another currency than CNY: its orders and its reports. */
@ReservoirIT
class BrandCurrencyIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    Tenant tenant;
    Events events;
    Api api;
    long brand;

    @BeforeEach
    void workspace() {
        tenant = tenants.aWorkspace();
        events = new Events(port, tenant, jdbc);
        api = Api.on(port).bearer(tenant.managementKey());
        brand = tenant.brand().id();
    }

    private void inDollars() {
        Api.Reply patched = api.patch("/api/v1/brands/" + brand, "{\"currency\":\"usd\"}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().path("currency").asString()).isEqualTo("USD");
    }

    @Test
    void anOrderInAnotherCurrencyThanTheBrandsIsRefusedNamingBoth() {
        // a CNY brand (the default) refuses dollars
        Api.Reply dollars = events.attempt(
                "track",
                Message.order("D1", "10.00")
                        .property("currency", "USD")
                        .user("u1")
                        .json());
        assertThat(dollars.status()).isEqualTo(400);
        assertThat(dollars.errorField()).isEqualTo("properties.currency");
        assertThat(dollars.body())
                .contains("is USD but brand " + tenant.brand().name() + " keeps its books in CNY")
                .contains("--rate USD=");

        inDollars();
        Api.Reply yuan = events.attempt(
                "track",
                Message.order("Y1", "10.00")
                        .property("currency", "CNY")
                        .user("u1")
                        .json());
        assertThat(yuan.status()).isEqualTo(400);
        assertThat(yuan.body()).contains("is CNY but brand " + tenant.brand().name() + " keeps its books in USD");
        Api.Reply refund = events.attempt(
                "track",
                Message.track("Order Refunded")
                        .property("order_id", "Y1")
                        .property("currency", "EUR")
                        .user("u1")
                        .json());
        assertThat(refund.status()).isEqualTo(400);
        assertThat(refund.errorField()).isEqualTo("properties.currency");
        assertThat(events.count("from event_log where workspace_id = ?")).isZero();

        events.send(Message.order("U1", "10.50").property("currency", "usd").user("u1"));
        events.send(Message.order("U2", "5.25").user("u1")); // no currency: the brand's
        assertThat(jdbc.queryForList(
                        "select currency from customer_order where workspace_id = ? order by order_id",
                        String.class,
                        events.workspaceId()))
                .containsExactly("USD", "USD");
    }

    @Test
    void aCurrencyWithoutTwoMinorDigitsIsRefused() {
        for (String code : new String[] {"JPY", "KWD"}) {
            Api.Reply reply = api.patch("/api/v1/brands/" + brand, "{\"currency\":\"" + code + "\"}");
            assertThat(reply.status()).as(code).isEqualTo(400);
            assertThat(reply.errorField()).isEqualTo("currency");
            assertThat(reply.body()).contains(code + " has").contains("minor digits");
        }
        Api.Reply created = api.post("/api/v1/brands", "{\"name\":\"Tokyo\",\"currency\":\"JPY\"}");
        assertThat(created.status()).isEqualTo(400);
    }

    @Test
    void theReportsCarryTheBrandsCurrencyAndNeverSayYuan() {
        inDollars();
        events.send(Message.order("U1", "10.50").user("u1").at("2026-10-05T04:00:00Z"));
        events.send(Message.order("U2", "5.25").user("u2").at("2026-10-06T04:00:00Z"));

        JsonNode business = get("/api/v1/reports/business?brand=" + brand + "&period=2026-10");
        assertThat(business.path("report").path("currency").asString()).isEqualTo("USD");
        JsonNode gmv = business.path("report").path("figures").path("gmv");
        assertThat(gmv.path("unit").asString()).isEqualTo("money");
        assertThat(gmv.path("value").decimalValue()).isEqualByComparingTo("15.75");
        assertThat(business.path("definitions").path("currency").asString()).contains("brand's currency");
        JsonNode aov = get("/api/v1/reports/aov?brand=" + brand + "&period=2026-10");
        assertThat(aov.path("currency").asString()).isEqualTo("USD");
        JsonNode fast = get("/api/v1/reports/fast?brand=" + brand + "&period=2026-10");
        assertThat(fast.path("report").path("currency").asString()).isEqualTo("USD");
        for (String path : new String[] {
            "/api/v1/reports/business?brand=" + brand + "&period=2026-10",
            "/api/v1/reports/business?brand=" + brand + "&period=2026-10&format=csv",
            "/api/v1/reports/fast?brand=" + brand + "&period=2026-10&format=csv"
        }) {
            assertThat(api.get(path).body().toLowerCase(java.util.Locale.ROOT))
                    .as(path)
                    .doesNotContain("yuan")
                    .doesNotContain("¥");
        }
        assertThat(api.get("/api/v1/reports/business?brand=" + brand + "&period=2026-10&format=csv")
                        .body())
                .contains("2026-10,gmv,USD,15.75,");
        assertThat(api.get("/api/v1/reports/fast?brand=" + brand + "&period=2026-10&format=csv")
                        .body())
                .contains(",currency,USD");
    }

    private JsonNode get(String path) {
        Api.Reply reply = api.get(path);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }
}
