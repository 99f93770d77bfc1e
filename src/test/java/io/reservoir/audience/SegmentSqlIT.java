package io.reservoir.audience;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.identity.Customers;
import io.reservoir.loyalty.LoyaltyRounds;
import io.reservoir.loyalty.Memberships;
import io.reservoir.loyalty.PointsLedger;
import io.reservoir.platform.tenancy.Brands;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reference evaluator over a handful of hand-made customers, built once through the real
 * intake, loyalty program and tag API:
 *
 * <ul>
 *   <li>ann — 杭州, age 30, phone, sms granted; follows the store and is a gold member of brand A
 *       with 1,100 points (buyers earn a point per yuan at A, members or not); two orders at A on tmall (600 and 500 yuan) in 90 days; two check-ins at
 *       brand B (UTC) on one UTC day; tagged rfm = champions.
 *   <li>bob — 上海, age "abc", e-mail, sms withdrawn; one 80-yuan order 100 days ago; follows A's
 *       live room; joined A and left; a coupon event used for the window's edges; a store visit.
 *   <li>cat — 杭州市, age " 45 "; a page view named like an order; two check-ins at brand A
 *       (Asia/Shanghai) on one UTC day but two Shanghai days; two live-room visits; vip, rfm = loyal.
 *   <li>dan — 杭州, age "3e1", a 300-yuan order at A; merged with a profile that had an e-mail, a
 *       store follow, a 200-yuan order at brand B on jd, and vip: the survivor has all of it.
 *   <li>eve — 杭州, phone, sms granted, a 999-yuan order, a store follow, vip: then erased.
 * </ul>
 *
 * A second workspace, whose eight customers match nearly everything and whose numbers cover all
 * of the first's, shows that nothing of it leaks in.
 */
@ReservoirIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentSqlIT {

    static final String PROGRAM = """
            {"pointsPerYuan": 1, "expiry": "never",
             "tiers": {"basis": "net_spend", "levels": [
                {"code": "silver", "name": "银卡", "threshold": 0},
                {"code": "gold", "name": "金卡", "threshold": 1000}]}}
            """;

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    LoyaltyRounds loyaltyRounds;

    @Autowired
    Brands brands;

    @Autowired
    Segments segments;

    @Autowired
    Tags tags;

    @Autowired
    Customers customers;

    @Autowired
    Memberships memberships;

    @Autowired
    PointsLedger ledger;

    @Autowired
    SegmentSql sql;

    @Autowired
    Audiences audiences;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    Tenant tenant;
    Caller admin;
    long ws;
    long brandA;
    long brandB;
    Instant now;
    /** Two check-ins at 15:00 and 17:00 UTC: one UTC day, two days in Asia/Shanghai. */
    LocalDate checkInDay;
    /** When bob applied a coupon. */
    Instant couponAt;

    int ann;
    int bob;
    int cat;
    int dan;
    int retired;
    int eve;

    Tenant other;
    int[] theirs;

    @BeforeAll
    void world() {
        now = TestClock.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        checkInDay = TestClock.today(ZoneOffset.UTC).minusDays(5);
        couponAt = ago(20);
        tenant = tenants.aWorkspace();
        admin = tenant.admin();
        ws = tenant.workspace().id();
        brandA = tenant.brand().id();
        brandB = brands.create(admin, "Brand B", "UTC").id();
        Api.Reply reply =
                Api.on(port).bearer(tenant.managementKey()).put("/api/v1/loyalty/programs/" + brandA, PROGRAM);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        Tag vip = tags.create(admin, "vip", TagKind.MANUAL, null, null);
        Tag rfm = tags.create(admin, "rfm", TagKind.MODEL, null, null);
        Events events = new Events(port, tenant, jdbc);

        events.send(Message.identify().user("ann").brand(brandA).at(ago(60)).traits("""
                {"city": "杭州", "age": "30", "phone": "13800000001", "consent": {"sms": true}}"""));
        events.send(Message.track("Store Followed")
                .user("ann")
                .brand(brandA)
                .channel("tmall")
                .at(ago(60)));
        events.send(Message.track("Member Joined")
                .user("ann")
                .brand(brandA)
                .channel("tmall")
                .at(ago(50)));
        events.send(Message.order("A-1", "600.00")
                .user("ann")
                .brand(brandA)
                .channel("tmall")
                .at(ago(40)));
        events.send(Message.order("A-2", "500")
                .user("ann")
                .brand(brandA)
                .channel("tmall")
                .at(ago(10)));
        checkIns(events, "ann", brandB);

        events.send(Message.identify().user("bob").brand(brandA).at(ago(120)).traits("""
                {"city": "上海", "age": "abc", "email": "bob@example.cn", "consent": {"sms": false}}"""));
        events.send(Message.order("B-1", "80")
                .user("bob")
                .brand(brandA)
                .channel("tmall")
                .at(ago(100)));
        events.send(Message.track("Live Room Followed")
                .user("bob")
                .brand(brandA)
                .channel("douyin")
                .at(ago(30)));
        events.send(Message.track("Member Joined")
                .user("bob")
                .brand(brandA)
                .channel("tmall")
                .at(ago(20)));
        events.send(Message.track("Member Left")
                .user("bob")
                .brand(brandA)
                .channel("tmall")
                .at(ago(15)));
        events.send(Message.track("Coupon Applied")
                .user("bob")
                .brand(brandA)
                .channel("app")
                .at(couponAt));
        events.send(Message.track("Field Visited")
                .user("bob")
                .brand(brandA)
                .channel("offline_pos")
                .field("store")
                .at(ago(3)));

        events.send(Message.identify()
                .user("cat")
                .brand(brandA)
                .at(ago(60))
                .trait("city", "杭州市")
                .trait("age", " 45 "));
        events.send(Message.page("Order Completed").user("cat").at(ago(5)).brand(brandA));
        checkIns(events, "cat", brandA);
        events.send(Message.track("Field Visited")
                .user("cat")
                .brand(brandA)
                .channel("douyin")
                .field("live_room")
                .at(ago(3)));
        events.send(Message.track("Field Visited")
                .user("cat")
                .brand(brandA)
                .channel("douyin")
                .field("live_room")
                .at(ago(2)));

        events.send(Message.identify()
                .user("dan")
                .brand(brandA)
                .at(ago(60))
                .trait("city", "杭州")
                .trait("age", "3e1"));
        events.send(Message.order("D-1", "300")
                .user("dan")
                .brand(brandA)
                .channel("tmall")
                .at(ago(30)));
        events.send(Message.identify()
                .anonymous("dan-anon")
                .brand(brandA)
                .at(ago(60))
                .trait("email", "dan@example.cn"));
        events.send(Message.track("Store Followed")
                .anonymous("dan-anon")
                .brand(brandA)
                .channel("tmall")
                .at(ago(25)));
        events.send(Message.order("D-2", "200.00")
                .anonymous("dan-anon")
                .brand(brandB)
                .channel("jd")
                .at(ago(20)));

        events.send(Message.identify().user("eve").brand(brandA).at(ago(60)).traits("""
                {"city": "杭州", "phone": "13800000005", "consent": {"sms": true}}"""));
        events.send(Message.order("E-1", "999")
                .user("eve")
                .brand(brandA)
                .channel("tmall")
                .at(ago(5)));
        events.send(Message.track("Store Followed")
                .user("eve")
                .brand(brandA)
                .channel("tmall")
                .at(ago(5)));

        ann = events.customerOf("app_user_id", "ann");
        bob = events.customerOf("app_user_id", "bob");
        cat = events.customerOf("app_user_id", "cat");
        dan = events.customerOf("app_user_id", "dan");
        retired = events.customerOf("anonymous_id", "dan-anon");
        eve = events.customerOf("app_user_id", "eve");
        tags.assign(admin, vip.id(), null, List.of(cat, retired, eve), "upload");
        tags.assign(admin, rfm.id(), "champions", List.of(ann, eve), "model");
        tags.assign(admin, rfm.id(), "loyal", List.of(cat), "model");

        events.send(Message.track("Signed In")
                .user("dan")
                .anonymous("dan-anon")
                .brand(brandA)
                .channel("app")
                .at(ago(1)));
        assertThat(events.customerOf("anonymous_id", "dan-anon"))
                .as("merged into dan")
                .isEqualTo(dan);
        customers.erase(admin, customers.get(admin, eve).id());
        runLoyalty();

        other = tenants.aWorkspace();
        theirs = everythingWorkspace(other);
    }

    /** Eight customers of another workspace who match nearly every rule of the tests. */
    private int[] everythingWorkspace(Tenant tenant) {
        Events events = new Events(port, tenant, jdbc);
        long brand = tenant.brand().id();
        Tag vip = tags.create(tenant.admin(), "vip", TagKind.MANUAL, null, null);
        Tag rfm = tags.create(tenant.admin(), "rfm", TagKind.MODEL, null, null);
        for (int i = 0; i < 8; i++) {
            String who = "x" + i;
            events.send(Message.identify().user(who).brand(brand).at(ago(60)).traits("""
                    {"city": "杭州", "age": "35", "phone": "1390000000%d", "email": "x%d@example.cn",
                     "consent": {"sms": %s}}""".formatted(i, i, i % 2 == 0)));
            events.send(Message.track("Store Followed")
                    .user(who)
                    .brand(brand)
                    .channel("tmall")
                    .at(ago(60)));
            events.send(Message.order("X-" + i + "-1", "600")
                    .user(who)
                    .brand(brand)
                    .channel("jd")
                    .at(ago(10)));
            events.send(Message.order("X-" + i + "-2", "500")
                    .user(who)
                    .brand(brand)
                    .channel("jd")
                    .at(ago(5)));
            checkIns(events, who, brand);
            events.send(Message.track("Field Visited")
                    .user(who)
                    .brand(brand)
                    .channel("douyin")
                    .field("live_room")
                    .at(ago(3)));
            events.send(Message.track("Field Visited")
                    .user(who)
                    .brand(brand)
                    .channel("douyin")
                    .field("store")
                    .at(ago(2)));
            events.send(Message.track("Coupon Applied")
                    .user(who)
                    .brand(brand)
                    .channel("app")
                    .at(couponAt));
        }
        int[] numbers = IntStream.range(0, 8)
                .map(i -> events.customerOf("app_user_id", "x" + i))
                .sorted()
                .toArray();
        List<Integer> all = Arrays.stream(numbers).boxed().toList();
        tags.assign(tenant.admin(), vip.id(), null, all, "upload");
        tags.assign(tenant.admin(), rfm.id(), "champions", all, "model");
        return numbers;
    }

    private Instant ago(int days) {
        return now.minus(Duration.ofDays(days));
    }

    private void checkIns(Events events, String who, long brand) {
        for (int hour : new int[] {15, 17}) {
            Instant at = checkInDay.atTime(hour, 0).toInstant(ZoneOffset.UTC);
            events.send(Message.track("Checked In")
                    .user(who)
                    .brand(brand)
                    .channel("wechat_miniprogram")
                    .at(at));
        }
    }

    /**
     * The loyalty schedule runs the program over the log: ann a gold member with 1,100 points, bob
     * a former member; every buyer at brand A earns a point per yuan (bob 80, dan 300).
     */
    private void runLoyalty() {
        loyaltyRounds.runNow(ws);
        assertThat(memberships.find(ws, brandA, ann))
                .hasValueSatisfying(m -> assertThat(m.tierCode()).isEqualTo("gold"));
        assertThat(memberships.find(ws, brandA, bob))
                .hasValueSatisfying(m -> assertThat(m.active()).isFalse());
        assertThat(ledger.account(ws, brandA, ann).balance()).isEqualTo(1_100);
        assertThat(ledger.account(ws, brandA, bob).balance()).isEqualTo(80);
        assertThat(ledger.account(ws, brandA, dan).balance()).isEqualTo(300);
    }

    private int[] select(String rule) {
        return select(tenant, rule, now);
    }

    private int[] select(Tenant in, String rule, Instant at) {
        String text = rule.replace("{A}", Long.toString(brandA)).replace("{B}", Long.toString(brandB));
        SegmentRule checked = segments.check(in.admin(), json.readTree(text));
        int[] reference = sql.evaluate(in.workspace().id(), checked, at);
        assertThat(audiences.select(in.workspace().id(), checked, at).toArray())
                .as("the index engine agrees with the reference on %s", rule)
                .containsExactly(reference);
        return reference;
    }

    private void assertSelects(String rule, int... expected) {
        assertThat(select(rule))
                .as(rule)
                .containsExactly(IntStream.of(expected).sorted().toArray());
    }

    @Test
    void attributesCompareTextExactlyAndNumbersByValue() {
        assertSelects("{\"attribute\": \"city\", \"op\": \"eq\", \"value\": \"杭州\"}", ann, dan);
        assertSelects("{\"attribute\": \"city\", \"op\": \"ne\", \"value\": \"杭州\"}", bob, cat);
        assertSelects("{\"attribute\": \"city\", \"op\": \"in\", \"values\": [\"上海\", \"杭州市\"]}", bob, cat);
        assertSelects("{\"attribute\": \"city\", \"op\": \"contains\", \"value\": \"杭州\"}", ann, cat, dan);
        assertSelects("{\"attribute\": \"city\", \"op\": \"exists\"}", ann, bob, cat, dan);
        assertSelects("{\"not\": {\"attribute\": \"city\", \"op\": \"exists\"}}");
        assertSelects("{\"attribute\": \"age\", \"op\": \"eq\", \"value\": \"30\"}", ann);
        assertSelects("{\"attribute\": \"age\", \"op\": \"gte\", \"value\": 30}", ann, cat, dan);
        assertSelects("{\"attribute\": \"age\", \"op\": \"gt\", \"value\": 30}", cat);
        assertSelects("{\"attribute\": \"age\", \"op\": \"between\", \"values\": [29.5, 30]}", ann, dan);
        assertSelects("{\"attribute\": \"age\", \"op\": \"lt\", \"value\": 100}", ann, cat, dan);
        assertSelects("{\"not\": {\"attribute\": \"age\", \"op\": \"gte\", \"value\": 30}}", bob);
    }

    @Test
    void identitiesAndConsent() {
        assertSelects("{\"identity\": \"phone\"}", ann);
        assertSelects("{\"identity\": \"email\"}", bob, dan);
        assertSelects("{\"identity\": \"anonymous_id\"}", dan);
        assertSelects("{\"consent\": \"sms\", \"granted\": true}", ann);
        assertSelects("{\"consent\": \"sms\", \"granted\": false}", bob);
        assertSelects("{\"not\": {\"consent\": \"sms\", \"granted\": false}}", ann, cat, dan);
        assertSelects("{\"consent\": \"email\", \"granted\": true}");
    }

    @Test
    void relationsMembershipTiersAndPoints() {
        assertSelects("{\"relation\": {\"brand\": {A}}}", ann, bob, dan);
        assertSelects("{\"relation\": {\"brand\": {A}, \"field\": \"store\"}}", ann, dan);
        assertSelects("{\"relation\": {\"brand\": {A}, \"field\": \"membership\"}}", ann);
        assertSelects("{\"relation\": {\"brand\": {A}, \"field\": \"live_room\"}}", bob);
        assertSelects("{\"relation\": {\"brand\": {B}}}");
        assertSelects("{\"member\": {\"brand\": {A}}}", ann);
        assertSelects("{\"tier\": {\"brand\": {A}, \"in\": [\"gold\"]}}", ann);
        assertSelects("{\"tier\": {\"brand\": {A}, \"in\": [\"silver\"]}}");
        assertSelects("{\"points\": {\"brand\": {A}, \"gte\": 1000}}", ann);
        assertSelects("{\"points\": {\"brand\": {A}, \"gte\": 1100, \"lte\": 1100}}", ann);
        assertSelects("{\"points\": {\"brand\": {A}, \"gte\": 1, \"lte\": 500}}", bob, dan);
        assertSelects("{\"points\": {\"brand\": {A}, \"lte\": 0}}", cat);
        assertSelects("{\"points\": {\"brand\": {B}, \"gte\": 0}}", ann, bob, cat, dan);
    }

    @Test
    void tags() {
        assertSelects("{\"tag\": \"vip\"}", cat, dan);
        assertSelects("{\"tag\": \"rfm\"}", ann, cat);
        assertSelects("{\"tag\": \"rfm\", \"value\": \"champions\"}", ann);
        assertSelects("{\"not\": {\"tag\": \"vip\"}}", ann, bob);
    }

    @Test
    void orderCountsAndAmountsInAWindow() {
        String orders = "{\"event\": \"Order Completed\", \"within\": {\"days\": %d}%s}";
        assertSelects(orders.formatted(90, ""), ann, dan);
        assertSelects("{\"not\": " + orders.formatted(90, "") + "}", bob, cat);
        assertSelects(orders.formatted(90, ", \"count\": {\"eq\": 0}"), bob, cat);
        assertSelects(orders.formatted(3650, ", \"count\": {\"eq\": 1}"), bob);
        assertSelects(orders.formatted(90, ", \"count\": {\"gte\": 2}"), ann, dan);
        assertSelects(orders.formatted(90, ", \"brand\": {A}, \"count\": {\"gte\": 2}"), ann);
        assertSelects(orders.formatted(90, ", \"brand\": {B}"), dan);
        assertSelects(orders.formatted(90, ", \"channel\": \"jd\""), dan);
        assertSelects(orders.formatted(90, ", \"sum\": {\"gte\": 500}"), ann, dan);
        assertSelects(orders.formatted(90, ", \"sum\": {\"eq\": 500.00}"), dan);
        assertSelects(orders.formatted(90, ", \"sum\": {\"gte\": 500.01}"), ann);
        assertSelects(orders.formatted(90, ", \"sum\": {\"lte\": 499.99}"), bob, cat);
        assertSelects(orders.formatted(45, ", \"sum\": {\"gte\": 1000}"), ann);
        assertSelects(orders.formatted(30, ", \"sum\": {\"gte\": 1000}"));
        assertSelects(orders.formatted(90, ", \"count\": {\"gte\": 1}, \"sum\": {\"lte\": 500}"), dan);
    }

    @Test
    void distinctDaysAreCountedInEachEventsBrandTimeZone() {
        String checkIns = "{\"event\": \"Checked In\", \"within\": {\"days\": 30}, %s}";
        assertSelects(checkIns.formatted("\"count\": {\"eq\": 2}"), ann, cat);
        assertSelects(checkIns.formatted("\"distinctDays\": {\"gte\": 2}"), cat);
        assertSelects(checkIns.formatted("\"distinctDays\": {\"eq\": 1}"), ann);
        assertSelects(checkIns.formatted("\"distinctDays\": {\"lte\": 1}"), ann, bob, dan);
    }

    @Test
    void fieldsAndChannelsNarrowEvents() {
        String visits = "{\"event\": \"Field Visited\", \"within\": {\"days\": 7}%s}";
        assertSelects(visits.formatted(""), bob, cat);
        assertSelects(visits.formatted(", \"field\": \"live_room\""), cat);
        assertSelects(visits.formatted(", \"field\": \"store\""), bob);
        assertSelects(visits.formatted(", \"field\": \"live_room\", \"distinctDays\": {\"gte\": 2}"), cat);
        assertSelects(visits.formatted(", \"channel\": \"offline_pos\""), bob);
    }

    @Test
    void aWindowEndsAtNowInclusiveAndStartsJustAfterNowMinusItsDays() {
        String coupon = "{\"event\": \"Coupon Applied\", \"within\": {\"days\": 7}}";
        Duration micro = Duration.of(1, ChronoUnit.MICROS);
        Instant weekLater = couponAt.plus(Duration.ofDays(7));

        assertThat(select(tenant, coupon, couponAt)).containsExactly(bob);
        assertThat(select(tenant, coupon, couponAt.minus(micro))).isEmpty();
        assertThat(select(tenant, coupon, weekLater.minus(micro))).containsExactly(bob);
        assertThat(select(tenant, coupon, weekLater)).isEmpty();
    }

    @Test
    void andOrAndNotCombine() {
        assertSelects("""
                {"all": [
                  {"attribute": "city", "op": "contains", "value": "杭州"},
                  {"any": [{"tag": "vip"}, {"identity": "phone"}]},
                  {"not": {"attribute": "age", "op": "gt", "value": 40}}
                ]}""", ann, dan);
        assertSelects(
                "{\"any\": [{\"tag\": \"rfm\", \"value\": \"loyal\"}, {\"member\": {\"brand\": {A}}}]}", ann, cat);
        assertSelects("{\"all\": [{\"tag\": \"vip\"}, {\"not\": {\"tag\": \"vip\"}}]}");
        assertSelects("{\"any\": [{\"tag\": \"vip\"}, {\"not\": {\"tag\": \"vip\"}}]}", ann, bob, cat, dan);
        assertSelects("{\"not\": {\"not\": {\"identity\": \"email\"}}}", bob, dan);
    }

    @Test
    void savedSegmentsCombineLikeRules() {
        long hangzhou = segments.create(
                        admin,
                        "杭州",
                        json.readTree("{\"attribute\": \"city\", \"op\": \"contains\", \"value\": \"杭州\"}"))
                .id();
        long plain = segments.create(
                        admin,
                        "杭州 not vip",
                        json.readTree(
                                "{\"all\": [{\"segment\": %d}, {\"not\": {\"tag\": \"vip\"}}]}".formatted(hangzhou)))
                .id();
        long reachable = segments.create(
                        admin,
                        "plain or unreachable",
                        json.readTree("{\"any\": [{\"segment\": %d}, {\"consent\": \"sms\", \"granted\": false}]}"
                                .formatted(plain)))
                .id();

        assertSelects("{\"segment\": " + plain + "}", ann);
        assertSelects("{\"segment\": " + reachable + "}", ann, bob);
        assertSelects("{\"not\": {\"segment\": " + hangzhou + "}}", bob);
        assertSelects("{\"all\": [{\"segment\": " + hangzhou + "}, {\"segment\": " + reachable + "}]}", ann);
        assertSelects("{\"any\": [{\"segment\": " + hangzhou + "}, {\"segment\": " + hangzhou + "}]}", ann, cat, dan);
    }

    @Test
    void retiredAndErasedProfilesNeverMatchEvenUnderNot() {
        List<String> rules = List.of(
                "{\"not\": {\"tag\": \"vip\"}}",
                "{\"not\": {\"identity\": \"phone\"}}",
                "{\"not\": {\"attribute\": \"city\", \"op\": \"eq\", \"value\": \"杭州\"}}",
                "{\"event\": \"Order Completed\", \"within\": {\"days\": 90}, \"count\": {\"eq\": 0}}",
                "{\"event\": \"Order Completed\", \"within\": {\"days\": 3650}}",
                "{\"relation\": {\"brand\": {A}, \"field\": \"store\"}}",
                "{\"points\": {\"brand\": {A}, \"lte\": 0}}",
                "{\"any\": [{\"identity\": \"phone\"}, {\"not\": {\"identity\": \"phone\"}}]}");
        for (String rule : rules) {
            assertThat(select(rule)).as(rule).doesNotContain(retired, eve);
        }
        assertSelects(rules.get(rules.size() - 1), ann, bob, cat, dan);
        assertThat(select("{\"event\": \"Order Completed\", \"within\": {\"days\": 3650}}"))
                .as("the survivor has both profiles' orders; the erased customer's stay, anonymised")
                .containsExactly(IntStream.of(ann, bob, dan).sorted().toArray());
        assertThat(jdbc.queryForObject(
                        "select count(*) from customer_order where workspace_id = ? and customer_no = ?",
                        Long.class,
                        ws,
                        eve))
                .as("the erased customer's order is still there")
                .isEqualTo(1L);
    }

    @Test
    void anotherWorkspaceNeverCounts() {
        assertThat(theirs)
                .as("their numbers cover ours, so a leak would show")
                .contains(ann, bob, cat, dan, retired, eve);
        assertThat(select(other, "{\"attribute\": \"city\", \"op\": \"eq\", \"value\": \"杭州\"}", now))
                .containsExactly(theirs);
        assertThat(select(other, "{\"tag\": \"rfm\", \"value\": \"champions\"}", now))
                .containsExactly(theirs);
        assertThat(select(
                        other, "{\"event\": \"Checked In\", \"within\": {\"days\": 30}, \"count\": {\"gte\": 2}}", now))
                .containsExactly(theirs);

        assertSelects("{\"attribute\": \"city\", \"op\": \"eq\", \"value\": \"杭州\"}", ann, dan);
        assertSelects("{\"attribute\": \"age\", \"op\": \"eq\", \"value\": \"35\"}");
        assertSelects("{\"identity\": \"phone\"}", ann);
        assertSelects("{\"consent\": \"sms\", \"granted\": true}", ann);
        assertSelects("{\"tag\": \"vip\"}", cat, dan);
        assertSelects("{\"tag\": \"rfm\", \"value\": \"champions\"}", ann);
        assertSelects("{\"event\": \"Order Completed\", \"within\": {\"days\": 90}, \"channel\": \"jd\"}", dan);
        assertSelects("{\"event\": \"Coupon Applied\", \"within\": {\"days\": 30}}", bob);
        assertSelects("{\"event\": \"Field Visited\", \"within\": {\"days\": 7}, \"field\": \"live_room\"}", cat);
        assertSelects("{\"not\": {\"identity\": \"app_user_id\"}}");
    }
}
