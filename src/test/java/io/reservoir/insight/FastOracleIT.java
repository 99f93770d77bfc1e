package io.reservoir.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.ingest.simulator.SimulationSettings;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.support.Api;
import io.reservoir.support.DemoBrand;
import io.reservoir.support.Events;
import io.reservoir.support.LooseRefunds;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import io.reservoir.support.TestClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The FAST+ figures equal a plain recomputation ({@link FastOracle}) to the cent and to the
 * customer — every figure and the customers behind every drill-down key — on simulated brands of
 * several sizes, seeds and time zones over days, weeks, months, quarters and windows; and, on a
 * hand-made brand sent through the intake API, the values worked out by hand.
 */
@ReservoirIT
class FastOracleIT {

    /** Around the demo brand's August 1 – November 28, 2025: before, at the edges, inside, after. */
    static final List<String> DEMO_PERIODS = List.of(
            "2025-07-31",
            "2025-08-01",
            "2025-08-02",
            "2025-09-30",
            "2025-10-01",
            "2025-11-01",
            "2025-11-11",
            "2025-11-12",
            "2025-11-28",
            "2025-11-29",
            "2025-W31",
            "2025-W36",
            "2025-W40",
            "2025-W44",
            "2025-W45",
            "2025-W46",
            "2025-W48",
            "2025-W49",
            "2025-07",
            "2025-08",
            "2025-09",
            "2025-10",
            "2025-11",
            "2025-12",
            "2025-Q2",
            "2025-Q3",
            "2025-Q4",
            "2025-06-01..2025-06-30",
            "2025-10-20..2025-11-11",
            "2025-11-01..2025-11-15",
            "2025-08-01..2025-11-28");

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    DemoBrand demoBrand;

    @Autowired
    Brands brands;

    @Autowired
    Insight insight;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    @Value("${reservoir.insight.attribution-days:7}")
    int attributionDays;

    @Test
    void theDemoBrandsFiguresEqualAPlainRecomputationBeforeAndAfterLateData() {
        Tenant tenant = tenants.aWorkspace();
        demoBrand.simulate(tenant, 400);
        LooseRefunds.send(
                new Events(port, tenant, jdbc),
                jdbc,
                46L,
                Instant.parse("2025-08-20T00:00:00Z"),
                Instant.parse("2025-11-20T00:00:00Z"),
                60,
                tenant.brand().name());
        FastOracle oracle = oracle(tenant);
        assertThat(oracle.customers).hasSizeGreaterThan(400);
        assertEveryPeriod(tenant, oracle, DEMO_PERIODS);

        FastOracle.Figures october =
                oracle.figures(Period.Kind.MONTH, LocalDate.of(2025, 10, 1), LocalDate.of(2025, 10, 31));
        sendLateData(tenant, oracle);
        FastOracle late = oracle(tenant);
        assertThat(late.figures(Period.Kind.MONTH, LocalDate.of(2025, 10, 1), LocalDate.of(2025, 10, 31))
                        .clv())
                .as("late data reaches October")
                .isNotEqualTo(october.clv());
        for (String text : List.of(
                "2025-09", "2025-10", "2025-11", "2025-10-15", "2025-W44", "2025-Q4", "2025-10-20..2025-11-11")) {
            assertSameAsOracle(tenant, late, Period.parse("period", text));
        }
    }

