package io.reservoir.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Api;
import io.reservoir.support.DemoBrand;
import io.reservoir.support.Events;
import io.reservoir.support.LooseRefunds;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The business figures equal a plain recomputation ({@link BusinessOracle}) on a simulated brand
 * for days, weeks, months, a quarter and a window, unfiltered and narrowed to a channel and a
 * field — and, on a hand-made brand, the values worked out by hand.
 */
@ReservoirIT
class BusinessReportsIT {

    static final List<String> PERIODS =
            List.of("2025-10", "2025-11", "2025-W45", "2025-11-11", "2025-Q4", "2025-10-20..2025-11-11");

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    DemoBrand demoBrand;

    @Autowired
    Insight insight;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    @Test
    void everyFigureEqualsAPlainRecomputationOnASimulatedBrand() {
        Tenant tenant = tenants.aWorkspace();
        demoBrand.simulate(tenant, 400);
        long brand = tenant.brand().id();
        LooseRefunds.Sent loose = LooseRefunds.send(
                new Events(port, tenant, jdbc),
                jdbc,
                45L,
                Instant.parse("2025-09-20T00:00:00Z"),
                Instant.parse("2025-11-20T00:00:00Z"),
                60,
                tenant.brand().name());
        BusinessOracle oracle =
                new BusinessOracle(jdbc, json, tenant.workspace().id(), brand);
        assertThat(oracle.orders).hasSizeGreaterThan(100);
        assertThat(oracle.returns).hasSize(loose.returns());
        assertThat(loose.excess()).isPositive();
        assertThat(oracle.orders).anyMatch(o -> o.refundedFen() == o.paidFen() && o.id().startsWith("loose-"));
        int compared = 0;
        for (String text : PERIODS) {
            Period p = Period.parse("period", text);
            for (String[] filter :
                    new String[][] {{null, null}, {"tmall", null}, {null, "group_chat"}, {"wecom", "membership"}}) {
                String channel = filter[0];
                String field = filter[1];
                String where = text + " channel=" + channel + " field=" + field;
                BusinessReport r = insight.business(tenant.admin(), brand, p, channel, field);
                Map<String, BigDecimal> now = oracle.figures(p, channel, field);
                Map<String, BigDecimal> previous = oracle.figures(p.previous(), channel, field);
                Map<String, BigDecimal> yearEarlier = oracle.figures(p.yearEarlier(), channel, field);
                now.forEach((key, value) -> {
                    BusinessReport.Figure f = r.figures().get(key);
                    assertThat(f.value()).as(where + " " + key).isEqualTo(value);
                    assertThat(f.previous()).as(where + " previous " + key).isEqualTo(previous.get(key));
                    assertThat(f.yearEarlier())
                            .as(where + " year earlier " + key)
                            .isEqualTo(yearEarlier.get(key));
                });
                assertThat(nonZero(r.newMembersByChannel()))
                        .as(where + " new members by channel")
                        .isEqualTo(oracle.newMembersByChannel(p, channel, field));
                assertThat(nonZero(r.newMembersByField()))
                        .as(where + " new members by field")
                        .isEqualTo(oracle.newMembersByField(p, channel, field));
                List<Long> waited = oracle.firstPurchaseDays(p, channel, oracle.scope(p, field));
                assertThat(r.firstPurchase().members()).as(where).isEqualTo(waited.size());
                if (!waited.isEmpty()) {
                    assertThat(r.firstPurchase().median().longValue())
                            .as(where)
                            .isEqualTo(waited.get((waited.size() - 1) / 2));
                }
                long[][] cohorts = oracle.cohorts(p, channel, field);
                for (int m = 0; m < 12; m++) {
                    assertThat(r.cohorts().sizes().get(m))
                            .as(where + " cohort " + m)
                            .isEqualTo(cohorts[12][m]);
                    for (int k = 0; k < 12 - m; k++) {
                        assertThat(r.cohorts().retained().get(m).get(k))
                                .as(where + " cohort " + m + " +" + k)
                                .isEqualTo(cohorts[m][k]);
                    }
                }
                for (Layer layer : Layer.values()) {
                    Set<Integer> buyers = layer == Layer.NONE
                            ? noLayer(tenant, brand, p, oracle)
                            : Arrays.stream(insight.customers(tenant.admin(), brand, p, "capital.layer." + layer.id()))
                                    .boxed()
                                    .collect(Collectors.toSet());
                    assertThat(r.topProducts().get(layer.id()))
                            .as(where + " top products of " + layer.id())
                            .isEqualTo(top(oracle.products(p, channel, field, buyers)));
                }
                compared++;
            }
        }
        assertThat(compared).isEqualTo(PERIODS.size() * 4);
        BusinessReport october = insight.business(tenant.admin(), brand, Period.parse("period", "2025-10"), null, null);
        assertThat(october.figures().get("orders").value()).isPositive();
        assertThat(october.figures().get("newMembers").value()).isPositive();
    }

