package io.reservoir.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Api;
import io.reservoir.support.DemoBrand;
import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The FAST+ report API on a simulated brand: the figures hold together (layers add up to
 * Capital, the transition matrix to both Capitals, Conversion is deepened ÷ previous Capital),
 * a series repeats the single answers, drill-downs list as many customers as the figure counts,
 * late data changes a closed period, and bad requests name their field.
 */
@ReservoirIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FastReportApiIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    DemoBrand demoBrand;

    @Autowired
    JdbcTemplate jdbc;

    Tenant tenant;
    Api api;
    long brand;

    @BeforeAll
    void simulate() {
        tenant = tenants.aWorkspace();
        demoBrand.simulate(tenant, 400);
        api = Api.on(port).bearer(tenant.managementKey());
        brand = tenant.brand().id();
    }

    JsonNode report(String period) {
        Api.Reply reply = api.get("/api/v1/reports/fast?brand=" + brand + "&period=" + period);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().get("report");
    }

    @Test
    void aMonthsFiguresHoldTogether() {
        JsonNode r = report("2025-10");
        assertThat(r.get("start").asString()).isEqualTo("2025-09-30T16:00:00Z");
        assertThat(r.get("end").asString()).isEqualTo("2025-10-31T16:00:00Z");
        assertThat(r.get("previousPeriod").asString()).isEqualTo("2025-09");
        long capital = r.get("capital").asLong();
        assertThat(capital).isPositive();
        long layers = 0;
        for (JsonNode n : r.get("capitalByLayer")) {
            layers += n.asLong();
        }
        assertThat(layers).isEqualTo(capital);
        assertThat(r.get("capitalByField").get("membership").asLong())
                .isEqualTo(capital - r.get("capitalByLayer").get("basic").asLong());

        JsonNode counts = r.get("transitions").get("counts");
        long intoLayers = 0;
        long fromLayers = 0;
        long deepened = 0;
        for (int from = 0; from < 6; from++) {
            for (int to = 0; to < 6; to++) {
                long n = counts.get(from).get(to).asLong();
                intoLayers += to > 0 ? n : 0;
                fromLayers += from > 0 ? n : 0;
                deepened += to > from ? n : 0;
            }
        }
        assertThat(counts.get(0).get(0).asLong()).isZero();
        assertThat(intoLayers).isEqualTo(capital);
        JsonNode conversion = r.get("conversion");
        assertThat(fromLayers).isEqualTo(conversion.get("previousCapital").asLong());
        assertThat(conversion.get("previousCapital").asLong())
                .isEqualTo(report("2025-09").get("capital").asLong());
        assertThat(conversion.get("deepened").asLong()).isEqualTo(deepened);
        assertThat(conversion.get("rate").decimalValue())
                .isEqualByComparingTo(java.math.BigDecimal.valueOf(deepened)
                        .divide(java.math.BigDecimal.valueOf(fromLayers), 4, java.math.RoundingMode.HALF_UP));

        JsonNode clv = r.get("clv").get("all");
        assertThat(clv.get("customers").asLong()).isEqualTo(capital);
        long buckets = 0;
        for (JsonNode n : clv.get("distribution")) {
            buckets += n.asLong();
        }
        assertThat(buckets).isEqualTo(capital);
        assertThat(r.get("connection").get("store").get("visitors").asLong())
                .isGreaterThanOrEqualTo(
                        r.get("connection").get("store").get("active").asLong());
    }

    @Test
    void aSeriesRepeatsTheSingleAnswers() {
        Api.Reply reply = api.get("/api/v1/reports/fast?brand=" + brand + "&from=2025-08&to=2025-11");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode items = reply.json().get("items");
        assertThat(items).hasSize(4);
        assertThat(reply.json().get("definitions").get("capital").asString()).contains("可持续运营私域关系数");
        for (JsonNode item : items) {
            JsonNode single = report(item.get("period").asString());
            assertThat(item.get("capitalByLayer")).isEqualTo(single.get("capitalByLayer"));
            assertThat(item.get("clv")).isEqualTo(single.get("clv"));
            assertThat(item.get("transitions")).isEqualTo(single.get("transitions"));
        }
    }

    @Test
    void aDrillDownListsAsManyCustomersAsTheFigureCounts() {
        JsonNode r = report("2025-11");
        for (String layer : new String[] {"basic", "member", "purchased", "repeat"}) {
            Api.Reply page = api.get("/api/v1/reports/fast/customers?brand=" + brand
                    + "&period=2025-11&limit=1000&figure=capital.layer." + layer);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.json().get("total").asLong())
                    .isEqualTo(r.get("capitalByLayer").get(layer).asLong());
            assertThat(page.json().get("items").size())
                    .isEqualTo(page.json().get("total").asInt());
            for (JsonNode c : page.json().get("items")) {
                assertThat(c.get("id").asString()).isNotBlank();
                if (c.has("phone")) {
                    assertThat(c.get("phone").asString()).contains("****");
                }
            }
        }
        Api.Reply csv =
                api.get("/api/v1/reports/fast/customers?brand=" + brand + "&period=2025-11&figure=deepened&format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().lines().count() - 1)
                .isEqualTo(r.get("conversion").get("deepened").asLong());
    }

    @Test
    void lateDataChangesTheClosedPeriodItBelongsTo() {
        JsonNode before = report("2025-09");
        Events events = new Events(port, tenant, jdbc);
        events.send(Message.track("Store Followed")
                .user("late-follower-1")
                .at("2025-09-10T08:00:00Z")
                .brand(tenant.brand().name())
                .channel("tmall"));
        JsonNode after = report("2025-09");
        assertThat(after.get("capital").asLong())
                .isEqualTo(before.get("capital").asLong() + 1);
        assertThat(after.get("capitalByLayer").get("basic").asLong())
                .isEqualTo(before.get("capitalByLayer").get("basic").asLong() + 1);
        JsonNode october = report("2025-10");
        assertThat(october.get("conversion").get("previousCapital").asLong())
                .isEqualTo(after.get("capital").asLong());
    }

    @Test
    void theCustomersBehindAFigureFreezeAsASegmentSnapshot() {
        long members = report("2025-10").get("capitalByLayer").get("member").asLong();
        String request = """
                {"brand": %d, "period": "2025-10", "figure": "capital.layer.member", "name": "members who did not buy in October"}
                """.formatted(brand);
        Api.Reply snapshot = api.post("/api/v1/reports/fast/snapshots", request);
        assertThat(snapshot.status()).as(snapshot.body()).isEqualTo(201);
        assertThat(snapshot.json().get("size").asLong()).isEqualTo(members);
        assertThat(snapshot.json().get("segmentName").asString()).isEqualTo("members who did not buy in October");
        assertThat(api.post("/api/v1/reports/fast/snapshots", request).status()).isEqualTo(409);
        // a name only a segment holds: refused at the segment, and the tag made for it is gone again
        assertThat(api.post("/api/v1/segments", """
                        {"name": "lapsed", "rule": {"tag": "members who did not buy in October"}}""").status()).isEqualTo(201);
        Api.Reply taken = api.post("/api/v1/reports/fast/snapshots", """
                {"brand": %d, "period": "2025-10", "figure": "capital", "name": "lapsed"}
                """.formatted(brand));
        assertThat(taken.status()).as(taken.body()).isEqualTo(409);
        assertThat(api.get("/api/v1/tags").json().path("items").findValuesAsString("name"))
                .contains("members who did not buy in October")
                .doesNotContain("lapsed");
        Api.Reply bad = api.post("/api/v1/reports/fast/snapshots", """
                {"brand": %d, "period": "2025-10", "figure": "capital.layer.vip"}
                """.formatted(brand));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorField()).isEqualTo("figure");
    }

    @Test
    void anyTwoPeriodsCompareLayerByLayer() {
        Api.Reply reply = api.get("/api/v1/reports/fast/transitions?brand=" + brand + "&from=2025-08&to=2025-11");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode counts = reply.json().get("counts");
        long fromCapital = 0;
        long toCapital = 0;
        for (int from = 0; from < 6; from++) {
            for (int to = 0; to < 6; to++) {
                fromCapital += from > 0 ? counts.get(from).get(to).asLong() : 0;
                toCapital += to > 0 ? counts.get(from).get(to).asLong() : 0;
            }
        }
        assertThat(fromCapital).isEqualTo(report("2025-08").get("capital").asLong());
        assertThat(toCapital).isEqualTo(report("2025-11").get("capital").asLong());
    }

    @Test
    void csvHasOneRowPerFigure() {
        Api.Reply csv = api.get("/api/v1/reports/fast?brand=" + brand + "&period=2025-W45&format=csv");
        assertThat(csv.status()).isEqualTo(200);
        long capital = report("2025-W45").get("capital").asLong();
        assertThat(csv.body()).startsWith("period,start,end,figure,value");
        assertThat(csv.body()).contains("2025-W45,2025-11-02T16:00:00Z,2025-11-09T16:00:00Z,capital," + capital + "\n");
    }

    @Test
    void badRequestsNameTheirField() {
        assertError("/api/v1/reports/fast?brand=" + brand + "&period=2025-13", 400, "period");
        assertError("/api/v1/reports/fast?brand=" + brand + "&period=2025-W60", 400, "period");
        assertError("/api/v1/reports/fast?brand=" + brand, 400, "period");
        assertError("/api/v1/reports/fast?brand=" + brand + "&from=2025-08&to=2025-W45", 400, "to");
        assertError("/api/v1/reports/fast?brand=" + brand + "&period=2025-10&format=xml", 400, "format");
        assertError(
                "/api/v1/reports/fast/customers?brand=" + brand + "&period=2025-10&figure=capital.layer.gold",
                400,
                "figure");
        assertError(
                "/api/v1/reports/fast/customers?brand=" + brand + "&period=2025-10&figure=transition.none.none",
                400,
                "figure");
        assertError(
                "/api/v1/reports/fast/customers?brand=" + brand + "&period=2025-10&figure=capital&limit=0",
                400,
                "limit");
        Tenant other = tenants.aWorkspace();
        Api.Reply foreign = Api.on(port)
                .bearer(other.managementKey())
                .get("/api/v1/reports/fast?brand=" + brand + "&period=2025-10");
        assertThat(foreign.status()).isEqualTo(404);
    }

    private void assertError(String path, int status, String field) {
        Api.Reply reply = api.get(path);
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.errorField()).isEqualTo(field);
    }
}
