package io.reservoir.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Api;
import io.reservoir.support.DemoBrand;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The business reports over a range: one call equals the single-period calls, period by period. */
@ReservoirIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BusinessSeriesIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    DemoBrand demoBrand;

    Tenant tenant;
    Api api;
    long brand;

    @BeforeAll
    void simulate() {
        tenant = tenants.aWorkspace();
        demoBrand.simulate(tenant, 300);
        api = Api.on(port).bearer(tenant.managementKey());
        brand = tenant.brand().id();
    }

    JsonNode get(String path) {
        Api.Reply reply = api.get(path);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    /** A period's answer without the moment it was computed. */
    static JsonNode figures(JsonNode answer) {
        ObjectNode copy = (ObjectNode) answer.deepCopy();
        copy.remove("computedAt");
        copy.remove("definitions");
        copy.remove("report");
        return copy;
    }

    @Test
    void aYearByMonthEqualsTwelveMonthlyCalls() {
        JsonNode series = get("/api/v1/reports/business?brand=" + brand + "&from=2025-01&to=2025-12&channel=tmall");
        JsonNode items = series.get("items");
        assertThat(items.size()).isEqualTo(12);
        assertThat(series.get("definitions").has("gmv")).isTrue();
        long orders = 0;
        for (int m = 1; m <= 12; m++) {
            String month = String.format("2025-%02d", m);
            JsonNode single = get("/api/v1/reports/business?brand=" + brand + "&period=" + month + "&channel=tmall")
                    .get("report");
            assertThat(items.get(m - 1).get("period").asString()).isEqualTo(month);
            assertThat(figures(items.get(m - 1))).as(month).isEqualTo(figures(single));
            orders += single.get("figures").get("orders").get("value").asLong();
        }
        assertThat(orders).as("the simulated year has orders").isPositive();
    }

    @Test
    void oneReportOverWeeksEqualsItsWeeklyCalls() {
        JsonNode series = get("/api/v1/reports/aov?brand=" + brand + "&from=2025-W44&to=2025-W47");
        assertThat(series.get("report").asString()).isEqualTo("aov");
        JsonNode items = series.get("items");
        assertThat(items.size()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            String week = "2025-W" + (44 + i);
            JsonNode single = get("/api/v1/reports/aov?brand=" + brand + "&period=" + week);
            assertThat(figures(items.get(i))).as(week).isEqualTo(figures(single));
        }
    }

    @Test
    void aSeriesAsCsvHasEveryPeriodsRows() {
        Api.Reply csv = api.get("/api/v1/reports/refunds?brand=" + brand + "&from=2025-10&to=2025-11&format=csv");
        assertThat(csv.status()).isEqualTo(200);
        String[] lines = csv.body().strip().split("\n");
        assertThat(lines[0]).startsWith("period,figure,unit,value");
        assertThat(lines)
                .hasSize(1 + 2 * BusinessReportController.REPORTS.get("refunds").size());
        assertThat(lines[1]).startsWith("2025-10,orders,count,");
        assertThat(lines[3]).startsWith("2025-10,refunded,CNY,");
        assertThat(lines[6]).startsWith("2025-11,orders,count,");
    }

    @Test
    void aWrongRangeIsRefusedAsTheFastSeriesRefusesIt() {
        assertRefused("from=2025-10&to=2025-W45", "to", "same kind");
        assertRefused("from=2025-11&to=2025-10", "to", "is before from");
        assertRefused("from=2025-10", "to", "is required");
        assertRefused("to=2025-10", "period", "is required");
        assertRefused("from=2025-13&to=2026-01", "from", "");
        assertRefused("from=1990-01&to=2025-12", "to", "more than " + Insight.MAX_SERIES);
    }

    private void assertRefused(String query, String field, String reason) {
        Api.Reply business = api.get("/api/v1/reports/business?brand=" + brand + "&" + query);
        Api.Reply fast = api.get("/api/v1/reports/fast?brand=" + brand + "&" + query);
        assertThat(business.status()).as(query).isEqualTo(400);
        assertThat(business.errorField()).as(query).isEqualTo(field);
        assertThat(business.body()).contains(reason);
        assertThat(business.errorField()).as("as the FAST+ series").isEqualTo(fast.errorField());
    }
}