    /**
     * Late data on the demo brand once its figures are kept, through the intake and the API: the
     * rest of an October order refunded, an October order's code shared by a newcomer a second
     * before the payment (taking the order from its sharer), the buyer and the sharer of another
     * attributed order found to be one person, and a member erased.
     */
    private void sendLateData(Tenant tenant, FastOracle oracle) {
        Events events = new Events(port, tenant, jdbc);
        Map<Integer, Map<String, String>> ids =
                plainIdentities(tenant.workspace().id());
        List<FastOracle.Order> october = new ArrayList<>();
        Map<FastOracle.Order, Integer> attributed = new LinkedHashMap<>();
        oracle.customers.forEach((no, c) -> {
            c.orders.stream()
                    .filter(o -> o.paid().isAfter(Instant.parse("2025-10-01T00:00:00Z")))
                    .filter(o -> o.paid().isBefore(Instant.parse("2025-10-31T00:00:00Z")))
                    .forEach(october::add);
            c.referred.forEach(o -> attributed.put(o, no));
        });
        october.sort(java.util.Comparator.comparing(FastOracle.Order::paid));
        FastOracle.Order refunded = october.stream()
                .filter(o -> o.net() > 0 && o.shareCode() == null && ids.containsKey(o.buyer()))
                .findFirst()
                .orElseThrow();
        events.send(Message.track("Order Refunded")
                .identities(ids.get(refunded.buyer()))
                .at("2025-12-01T02:00:00Z")
                .property("order_id", refunded.id()));

        FastOracle.Order taken = attributed.keySet().stream()
                .filter(o -> october.contains(o))
                .findFirst()
                .orElseThrow();
        events.send(Message.track("Content Shared")
                .user("late-sharer")
                .at(taken.paid().minusSeconds(1))
                .property("share_code", taken.shareCode()));

        var pair = attributed.entrySet().stream()
                .filter(e -> e.getKey() != taken)
                .filter(e -> mergeable(tenant, ids, e.getKey().buyer(), e.getValue()))
                .findFirst()
                .orElseThrow();
        Map<String, String> one = new LinkedHashMap<>(ids.get(pair.getKey().buyer()));
        one.putAll(ids.get(pair.getValue()));
        events.send(Message.identify().identities(one).at("2025-12-01T03:00:00Z"));
        assertThat(jdbc.queryForObject(
                        "select count(*) from customer where workspace_id = ? and status = 'merged' and customer_no in (?, ?)",
                        Integer.class,
                        tenant.workspace().id(),
                        pair.getKey().buyer(),
                        pair.getValue()))
                .as("buyer and sharer merged")
                .isEqualTo(1);

        int erased = october.stream()
                .map(FastOracle.Order::buyer)
                .filter(no -> no != refunded.buyer() && no != pair.getKey().buyer() && no != pair.getValue())
                .findFirst()
                .orElseThrow();
        String publicId = jdbc.queryForObject(
                "select public_id from customer where workspace_id = ? and customer_no = ?",
                String.class,
                tenant.workspace().id(),
                erased);
        Api.Reply erasure = Api.on(port).bearer(tenant.managementKey()).delete("/api/v1/customers/" + publicId);
        assertThat(erasure.status()).as(erasure.body()).isEqualTo(204);
    }

    /** Per customer, one identity of each type that is stored as sent (not personal data). */
    private Map<Integer, Map<String, String>> plainIdentities(long workspaceId) {
        Map<Integer, Map<String, String>> ids = new HashMap<>();
        jdbc.query(
                "select customer_no, id_type, lookup_key from customer_identity where workspace_id = ?"
                        + " and id_type not in ('phone', 'email')",
                rs -> {
                    ids.computeIfAbsent(rs.getInt(1), c -> new TreeMap<>())
                            .putIfAbsent(rs.getString(2), rs.getString(3));
                },
                workspaceId);
        return ids;
    }

    /** Two profiles one message may join: plain identities of different types, at most one holding a unique kind. */
    private boolean mergeable(Tenant tenant, Map<Integer, Map<String, String>> ids, int a, int b) {
        if (a == b || !ids.containsKey(a) || !ids.containsKey(b)) {
            return false;
        }
        Set<String> types = new HashSet<>(ids.get(a).keySet());
        types.retainAll(ids.get(b).keySet());
        return types.isEmpty()
                && (uniqueKinds(tenant, a).isEmpty() || uniqueKinds(tenant, b).isEmpty());
    }

    private List<String> uniqueKinds(Tenant tenant, int customer) {
        return jdbc.queryForList(
                "select id_type from customer_identity where workspace_id = ? and customer_no = ?"
                        + " and id_type in ('phone', 'member_no', 'wechat_unionid')",
                String.class,
                tenant.workspace().id(),
                customer);
    }

