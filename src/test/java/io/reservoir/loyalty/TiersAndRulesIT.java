package io.reservoir.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Api;
import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A program run from the event log: joining with its gift, tiers that upgrade at once and are
 * reviewed at the anniversary with a grace period, tier multipliers, action rewards under caps,
 * the birthday month, and refunds that may leave a debt.
 */
@ReservoirIT
class TiersAndRulesIT {

    static final String PROGRAM = """
            {"pointsPerYuan": 1, "expiry": "never", "birthdayMultiplier": 2, "allowDebt": %s,
             "joining": {"giftPoints": 100, "channels": ["tmall", "wechat_miniprogram"]},
             "tiers": {"basis": "net_spend", "graceDays": 30, "levels": [
                {"code": "silver", "name": "银卡", "threshold": 0},
                {"code": "gold", "name": "金卡", "threshold": 1000, "pointsMultiplier": 2,
                 "benefits": {"freeShipping": true, "birthdayGift": "生日礼盒"}},
                {"code": "platinum", "name": "铂金卡", "threshold": "5000.00", "pointsMultiplier": 3}]},
             "actions": {"first_order": {"points": 50}, "check_in": {"points": 5},
                         "review": {"points": 10, "maxPerDay": 1, "maxPerMonth": 2}}}
            """;

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PointsEarner earner;

    @Autowired
    TierKeeper tiers;

    @Autowired
    PointsLedger ledger;

    @Autowired
    Memberships memberships;

    @Autowired
    LoyaltyPrograms programs;

    Tenant tenant;
    Events events;
    Api api;
    long ws;
    long brand;

    @BeforeEach
    void workspace() {
        tenant = tenants.aWorkspace();
        events = new Events(port, tenant, jdbc);
        api = Api.on(port).bearer(tenant.managementKey());
        ws = tenant.workspace().id();
        brand = tenant.brand().id();
    }

    private void program(boolean allowDebt) {
        Api.Reply reply = api.put("/api/v1/loyalty/programs/" + brand, PROGRAM.formatted(allowDebt));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    private void track(String user, String messageId, String event, String at, String properties) {
        events.send(Message.track(event)
                .id(messageId)
                .user(user)
                .at(at)
                .channel("tmall")
                .properties(properties));
    }

    private void order(String user, String id, String total, String at) {
        events.send(Message.order(id, total).id("o-" + id).user(user).at(at).channel("tmall"));
    }

    private int member(String user) {
        return events.customerOf("app_user_id", user);
    }

    private long balance(String user) {
        return ledger.account(ws, brand, member(user)).balance();
    }

    private void run() {
        while (earner.catchUp(ws, 1_000) == 1_000) {
            // read the whole log
        }
    }

    @Test
    void joiningStartsInTheFirstTierWithTheGiftAndOrdersUpgradeAtOnce() {
        program(false);
        track("u1", "j1", "Member Joined", "2026-01-10T02:00:00Z", "{}");
        run();
        Member joined = memberships.find(ws, brand, member("u1")).orElseThrow();
        assertThat(joined.tierCode()).isEqualTo("silver");
        assertThat(balance("u1")).as("the joining gift").isEqualTo(100);

        order("u1", "A1", "600.00", "2026-02-01T02:00:00Z");
        run();
        assertThat(balance("u1")).as("600 + the first-order bonus").isEqualTo(100 + 600 + 50);
        order("u1", "A2", "500.00", "2026-02-05T02:00:00Z");
        run();
        Member gold = memberships.find(ws, brand, member("u1")).orElseThrow();
        assertThat(gold.tierCode())
                .as("1,100 yuan in 12 months reaches gold at once")
                .isEqualTo("gold");
        assertThat(gold.tierSince()).isEqualTo(Instant.parse("2026-02-05T02:00:00Z"));
        assertThat(gold.tierReviewAt()).isEqualTo(Instant.parse("2027-02-05T02:00:00Z"));

        order("u1", "A3", "100.00", "2026-02-06T02:00:00Z");
        run();
        assertThat(balance("u1")).as("gold earns double").isEqualTo(100 + 600 + 50 + 500 + 200);
        assertThat(memberships.history(ws, brand, member("u1")))
                .extracting(TierChange::reason, TierChange::toTier, TierChange::basisValue)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("upgrade", "gold", 110_000L),
                        org.assertj.core.groups.Tuple.tuple("join", "silver", 0L));
    }

