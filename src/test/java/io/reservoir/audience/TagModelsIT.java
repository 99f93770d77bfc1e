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
import io.reservoir.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Model tags over hand-made orders of one brand (Asia/Shanghai), each expected value worked out
 * below from the documented definitions (docs/segments.md, "Tags"). No order lies within a day of
 * a threshold, so the answers hold whenever the test runs.
 *
 * <p>RFM with recency cut points 10/30/60/120 days, frequency 2/3/4/5 orders, monetary
 * 100/300/600/1000 yuan, over 365 days:
 *
 * <pre>
 * who  orders (days ago × yuan, channel, coupon)            R  F  M   cell
 * ann  2,20,40 tmall; 60,80 jd; 5 × 200 = 1000; coupon on 2   5  5  5   champions
 * bob  5 × 50 douyin                                         5  1  1   new
 * cat  100 tmall, 120 jd, 140 jd; 3 × 150 = 450; 2 coupons   2  3  3   at_risk
 * dan  200, 250 tmall; 2 × 60 = 120                          1  2  2   lost
 * eva  3, 10, 31, 50 tmall; 4 × 200 = 800; coupon on 10      5  4  4   champions
 *      after refunds of 150 (day 31) and 150 (day 50): 500   5  4  3   loyal
 * fay  400 (outside the window), 8 refunded in full          —         none
 * gus  5 × 300, recent, then erased                           —         none
 * hal  25 tmall, 15 jd; 2 × 100 = 200; coupon on 15           4  2  2   potential
 * ivy  85 tmall; 50                                          2  1  1   hibernating
 * joy  12 × 300, 14 × 200 tmall; 500 (300 after a refund)    4  2  3   potential
 * </pre>
 *
 * Lifecycle (new 30, active 90, sleeping 180, churned after 365 days): first / last order ann
 * 80/2 active, bob 5/5 new, cat 140/100 sleeping, dan 250/200 pre_churn, eva 50/3 active, fay
 * 400/400 churned (the refunded order is no purchase), hal 25/15 new, ivy 85/85 active, joy 14/12
 * new.
 *
 * <p>Preferred channel: ann tmall (3 of 5), bob douyin, cat jd (2 of 3), dan tmall, eva tmall,
 * hal jd (1 each; jd is the more recent), ivy tmall, joy tmall. Price sensitivity (at least 2
 * orders; high from 50 %, medium from 20 %): ann 1/5 medium, cat 2/3 high, dan 0/2 low, eva 1/4
 * medium, hal 1/2 high, joy 0/2 low. Preferred category (net spend shared by price × quantity):
 * ann 彩妆 (250 against 护肤 150), cat 香水, eva 护肤 and 香水 200 each (护肤, the first by name),
 * joy 护肤 300 against 香水 200 until a refund of 200 on the 护肤 order makes it 100: 香水.
 *
 * <p>Partial refunds leave an order counting, so eva's refunds change only her monetary score and
 * joy's only her category; each test holds whichever runs first.
 */
@ReservoirIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TagModelsIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    Customers customers;

    @Autowired
    Audiences audiences;

    @Autowired
    Segments segments;

    @Autowired
    Tags tags;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    Tenant tenant;
    Caller admin;
    Api api;
    Events events;
    long ws;
    long brand;
    Instant now;
    Map<String, Integer> numbers = new HashMap<>();

    Tenant other;
    long theirRfm;

    @BeforeAll
    void orders() {
        now = TestClock.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        tenant = tenants.aWorkspace();
        admin = tenant.admin();
        api = Api.on(port).bearer(tenant.managementKey());
        events = new Events(port, tenant, jdbc);
        ws = tenant.workspace().id();
        brand = tenant.brand().id();

        order(
                "ann",
                "A-1",
                2,
                200,
                "tmall",
                "SAVE10",
                "[{\"category\": \"护肤\", \"price\": 150}, {\"category\": \"彩妆\", \"price\": 50}]");
        order("ann", "A-2", 20, 200, "tmall", null, "[{\"category\": \"彩妆\", \"price\": 200, \"quantity\": 1}]");
        order("ann", "A-3", 40, 200, "tmall", null, null);
        order("ann", "A-4", 60, 200, "jd", null, null);
        order("ann", "A-5", 80, 200, "jd", null, null);
        order("bob", "B-1", 5, 50, "douyin", null, null);
        order("cat", "C-1", 100, 150, "tmall", "C1", "[{\"category\": \"香水\", \"price\": 150}]");
        order("cat", "C-2", 120, 150, "jd", "C2,C3", null);
        order("cat", "C-3", 140, 150, "jd", null, null);
        order("dan", "D-1", 200, 60, "tmall", null, null);
        order("dan", "D-2", 250, 60, "tmall", null, null);
        order("eva", "E-1", 3, 200, "tmall", null, "[{\"category\": \"护肤\", \"price\": 200}]");
        order("eva", "E-2", 10, 200, "tmall", "E", "[{\"category\": \"香水\", \"price\": 200}]");
        order("eva", "E-3", 31, 200, "tmall", null, null);
        order("eva", "E-4", 50, 200, "tmall", null, null);
        order("fay", "F-1", 400, 200, "tmall", null, null);
        order("fay", "F-2", 8, 100, "app", "F", null);
        refund("fay", "F-2", null);
        for (int i = 1; i <= 5; i++) {
            order("gus", "G-" + i, i, 300, "tmall", null, null);
        }
        order("hal", "H-1", 25, 100, "tmall", null, null);
        order("hal", "H-2", 15, 100, "jd", "H", null);
        order("ivy", "I-1", 85, 50, "tmall", null, null);
        order("joy", "J-1", 12, 300, "tmall", null, "[{\"category\": \"护肤\", \"price\": 300}]");
        order("joy", "J-2", 14, 200, "tmall", null, "[{\"category\": \"香水\", \"price\": 100, \"quantity\": 2}]");
        customers.erase(admin, customers.get(admin, numbers.get("gus")).id());

        other = tenants.aWorkspace();
        Events theirEvents = new Events(port, other, jdbc);
        for (int i = 0; i < 3; i++) {
            theirEvents.send(orderEvent(
                    "z" + i,
                    "Z-" + i,
                    1,
                    5_000,
                    "tmall",
                    null,
                    null,
                    other.brand().id()));
        }
        Tag rfm = tags.create(other.admin(), "rfm", TagKind.MANUAL, null, null);
        theirRfm = rfm.id();
        tags.assign(other.admin(), theirRfm, "given", List.of(theirEvents.customerOf("app_user_id", "z0")), "upload");
    }

    private Instant ago(int days) {
        return now.minus(Duration.ofDays(days));
    }

    private void order(String who, String id, int daysAgo, int yuan, String channel, String coupon, String products) {
        events.send(orderEvent(who, id, daysAgo, yuan, channel, coupon, products, brand));
        numbers.put(who, events.customerOf("app_user_id", who));
    }

    private Message orderEvent(
            String who,
            String id,
            int daysAgo,
            int yuan,
            String channel,
            String coupon,
            String products,
            long brandId) {
        Message order = Message.track("Order Completed")
                .user(who)
                .at(ago(daysAgo))
                .brand(brandId)
                .channel(channel)
                .property("order_id", id)
                .property("total", yuan);
        if (coupon != null) {
            order.property("coupon", coupon);
        }
        return products == null ? order : order.properties("{\"products\": " + products + "}");
    }

    private void refund(String who, String orderId, Integer yuan) {
        Message refund =
                Message.track("Order Refunded").user(who).at(now).brand(brand).property("order_id", orderId);
        events.send(yuan == null ? refund : refund.property("total", yuan));
    }

    private long modelTag(String name, String model) {
        Api.Reply reply = api.post(
                "/api/v1/tags",
                "{\"name\": \"" + name + "\", \"kind\": \"model\", \"model\": "
                        + model.replace("{B}", Long.toString(brand)) + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        long id = reply.json().path("id").asLong();
        Api.Reply recomputed = api.post("/api/v1/tags/" + id + "/recompute", "");
        assertThat(recomputed.status()).as(recomputed.body()).isEqualTo(200);
        return id;
    }

    /** Holders by name: who → value. */
    private Map<String, String> values(long tagId) {
        Map<Integer, String> byNo = new HashMap<>();
        jdbc.query(
                "select customer_no, tag_value from customer_tag where workspace_id = ? and tag_id = ?",
                rs -> {
                    byNo.put(rs.getInt(1), rs.getString(2));
                },
                ws,
                tagId);
        Map<String, String> byName = new TreeMap<>();
        numbers.forEach((name, no) -> {
            if (byNo.containsKey(no)) {
                byName.put(name, byNo.get(no));
            }
        });
        assertThat(byName).as("every holder is one of the hand-made customers").hasSameSizeAs(byNo);
        return byName;
    }

    private List<String> history(long tagId, String who) {
        return jdbc.query(
                "select change_kind, old_value, new_value, cause from tag_change"
                        + " where workspace_id = ? and tag_id = ? and customer_no = ? order by id",
                (rs, row) ->
                        rs.getString(1) + " " + rs.getString(2) + "→" + rs.getString(3) + " (" + rs.getString(4) + ")",
                ws,
                tagId,
                numbers.get(who));
    }

    @Test
    void rfmCellsFollowTheCutPointsAndARefundChangesTheMonetaryScore() {
        long rfm = modelTag("rfm", """
                {"model": "rfm", "brand": {B}, "windowDays": 365, "recencyDays": [10, 30, 60, 120],
                 "frequency": [2, 3, 4, 5], "monetary": [100, 300, 600, 1000]}""");

        assertThat(values(rfm))
                .isEqualTo(Map.of(
                        "ann", "champions",
                        "bob", "new",
                        "cat", "at_risk",
                        "dan", "lost",
                        "eva", "champions",
                        "hal", "potential",
                        "ivy", "hibernating",
                        "joy", "potential"));

        SegmentRule champions =
                SegmentRule.fromJson(json.readTree("{\"tag\": \"rfm\", \"value\": \"champions\"}"), "rule");
        assertThat(audiences.select(ws, champions, audiences.now()).toArray())
                .containsExactlyInAnyOrder(numbers.get("ann"), numbers.get("eva"));
        Segment segment =
                segments.create(admin, "champions", json.readTree("{\"tag\": \"rfm\", \"value\": \"champions\"}"));
        assertThat(audiences.select(admin, segment.rule()).getCardinality()).isEqualTo(2);

        refund("eva", "E-3", 150);
        refund("eva", "E-4", 150);
        api.post("/api/v1/tags/" + rfm + "/recompute", "");

        assertThat(values(rfm))
                .containsEntry("eva", "loyal")
                .containsEntry("ann", "champions")
                .hasSize(8);
        assertThat(history(rfm, "eva"))
                .containsExactly("added null→champions (model rfm)", "changed champions→loyal (model rfm)");
        assertThat(audiences.select(ws, champions, audiences.now()).toArray()).containsExactly(numbers.get("ann"));
        assertThat(jdbc.queryForList(
                        "select tag_value from customer_tag where workspace_id = ? and tag_id = ?",
                        String.class,
                        other.workspace().id(),
                        theirRfm))
                .as("another workspace's tag named rfm is left alone")
                .containsExactly("given");
    }

    @Test
    void lifecycleStagesComeFromTheFirstAndLastPurchase() {
        long stage = modelTag("stage", "{\"model\": \"lifecycle\", \"brand\": {B}}");

        assertThat(values(stage))
                .isEqualTo(Map.of(
                        "ann", "active",
                        "bob", "new",
                        "cat", "sleeping",
                        "dan", "pre_churn",
                        "eva", "active",
                        "fay", "churned",
                        "hal", "new",
                        "ivy", "active",
                        "joy", "new"));
    }

    @Test
    void thePreferredChannelHasTheMostOrdersTheMoreRecentOneOnATie() {
        long channel = modelTag("channel", "{\"model\": \"preferred_channel\", \"brand\": {B}}");

        assertThat(values(channel))
                .isEqualTo(Map.of(
                        "ann", "tmall",
                        "bob", "douyin",
                        "cat", "jd",
                        "dan", "tmall",
                        "eva", "tmall",
                        "hal", "jd",
                        "ivy", "tmall",
                        "joy", "tmall"));
    }

    @Test
    void priceSensitivityIsTheShareOfOrdersWithACoupon() {
        long price = modelTag("price", "{\"model\": \"price_sensitivity\", \"brand\": {B}}");

        assertThat(values(price))
                .isEqualTo(Map.of(
                        "ann", "medium", "cat", "high", "dan", "low", "eva", "medium", "hal", "high", "joy", "low"));
    }

    @Test
    void thePreferredCategoryHasTheMostNetSpendAndARefundCanChangeIt() {
        long category =
                modelTag("category", "{\"model\": \"preferred_category\", \"brand\": {B}, \"windowDays\": 365}");

        assertThat(values(category)).isEqualTo(Map.of("ann", "彩妆", "cat", "香水", "eva", "护肤", "joy", "护肤"));

        refund("joy", "J-1", 200);
        api.post("/api/v1/tags/" + category + "/recompute", "");

        assertThat(values(category)).containsEntry("joy", "香水").hasSize(4);
        assertThat(history(category, "joy"))
                .containsExactly(
                        "added null→护肤 (model preferred_category)", "changed 护肤→香水 (model preferred_category)");
    }
}