    @Test
    void aSmallerBrandOfAnotherSeedMovedToAZoneWithSummerTimeEqualsAPlainRecomputation() {
        Tenant tenant = tenants.aWorkspace();
        SimulationSettings base = DemoBrand.settings(tenant, 150);
        demoBrand.simulate(tenant, new SimulationSettings(150, base.days(), 424242L, base.start(), base.brands()));
        Period october = Period.parse("period", "2025-10");
        assertThat(insight.fast(tenant.admin(), tenant.brand().id(), october).timeZone())
                .isEqualTo("Asia/Shanghai");
        brands.update(
                tenant.admin(), tenant.brand().id(), Brands.Settings.named(null).inZone("America/Los_Angeles"));
        FastOracle oracle = oracle(tenant);
        assertThat(oracle.zone).isEqualTo(ZoneId.of("America/Los_Angeles"));
        assertThat(insight.fast(tenant.admin(), tenant.brand().id(), october).timeZone())
                .as("periods follow the brand's zone once it changes")
                .isEqualTo("America/Los_Angeles");
        // 2025-11-02 is 25 hours long there; 2025-W44 and 2025-11 hold it
        List<String> periods = new ArrayList<>(DEMO_PERIODS);
        periods.add("2025-11-02");
        periods.add("2025-11-03");
        assertEveryPeriod(tenant, oracle, periods);
    }

    @Test
    void aBrandWhoseDataReachesTheOpenPeriodEqualsAPlainRecomputation() {
        Tenant tenant = tenants.aWorkspace();
        ZoneId zone = insight.zone(tenant.admin(), tenant.brand().id());
        LocalDate today = TestClock.today(zone);
        SimulationSettings base = DemoBrand.settings(tenant, 120);
        demoBrand.simulate(tenant, new SimulationSettings(120, 75, 77L, today.minusDays(75), base.brands()));
        FastOracle oracle = oracle(tenant);
        Period day = Period.of(Period.Kind.DAY, today);
        assertEveryPeriod(
                tenant,
                oracle,
                List.of(
                        day.text(),
                        day.previous().text(),
                        today.minusDays(76).toString(),
                        Period.of(Period.Kind.WEEK, today).text(),
                        Period.of(Period.Kind.WEEK, today).previous().text(),
                        Period.of(Period.Kind.MONTH, today).text(),
                        Period.of(Period.Kind.MONTH, today).previous().text(),
                        Period.of(Period.Kind.QUARTER, today).text(),
                        today.minusDays(29) + ".." + today,
                        today.minusDays(75) + ".." + today.minusDays(1)));
    }