    @Test
    void anUpgradeCountsFromItsPaymentWhenTheLogIsReadInOneGo() {
        program(false);
        track("u1", "j1", "Member Joined", "2026-01-10T02:00:00Z", "{}");
        order("u1", "A1", "600.00", "2026-02-01T02:00:00Z");
        order("u1", "A2", "500.00", "2026-02-05T02:00:00Z");
        order("u1", "A3", "100.00", "2026-02-06T02:00:00Z");
        order("u1", "A4", "10.00", "2026-02-07T02:00:00Z");
        run(); // one batch: the same points and history as reading each order on its own
        assertThat(balance("u1"))
                .as("silver until A2, gold (double) from A3")
                .isEqualTo(100 + 600 + 50 + 500 + 200 + 20);
        Member gold = memberships.find(ws, brand, member("u1")).orElseThrow();
        assertThat(gold.tierCode()).isEqualTo("gold");
        assertThat(gold.tierSince()).isEqualTo(Instant.parse("2026-02-05T02:00:00Z"));
        assertThat(gold.tierReviewAt()).isEqualTo(Instant.parse("2027-02-05T02:00:00Z"));
        assertThat(memberships.history(ws, brand, member("u1")))
                .extracting(TierChange::reason, TierChange::toTier, TierChange::basisValue)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("upgrade", "gold", 110_000L),
                        org.assertj.core.groups.Tuple.tuple("join", "silver", 0L));
    }

    /**
     * Net spend counts a return that names no order when it was made, and a refund that came
     * before its order against that order: 600 − 200 + 500 + (350 − 300) = 950 stays silver, where
     * counting neither would reach gold (1,000).
     */
    @Test
    void aReturnThatNamesNoOrderAndARefundBeforeItsOrderLowerTheNetSpendOfTheTier() {
        program(false);
        track("u1", "j1", "Member Joined", "2026-01-10T02:00:00Z", "{}");
        order("u1", "A1", "600.00", "2026-02-01T02:00:00Z");
        track("u1", "ret", "Order Refunded", "2026-02-03T02:00:00Z", "{\"total\": \"200.00\", \"refund_id\": \"R-1\"}");
        run();
        order("u1", "A2", "500.00", "2026-02-05T02:00:00Z");
        track("u1", "early", "Order Refunded", "2026-02-06T02:00:00Z", "{\"order_id\": \"B1\", \"total\": \"300.00\"}");
        run();
        order("u1", "B1", "350.00", "2026-02-07T02:00:00Z");
        run();

        Member member = memberships.find(ws, brand, member("u1")).orElseThrow();
        assertThat(member.tierCode()).isEqualTo("silver");
        LoyaltyProgram program = programs.find(ws, brand).orElseThrow();
        assertThat(tiers.measure(ws, program, List.of(member("u1")), Instant.parse("2026-02-08T00:00:00Z")))
                .containsEntry(member("u1"), 95_000L);
        assertThat(balance("u1"))
                .as(
                        "gift, A1 with the first-order bonus, A2, B1 less the 300 refunded before it; the return takes none")
                .isEqualTo(100 + 600 + 50 + 500 + 350 - 300);
    }

    @Test
    void theAnniversaryKeepsAQualifiedTierAndLowersAnUnqualifiedOneAfterTheGrace() {
        program(false);
        for (String user : new String[] {"keeps", "drops"}) {
            track(user, "j-" + user, "Member Joined", "2025-12-01T02:00:00Z", "{}");
            order(user, "first-" + user, "1200.00", "2025-12-02T02:00:00Z");
        }
        run();
        order("keeps", "again", "1000.00", "2026-11-01T02:00:00Z");
        run();
        assertThat(memberships.find(ws, brand, member("drops")).orElseThrow().tierCode())
                .isEqualTo("gold");

        tiers.review(ws, Instant.parse("2026-12-03T00:00:00Z"), 100);

        Member keeps = memberships.find(ws, brand, member("keeps")).orElseThrow();
        assertThat(keeps.tierCode()).isEqualTo("gold");
        assertThat(keeps.tierReviewAt()).as("another year").isEqualTo(Instant.parse("2027-12-02T02:00:00Z"));
        Member inGrace = memberships.find(ws, brand, member("drops")).orElseThrow();
        assertThat(inGrace.tierCode()).as("kept through the grace").isEqualTo("gold");
        assertThat(inGrace.graceUntil()).isEqualTo(Instant.parse("2027-01-02T00:00:00Z"));

        tiers.review(ws, Instant.parse("2027-01-02T00:00:01Z"), 100);

        Member dropped = memberships.find(ws, brand, member("drops")).orElseThrow();
        assertThat(dropped.tierCode()).isEqualTo("silver");
        assertThat(dropped.graceUntil()).isNull();
        assertThat(memberships.history(ws, brand, member("drops")))
                .extracting(TierChange::reason)
                .containsExactly("downgrade", "grace", "upgrade", "join");
        assertThat(memberships.history(ws, brand, member("keeps")))
                .extracting(TierChange::reason)
                .startsWith("retained");
    }

    @Test
    void actionsEarnUnderTheirCapsAndTheBirthdayMonthDoubles() {
        program(false);
        events.send(Message.identify().user("u2").trait("birthday", "1990-03-15"));
        track("u2", "j2", "Member Joined", "2026-03-01T02:00:00Z", "{}");
        for (int i = 0; i < 3; i++) {
            track("u2", "rv-" + i, "Review Posted", "2026-03-10T0" + i + ":00:00Z", "{}");
        }
        track("u2", "rv-next-day", "Review Posted", "2026-03-11T02:00:00Z", "{}");
        track("u2", "rv-month-cap", "Review Posted", "2026-03-12T02:00:00Z", "{}");
        track("u2", "ci-1", "Checked In", "2026-03-10T02:00:00Z", "{}");
        track("u2", "ci-2", "Checked In", "2026-03-10T05:00:00Z", "{}");
        order("u2", "B1", "100.00", "2026-03-20T02:00:00Z");
        track("u3", "not-a-member", "Review Posted", "2026-03-10T02:00:00Z", "{}");
        run();

        assertThat(balance("u2"))
                .as("gift 100 + reviews 10 × 2 (day and month caps) + one check-in 5 + 100 yuan × 2 + first order 50")
                .isEqualTo(100 + 20 + 5 + 200 + 50);
        assertThat(ledger.account(ws, brand, member("u3")).balance())
                .as("no member, no action points")
                .isZero();
    }

    @Test
    void aJoinOutsideTheProgramsChannelsMakesNoMember() {
        program(false);
        events.send(Message.track("Member Joined").id("jd-join").user("u4").channel("jd"));
        run();
        assertThat(memberships.find(ws, brand, member("u4"))).isEmpty();
    }

    @Test
    void aRefundMayLeaveADebtThatLaterCreditsRepayFirst() {
        program(true);
        order("u5", "C1", "100.00", "2026-04-01T02:00:00Z");
        run();
        ledger.spend(ws, brand, member("u5"), 80, "spend-1", "gift");
        track("u5", "r-C1", "Order Refunded", "2026-04-02T02:00:00Z", "{\"order_id\":\"C1\",\"total\":\"100.00\"}");
        run();
        assertThat(balance("u5")).isEqualTo(-80);
        order("u5", "C2", "50.00", "2026-04-03T02:00:00Z");
        order("u5", "C3", "70.00", "2026-04-04T02:00:00Z");
        run();

        assertThat(balance("u5")).isEqualTo(40);
        assertThat(jdbc.queryForObject(
                        "select sum(remaining) from points_entry where workspace_id = ? and customer_no = ?",
                        Long.class,
                        ws,
                        member("u5")))
                .as("the lots hold what is left after the debt")
                .isEqualTo(40);
        assertThat(jdbc.queryForObject(
                        "select sum(points) from points_entry where workspace_id = ? and customer_no = ?",
                        Long.class,
                        ws,
                        member("u5")))
                .isEqualTo(40);
    }

    @Test
    void aBadProgramIsRefusedNamingTheFieldAndKeepsTheOldOne() {
        program(false);
        String[][] cases = {
            {
                "{\"pointsPerYuan\":1,\"tiers\":{\"levels\":[{\"code\":\"a\",\"threshold\":0},{\"code\":\"b\",\"threshold\":0}]}}",
                "tiers.levels[1].threshold"
            },
            {
                "{\"pointsPerYuan\":1,\"tiers\":{\"levels\":[{\"code\":\"a\",\"threshold\":10}]}}",
                "tiers.levels[0].threshold"
            },
            {"{\"pointsPerYuan\":1,\"tiers\":{\"levels\":[{\"code\":\"A!\",\"threshold\":0}]}}", "tiers.levels[0].code"
            },
            {"{\"pointsPerYuan\":1,\"tiers\":{\"basis\":\"vibes\"}}", "tiers.basis"},
            {
                "{\"pointsPerYuan\":1,\"tiers\":{\"basis\":\"orders\",\"levels\":[{\"code\":\"a\",\"threshold\":0},{\"code\":\"b\",\"threshold\":1.5}]}}",
                "tiers.levels[1].threshold"
            },
            {"{\"pointsPerYuan\":1,\"actions\":{\"likes\":{\"points\":1}}}", "actions.likes"},
            {"{\"pointsPerYuan\":1,\"actions\":{\"review\":{\"points\":1,\"maxPerDay\":0}}}", "actions.review.maxPerDay"
            },
            {"{\"pointsPerYuan\":1,\"birthdayMultiplier\":0.5}", "birthdayMultiplier"},
            {"{\"pointsPerYuan\":1,\"joining\":{\"channels\":[\"myspace\"]}}", "joining.channels[0]"},
            {"{\"pointsPerYuan\":1,\"joining\":{\"paidJoinAmount\":0.001}}", "joining.paidJoinAmount"},
        };
        for (String[] c : cases) {
            Api.Reply reply = api.put("/api/v1/loyalty/programs/" + brand, c[0]);
            assertThat(reply.status()).as(c[0]).isEqualTo(400);
            assertThat(reply.errorField()).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(api.get("/api/v1/loyalty/programs/" + brand)
                        .json()
                        .path("tiers")
                        .path("levels")
                        .size())
                .as("the stored program is unchanged")
                .isEqualTo(3);
    }
}