    /** Buyers of the brand without a layer: everyone not in Capital. */
    private Set<Integer> noLayer(Tenant tenant, long brand, Period p, BusinessOracle oracle) {
        Set<Integer> layered = Arrays.stream(insight.customers(tenant.admin(), brand, p, "capital"))
                .boxed()
                .collect(Collectors.toSet());
        Set<Integer> none = new HashSet<>();
        oracle.orders.forEach(o -> {
            if (!layered.contains(o.customer())) {
                none.add(o.customer());
            }
        });
        return none;
    }

    private static Map<String, Long> nonZero(Map<String, BusinessReport.Figure> figures) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        figures.forEach((key, f) -> {
            if (f.value().signum() != 0) {
                counts.put(key, f.value().longValueExact());
            }
        });
        return counts;
    }

    private static List<BusinessReport.TopProduct> top(Map<String, long[]> tally) {
        List<BusinessReport.TopProduct> list = new ArrayList<>();
        tally.forEach((id, t) -> list.add(new BusinessReport.TopProduct(id, t[0], t[1], t[2])));
        list.sort((a, b) -> a.units() != b.units()
                ? Long.compare(b.units(), a.units())
                : a.productId().compareTo(b.productId()));
        return list.subList(0, Math.min(10, list.size()));
    }

    /**
     * A hand-made brand in October 2025 (Asia/Shanghai): ann joins on Oct 3 through WeCom while in the
     * group chat, buys as a member on Oct 5 (300.00, then 100.00 of it refunded in November) and on
     * Oct 9 (50.00); bob buys twice on Oct 7 without being a member (80.00 + 20.00); cat joins on
     * Oct 20 through Tmall and does not buy.
     */
    @Test
    void aHandMadeBrandGivesTheFiguresWorkedOutByHand() {
        Tenant tenant = tenants.aWorkspace();
        Events events = new Events(port, tenant, jdbc);
        String brand = tenant.brand().name();
        send(events, "ann", "wecom", "Group Joined", "2025-10-01T02:00:00Z", "");
        send(events, "ann", "wecom", "Member Joined", "2025-10-03T02:00:00Z", "");
        send(
                events,
                "ann",
                "tmall",
                "Order Completed",
                "2025-10-05T02:00:00Z",
                "\"order_id\": \"a1\", \"total\": \"300.00\", \"products\": [{\"product_id\": \"p1\", \"quantity\": 2}]");
        send(
                events,
                "ann",
                "tmall",
                "Order Completed",
                "2025-10-09T02:00:00Z",
                "\"order_id\": \"a2\", \"total\": \"50.00\", \"products\": [{\"product_id\": \"p2\"}]");
        send(
                events,
                "ann",
                "tmall",
                "Order Refunded",
                "2025-11-02T02:00:00Z",
                "\"order_id\": \"a1\", \"total\": \"100.00\"");
        send(
                events,
                "bob",
                "jd",
                "Order Completed",
                "2025-10-07T02:00:00Z",
                "\"order_id\": \"b1\", \"total\": \"80.00\", \"products\": [{\"product_id\": \"p1\"}]");
        send(
                events,
                "bob",
                "jd",
                "Order Completed",
                "2025-10-07T05:00:00Z",
                "\"order_id\": \"b2\", \"total\": \"20.00\"");
        send(events, "cat", "tmall", "Member Joined", "2025-10-20T02:00:00Z", "");

        BusinessReport r =
                insight.business(tenant.admin(), tenant.brand().id(), Period.parse("period", "2025-10"), null, null);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("orders", "4");
        expected.put("gmv", "350.00"); // 300 − 100 + 50 + 80 + 20
        expected.put("paid", "450.00");
        expected.put("refunded", "100.00");
        expected.put("refundRate", "0.2222");
        expected.put("refundedOrderRate", "0.2500");
        expected.put("memberOrders", "2");
        expected.put("memberGmv", "250.00");
        expected.put("memberGmvShare", "0.7143");
        expected.put("aov", "87.50");
        expected.put("memberAov", "125.00");
        expected.put("spendPerBuyer", "175.00");
        expected.put("buyers", "2");
        expected.put("repeatBuyers", "1"); // ann on two days; bob twice on one day
        expected.put("repurchaseRate", "0.5000");
        expected.put("memberBuyers", "1");
        expected.put("memberRepeatBuyers", "1");
        expected.put("newMembers", "2");
        expected.put("firstPurchases", "1");
        expected.forEach(
                (key, value) -> assertThat(r.figures().get(key).value()).as(key).isEqualTo(new BigDecimal(value)));
        assertThat(r.figures().get("orders").previous()).isEqualByComparingTo("0");
        assertThat(r.figures().get("orders").fromPrevious().relative()).isNull();
        assertThat(nonZero(r.newMembersByChannel())).isEqualTo(Map.of("wecom", 1L, "tmall", 1L));
        assertThat(nonZero(r.newMembersByField())).isEqualTo(Map.of("group_chat", 1L, "none", 1L));
        assertThat(r.firstPurchase().median()).isEqualTo(2); // Oct 3 → Oct 5
        assertThat(r.firstPurchase().distribution().get("1-7")).isEqualTo(1L);
        int october = r.cohorts().months().indexOf(java.time.LocalDate.of(2025, 10, 1));
        assertThat(october).isEqualTo(11);
        assertThat(r.cohorts().sizes().get(october)).isEqualTo(2L);
        assertThat(r.cohorts().retained().get(october).get(0)).isEqualTo(1L);
        assertThat(r.topProducts().get("purchased")).isEmpty();
        assertThat(r.topProducts().get("repeat"))
                .containsExactly(
                        new BusinessReport.TopProduct("p1", 2, 1, 1), new BusinessReport.TopProduct("p2", 1, 1, 1));
        assertThat(r.topProducts().get("none")).containsExactly(new BusinessReport.TopProduct("p1", 1, 1, 1));

        BusinessReport tmall =
                insight.business(tenant.admin(), tenant.brand().id(), Period.parse("period", "2025-10"), "tmall", null);
        assertThat(tmall.figures().get("orders").value()).isEqualByComparingTo("2");
        assertThat(tmall.figures().get("newMembers").value()).isEqualByComparingTo("1");
        BusinessReport group = insight.business(
                tenant.admin(), tenant.brand().id(), Period.parse("period", "2025-10"), null, "group_chat");
        assertThat(group.figures().get("gmv").value()).isEqualByComparingTo("250.00");

        Api.Reply bad = Api.on(port)
                .bearer(tenant.managementKey())
                .get("/api/v1/reports/aov?brand=" + tenant.brand().id() + "&period=2025-10&channel=taobao");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorField()).isEqualTo("channel");
        Api.Reply csv = Api.on(port)
                .bearer(tenant.managementKey())
                .get("/api/v1/reports/refunds?brand=" + tenant.brand().id() + "&period=2025-10&format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).contains("\n2025-10,refundRate,ratio,0.2222,,,");
        Api.Reply cohorts = Api.on(port)
                .bearer(tenant.managementKey())
                .get("/api/v1/reports/cohorts?brand=" + tenant.brand().id() + "&period=2025-10");
        assertThat(cohorts.status()).as(cohorts.body()).isEqualTo(200);
        assertThat(cohorts.json().get("cohorts").get("sizes").get(11).asLong()).isEqualTo(2);
        assertThat(cohorts.json().get("end").asString()).isEqualTo("2025-10-31T16:00:00Z");
    }

    /**
     * A return that names no order: ann buys 300.00 as a member in October and returns 50.00 in
     * November without naming the order. October keeps its 300.00; November's net sales are −50.00.
     */
    @Test
    void aReturnThatNamesNoOrderLowersNetSalesInThePeriodItWasRefunded() {
        Tenant tenant = tenants.aWorkspace();
        Events events = new Events(port, tenant, jdbc);
        send(events, "ann", "wecom", "Member Joined", "2025-10-03T02:00:00Z", "");
        send(events, "ann", "tmall", "Order Completed", "2025-10-05T02:00:00Z", "\"order_id\": \"a1\", \"total\": 300");
        send(
                events,
                "ann",
                "tmall",
                "Order Refunded",
                "2025-11-02T02:00:00Z",
                "\"total\": 50, \"refund_id\": \"RMA-1\"");

        long brand = tenant.brand().id();
        BusinessReport october = insight.business(tenant.admin(), brand, Period.parse("period", "2025-10"), null, null);
        BusinessReport november =
                insight.business(tenant.admin(), brand, Period.parse("period", "2025-11"), null, null);
        BusinessReport jd = insight.business(tenant.admin(), brand, Period.parse("period", "2025-11"), "jd", null);

        assertThat(october.figures().get("gmv").value()).isEqualByComparingTo("300.00");
        assertThat(november.figures().get("gmv").value()).isEqualByComparingTo("-50.00");
        assertThat(november.figures().get("refunded").value()).isEqualByComparingTo("50.00");
        assertThat(november.figures().get("memberGmv").value()).isEqualByComparingTo("-50.00");
        assertThat(november.figures().get("orders").value()).isEqualByComparingTo("0");
        assertThat(november.figures().get("buyers").value()).isEqualByComparingTo("0");
        assertThat(jd.figures().get("gmv").value()).as("only its own channel").isEqualByComparingTo("0");
    }

    private static void send(Events events, String user, String channel, String event, String at, String properties) {
        events.send(Message.track(event).user(user).at(at).channel(channel).properties("{" + properties + "}"));
    }
}