    /**
     * A hand-made brand, October 2025 in Asia/Shanghai (P−1: September). Members since September
     * buy in October: refunder twice, the second order refunded in full in November; koc7 twice,
     * and friend7 buys through koc7's share exactly 7 days later; late8 twice, and friend8 buys
     * through late8's share 8 days later; selfish three times, the last through a code both
     * cheerer (a store follower, 4 days before) and selfish shared; reviewer twice, then reviews a
     * product bought (rating 4); critic twice, and reviews a product before buying it (5), one
     * bought (3) and one never bought (5); erased twice, then is erased. joiner joins and leaves in
     * October; merge-a (group chat since September) turns out to be the tmall buyer T-b (member
     * since October 2) on October 20; closer follows the store until exactly the end of October.
     */
    @Test
    void aHandMadeBrandGivesTheFiguresWorkedOutByHand() {
        Tenant tenant = tenants.aWorkspace();
        Hand hand = new Hand(new Events(port, tenant, jdbc));
        for (String member : List.of("refunder", "koc7", "late8", "selfish", "reviewer", "critic")) {
            hand.track(user(member), "Member Joined", "2025-09-01T02:00:00Z", "");
        }
        hand.track(user("erased"), "Member Joined", "2025-09-05T02:00:00Z", "");
        hand.order(user("refunder"), "r1", "2025-10-03T02:00:00Z", "100.00", "");
        hand.order(user("refunder"), "r2", "2025-10-08T02:00:00Z", "50.00", "");
        for (String buyer : List.of("koc7", "late8", "selfish")) {
            hand.order(user(buyer), buyer + "-1", "2025-10-02T02:00:00Z", "100.00", "");
            hand.order(user(buyer), buyer + "-2", "2025-10-04T02:00:00Z", "100.00", "");
        }
        hand.track(user("koc7"), "Content Shared", "2025-10-12T02:00:00Z", "\"share_code\": \"S7\"");
        hand.order(user("friend7"), "f7", "2025-10-19T02:00:00Z", "70.00", ", \"share_code\": \"S7\"");
        hand.track(user("late8"), "Content Shared", "2025-10-10T02:00:00Z", "\"share_code\": \"S8\"");
        hand.order(user("friend8"), "f8", "2025-10-18T02:00:00Z", "80.00", ", \"share_code\": \"S8\"");
        hand.track(user("cheerer"), "Store Followed", "2025-09-10T02:00:00Z", "");
        hand.track(user("cheerer"), "Content Shared", "2025-10-09T02:00:00Z", "\"share_code\": \"S9\"");
        hand.track(user("selfish"), "Content Shared", "2025-10-11T02:00:00Z", "\"share_code\": \"S9\"");
        hand.order(user("selfish"), "selfish-3", "2025-10-13T02:00:00Z", "30.00", ", \"share_code\": \"S9\"");
        hand.order(user("reviewer"), "v1", "2025-10-02T02:00:00Z", "120.00", products("p1"));
        hand.order(user("reviewer"), "v2", "2025-10-06T02:00:00Z", "80.00", products("p2"));
        hand.review(user("reviewer"), "2025-10-15T02:00:00Z", "p1", 4);
        hand.order(user("critic"), "c1", "2025-10-01T02:00:00Z", "50.00", products("p1"));
        hand.review(user("critic"), "2025-10-03T02:00:00Z", "p2", 5);
        hand.order(user("critic"), "c2", "2025-10-05T02:00:00Z", "50.00", products("p2"));
        hand.review(user("critic"), "2025-10-07T02:00:00Z", "p1", 3);
        hand.review(user("critic"), "2025-10-08T02:00:00Z", "p3", 5);
        hand.order(user("erased"), "e1", "2025-10-07T02:00:00Z", "40.00", "");
        hand.order(user("erased"), "e2", "2025-10-09T02:00:00Z", "40.00", "");
        hand.track(user("joiner"), "Member Joined", "2025-10-05T02:00:00Z", "");
        hand.track(user("joiner"), "Field Visited", "2025-10-10T02:00:00Z", "\"field\": \"membership\"");
        hand.track(user("joiner"), "Member Left", "2025-10-20T02:00:00Z", "");
        hand.track(user("merge-a"), "Group Joined", "2025-09-15T02:00:00Z", "");
        hand.track(TMALL_B, "Member Joined", "2025-10-02T02:00:00Z", "");
        hand.order(TMALL_B, "m1", "2025-10-03T02:00:00Z", "60.01", "");
        hand.track(user("closer"), "Store Followed", "2025-09-20T02:00:00Z", "");
        hand.track(user("closer"), "Field Visited", "2025-10-15T02:00:00Z", "\"field\": \"store\"");
        hand.track(user("closer"), "Store Unfollowed", "2025-10-31T16:00:00Z", "");
        hand.track(user("closer"), "Field Visited", "2025-11-01T01:00:00Z", "\"field\": \"store\"");
        hand.track(user("watcher"), "Live Watched", "2025-10-10T02:00:00Z", "");

        long brand = tenant.brand().id();
        Period october = Period.parse("period", "2025-10");
        Map<String, Integer> no = hand.numbers(List.of(
                "refunder",
                "koc7",
                "friend7",
                "late8",
                "friend8",
                "cheerer",
                "selfish",
                "reviewer",
                "critic",
                "erased",
                "joiner",
                "merge-a",
                "closer",
                "watcher"));
        int tmallB = hand.events.customerOf("tmall_ouid", "T-b");
        assertThat(behind(tenant, october, "capital.layer.repeat")).contains(no.get("refunder"));
        assertThat(behind(tenant, october, "capital.layer.purchased")).contains(tmallB);
        assertThat(insight.fast(tenant.admin(), brand, october).capital()).isEqualTo(11);

        // late data: the November refund, the merge, the erasure
        hand.track(
                user("refunder"),
                "Order Refunded",
                "2025-11-05T02:00:00Z",
                "\"order_id\": \"r2\", \"total\": \"50.00\"");
        hand.events.send(
                Message.identify().user("merge-a").at("2025-10-20T02:00:00Z").identity("tmall_ouid", "T-b"));
        String erasedId = jdbc.queryForObject(
                "select public_id from customer where workspace_id = ? and customer_no = ?",
                String.class,
                tenant.workspace().id(),
                no.get("erased"));
        Api.Reply erasure = Api.on(port).bearer(tenant.managementKey()).delete("/api/v1/customers/" + erasedId);
        assertThat(erasure.status()).as(erasure.body()).isEqualTo(204);
        int merged = hand.events.customerOf("app_user_id", "merge-a");
        int retired = merged == tmallB ? no.get("merge-a") : tmallB;
        assertThat(hand.events.customerOf("tmall_ouid", "T-b")).isEqualTo(merged);

        FastOracle oracle = oracle(tenant);
        for (String text : List.of(
                "2025-09",
                "2025-10",
                "2025-11",
                "2025-10-19",
                "2025-10-31",
                "2025-11-01",
                "2025-W42",
                "2025-W44",
                "2025-Q4",
                "2025-10-01..2025-10-31",
                TestClock.today(oracle.zone).toString())) {
            assertSameAsOracle(tenant, oracle, Period.parse("period", text));
        }

        FastReport r = insight.fast(tenant.admin(), brand, october);
        assertThat(r.capital()).isEqualTo(10);
        assertThat(r.capitalByLayer())
                .isEqualTo(Map.of("basic", 2L, "member", 0L, "purchased", 2L, "repeat", 4L, "koc", 2L));
        assertThat(behind(tenant, october, "capital.layer.basic"))
                .containsExactlyInAnyOrder(no.get("closer"), no.get("cheerer"));
        assertThat(behind(tenant, october, "capital.layer.purchased"))
                .as("refunder's refunded day is no purchase day; the merged profile bought once")
                .containsExactlyInAnyOrder(no.get("refunder"), merged);
        assertThat(behind(tenant, october, "capital.layer.repeat"))
                .as("late8's share was 8 days before; selfish's own share passed over; critic's reviews do not qualify")
                .containsExactlyInAnyOrder(no.get("late8"), no.get("selfish"), no.get("critic"), no.get("erased"));
        assertThat(behind(tenant, october, "capital.layer.koc"))
                .as("friend7 bought exactly 7 days after koc7's share; reviewer reviewed a product bought")
                .containsExactlyInAnyOrder(no.get("koc7"), no.get("reviewer"));
        assertThat(behind(tenant, october, "capital"))
                .doesNotContain(no.get("joiner"), no.get("friend7"), no.get("friend8"), no.get("watcher"), retired);
        assertThat(r.capitalByField())
                .containsEntry("membership", 8L)
                .containsEntry("store", 2L)
                .containsEntry("group_chat", 1L);
        assertThat(r.capitalByField().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(11);
        assertThat(r.conversion()).isEqualTo(new FastReport.Conversion(8, 10, new BigDecimal("0.8000")));
        long[][] transitions = new long[6][6];
        transitions[1][1] = 2; // closer, cheerer
        transitions[1][3] = 1; // merge-a, a member through T-b since October 2
        transitions[2][3] = 1; // refunder
        transitions[2][4] = 4;
        transitions[2][5] = 2;
        assertThat(r.transitions().counts()).isEqualTo(rows(transitions));
        assertThat(behind(tenant, october, "transition.basic.purchased")).containsExactly(merged);
        assertThat(r.connection().get("membership"))
                .as("joiner visited while a member, though not one at the end")
                .isEqualTo(new FastReport.Connection(1, 1, new BigDecimal("1.0000")));
        assertThat(behind(tenant, october, "connection.membership.active")).containsExactly(no.get("joiner"));
        assertThat(r.connection().get("live_room"))
                .isEqualTo(new FastReport.Connection(1, 0, new BigDecimal("0.0000")));
        assertThat(r.connection().get("store")).isEqualTo(new FastReport.Connection(1, 1, new BigDecimal("1.0000")));
        assertThat(r.connection().get("group_chat")).isEqualTo(new FastReport.Connection(0, 0, null));

        Map<Integer, Long> clv = insight.clv(tenant.admin(), brand, october);
        assertThat(clv)
                .containsEntry(no.get("koc7"), 270_00L) // 200.00 own + friend7's 70.00
                .containsEntry(no.get("late8"), 200_00L)
                .containsEntry(no.get("cheerer"), 30_00L) // selfish's order through S9
                .containsEntry(no.get("selfish"), 230_00L)
                .containsEntry(no.get("refunder"), 100_00L) // 150.00 less November's refund
                .containsEntry(merged, 60_01L)
                .containsEntry(no.get("erased"), 80_00L)
                .containsEntry(no.get("closer"), 0L)
                .hasSize(10);
        assertThat(r.clv().all())
                .isEqualTo(new FastReport.ClvFigures(10, "1270.01", "127.00", buckets(1, 5, 4, 0, 0, 0)));
        assertThat(r.clv().byLayer().get("purchased"))
                .as("160.01 ÷ 2 = 80.005, half up")
                .isEqualTo(new FastReport.ClvFigures(2, "160.01", "80.01", buckets(0, 2, 0, 0, 0, 0)));
        assertThat(r.clv().byLayer().get("koc"))
                .isEqualTo(new FastReport.ClvFigures(2, "470.00", "235.00", buckets(0, 0, 2, 0, 0, 0)));
        assertThat(r.clv().byLayer().get("repeat"))
                .isEqualTo(new FastReport.ClvFigures(4, "610.00", "152.50", buckets(0, 2, 2, 0, 0, 0)));
        assertThat(r.clv().byLayer().get("basic"))
                .isEqualTo(new FastReport.ClvFigures(2, "30.00", "15.00", buckets(1, 1, 0, 0, 0, 0)));
        assertThat(r.clv().byLayer().get("member"))
                .isEqualTo(new FastReport.ClvFigures(0, "0.00", null, buckets(0, 0, 0, 0, 0, 0)));

        Period lastOfOctober = Period.parse("period", "2025-10-31");
        Period november = Period.parse("period", "2025-11");
        assertThat(behind(tenant, lastOfOctober, "capital.field.store"))
                .as("a relation closing exactly at the end is held at the end")
                .contains(no.get("closer"));
        assertThat(behind(tenant, Period.parse("period", "2025-11-01"), "transition.basic.none"))
                .contains(no.get("closer"));
        assertThat(behind(tenant, november, "transition.basic.none")).containsExactly(no.get("closer"));
        assertThat(behind(tenant, november, "connection.store.visitors")).containsExactly(no.get("closer"));
        assertThat(behind(tenant, november, "connection.store.active"))
                .as("the relation ended as November began")
                .isEmpty();
        assertThat(behind(tenant, Period.parse("period", "2025-10-19"), "capital.layer.koc"))
                .as("friend7's order on the day")
                .isEmpty();
    }

    private Set<Integer> behind(Tenant tenant, Period p, String key) {
        return Arrays.stream(insight.customers(tenant.admin(), tenant.brand().id(), p, key))
                .boxed()
                .collect(Collectors.toSet());
    }

    private static List<List<Long>> rows(long[][] matrix) {
        return Arrays.stream(matrix)
                .map(row -> Arrays.stream(row).boxed().toList())
                .toList();
    }

    private static Map<String, Long> buckets(long... counts) {
        Map<String, Long> buckets = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            buckets.put(FastOracle.BUCKETS.get(i), counts[i]);
        }
        return buckets;
    }

    /** A tmall buyer known only by their tmall id. */
    static final UnaryOperator<Message> TMALL_B = m -> m.channel("tmall").identity("tmall_ouid", "T-b");

    static UnaryOperator<Message> user(String id) {
        return m -> m.user(id);
    }

    static String products(String id) {
        return ", \"products\": [{\"product_id\": \"" + id + "\"}]";
    }

    /** Messages of the hand-made brand; {@code who} names the person (and where they are). */
    record Hand(Events events) {
        void track(UnaryOperator<Message> who, String event, String at, String properties) {
            events.send(who.apply(Message.track(event).at(at).properties("{" + properties + "}")));
        }

        void order(UnaryOperator<Message> who, String id, String at, String total, String more) {
            track(who, "Order Completed", at, "\"order_id\": \"%s\", \"total\": \"%s\"%s".formatted(id, total, more));
        }

        void review(UnaryOperator<Message> who, String at, String product, int rating) {
            track(who, "Review Posted", at, "\"product_id\": \"%s\", \"rating\": %d".formatted(product, rating));
        }

        Map<String, Integer> numbers(List<String> users) {
            Map<String, Integer> numbers = new HashMap<>();
            users.forEach(u -> numbers.put(u, events.customerOf("app_user_id", u)));
            return numbers;
        }
    }

    private FastOracle oracle(Tenant tenant) {
        return new FastOracle(
                jdbc, json, tenant.workspace().id(), tenant.brand().id(), Duration.ofDays(attributionDays));
    }

    /** Compares every period, and requires them to reach every layer, a deepening and an idle visitor. */
    private void assertEveryPeriod(Tenant tenant, FastOracle oracle, List<String> periods) {
        Set<String> reached = new TreeSet<>();
        for (String text : periods) {
            FastOracle.Figures o = assertSameAsOracle(tenant, oracle, Period.parse("period", text));
            o.behind().forEach((key, customers) -> {
                if (key.startsWith("capital.layer.") || key.equals("deepened")) {
                    reached.add(key);
                }
                if (key.endsWith(".visitors")
                        && !o.behind()
                                .getOrDefault(key.replace(".visitors", ".active"), Set.of())
                                .containsAll(customers)) {
                    reached.add("an idle visitor");
                }
            });
        }
        List<String> expected = new ArrayList<>(List.of("deepened", "an idle visitor"));
        FastOracle.HELD.forEach(layer -> expected.add("capital.layer." + layer));
        assertThat(reached).as("what the periods cover").containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Requires the engine's report and drill-downs for {@code p} to equal the oracle's; answers the latter. */
    private FastOracle.Figures assertSameAsOracle(Tenant tenant, FastOracle oracle, Period p) {
        long brand = tenant.brand().id();
        FastReport r = insight.fast(tenant.admin(), brand, p);
        FastOracle.Figures o = oracle.figures(p.kind(), p.first(), p.last());
        String at = p.text() + " ";
        assertThat(r.start()).as(at + "start").isEqualTo(o.span().start());
        assertThat(r.end()).as(at + "end").isEqualTo(o.span().end());
        Period previous = Period.parse("previousPeriod", r.previousPeriod());
        assertThat(List.of(previous.first(), previous.last()))
                .as(at + "previous period")
                .containsExactly(o.previous().first(), o.previous().last());
        // the customers first: they show what a differing count is made of
        for (String key : FastOracle.keys()) {
            int[] engine = insight.customers(tenant.admin(), brand, p, key);
            assertThat(engine)
                    .as(at + key)
                    .containsExactly(o.behind().getOrDefault(key, Set.of()).stream()
                            .mapToInt(Integer::intValue)
                            .toArray());
        }
        assertThat(insight.clv(tenant.admin(), brand, p))
                .as(at + "CLV per customer")
                .isEqualTo(o.clvOf());
        assertThat(r.capital()).as(at + "capital").isEqualTo(o.capital());
        assertThat(r.capitalByLayer()).as(at + "capital by layer").isEqualTo(o.capitalByLayer());
        assertThat(r.capitalByField()).as(at + "capital by field").isEqualTo(o.capitalByField());
        assertThat(r.conversion()).as(at + "conversion").isEqualTo(o.conversion());
        assertThat(r.transitions().layers()).as(at + "transition layers").isEqualTo(FastOracle.LAYERS);
        assertThat(r.transitions().counts()).as(at + "transitions").isEqualTo(o.transitions());
        assertThat(r.connection()).as(at + "connection").isEqualTo(o.connection());
        assertThat(r.clv()).as(at + "CLV").isEqualTo(o.clv());
        return o;
    }
}
