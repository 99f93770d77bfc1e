package io.reservoir.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reservoir.identity.Customers;
import io.reservoir.support.Api;
import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Points earned from orders and taken back on refunds, once each, per the brand's program. */
@ReservoirIT
class PointsEarningIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Customers customers;

    @Autowired
    PointsEarner earner;

    @Autowired
    PointsLedger ledger;

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

    private void program(int pointsPerYuan, String expiry) {
        Api.Reply reply = api.put(
                "/api/v1/loyalty/programs/" + brand,
                "{\"pointsPerYuan\":" + pointsPerYuan + ",\"expiry\":\"" + expiry + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    private void order(String id, String total, String at) {
        events.send(Message.order(id, total).id("o-" + id).user("u1").at(at));
    }

    private void refund(String messageId, String id, String total) {
        events.send(Message.track("Order Refunded")
                .id(messageId)
                .user("u1")
                .property("order_id", id)
                .property("total", total));
    }

    private long balance() {
        int member = events.customerOf("app_user_id", "u1");
        return ledger.account(ws, brand, member).balance();
    }

    @Test
    void ordersEarnPerYuanAndRefundsTakeBackTheirShareOnce() {
        program(2, "end_of_next_year");
        order("A1", "299.50", "2026-03-01T02:00:00Z");
        order("A2", "10.00", "2026-03-02T02:00:00Z");
        earner.catchUp(ws, 1_000);
        assertThat(balance()).isEqualTo(599 + 20);

        refund("r1", "A1", "99.50");
        earner.catchUp(ws, 1_000);
        earner.catchUp(ws, 1_000);
        assertThat(balance())
                .as("199 of A1's 599 back (599 × 99.50 / 299.50 = 199.0)")
                .isEqualTo(619 - 199);

        refund("r2", "A1", "200.00");
        earner.catchUp(ws, 1_000);
        assertThat(balance()).as("the rest of A1's points, never more").isEqualTo(20);
        int member = events.customerOf("app_user_id", "u1");
        assertThat(ledger.account(ws, brand, member).lots())
                .extracting(PointsLot::expiresAt)
                .as("end of the year after 2026, Beijing time")
                .containsOnly(Instant.parse("2027-12-31T16:00:00Z"));
    }

    @Test
    void aRefundTakesBackOnlyWhatWasHeldBeforeTheOrdersThatFollowItInTheSameBatch() {
        program(1, "never");
        order("C1", "100.00", "2026-03-01T02:00:00Z");
        earner.catchUp(ws, 1_000);
        int member = events.customerOf("app_user_id", "u1");
        ledger.spend(ws, brand, member, 100, "redeem:cup", "a cup");

        refund("rc1", "C1", "100.00");
        order("C2", "50.00", "2026-03-03T02:00:00Z");
        order("C3", "20.00", "2026-03-04T02:00:00Z");
        refund("rc3", "C3", "20.00");
        earner.catchUp(ws, 1_000);

        assertThat(balance())
                .as("C1's points were spent when it was refunded; C2's 50 stay, C3's 20 go back")
                .isEqualTo(50);
        assertThat(jdbc.queryForObject(
                        "select count(*) from points_entry where workspace_id = ? and kind = 'reverse'",
                        Long.class,
                        ws))
                .isEqualTo(2);
    }

    // Regression: a refund that came before its order was stored, but the order's points stayed
    // whole (100 where 70 are due).
    @Test
    void aRefundThatCameBeforeItsOrderTakesBackItsShareWhenTheOrderEarnsInALaterRound() {
        program(1, "never");
        refund("early1", "E1", "30.00");
        earner.catchUp(ws, 1_000);
        order("E1", "100.00", "2026-03-01T02:00:00Z");
        earner.catchUp(ws, 1_000);
        assertThat(balance())
                .as("100 earned, 30 of them refunded before the order came")
                .isEqualTo(70);

        jdbc.update("update points_cursor set event_seq = 0 where workspace_id = ?", ws);
        earner.catchUp(ws, 1_000);

        assertThat(balance()).as("read again: the same key, nothing more").isEqualTo(70);
        assertThat(jdbc.queryForList(
                        "select idempotency_key from points_entry where workspace_id = ? and kind = 'reverse'",
                        String.class,
                        ws))
                .containsExactly("refund:early1");
    }

    @Test
    void aRefundThatCameBeforeItsOrderInTheSameRoundTakesBackItsShareOnce() {
        program(1, "never");
        refund("early2", "E2", "30.00");
        refund("early3", "E2", "20.00");
        order("E2", "100.00", "2026-03-01T02:00:00Z");
        refund("late", "E2", "10.00");
        earner.catchUp(ws, 1_000);
        earner.catchUp(ws, 1_000);

        assertThat(balance())
                .as("100 earned, 30 + 20 before the order and 10 after it back")
                .isEqualTo(40);
        assertThat(jdbc.queryForObject(
                        "select count(*) from points_entry where workspace_id = ? and kind = 'reverse'",
                        Long.class,
                        ws))
                .isEqualTo(3);
    }

    @Test
    void anOrderForLessThanItsWaitingRefundsTakesBackNoMoreThanItEarned() {
        program(1, "never");
        order("K1", "25.00", "2026-03-01T02:00:00Z");
        refund("over1", "K2", "80.00");
        earner.catchUp(ws, 1_000);
        order("K2", "50.00", "2026-03-02T02:00:00Z");
        earner.catchUp(ws, 1_000);

        assertThat(balance()).as("K1's 25 stay; K2's 50 go back, not 80").isEqualTo(25);
    }

    @Test
    void aRefundThatNamesNoOrderTakesBackNoPoints() {
        program(1, "never");
        order("N1", "100.00", "2026-03-01T02:00:00Z");
        events.send(Message.track("Order Refunded")
                .id("return1")
                .user("u1")
                .property("refund_id", "RET-1")
                .property("total", "40.00"));
        earner.catchUp(ws, 1_000);

        assertThat(balance()).isEqualTo(100);
    }

    /**
     * Seeded random histories of one customer: orders, refunds after and before their order (some
     * for more than it then paid), refunds whose order never comes and returns that name no order,
     * read by the earner in rounds cut at random. The balance equals a plain recomputation: per
     * order, its points less the refunds' shares (half up), never more than it earned; nothing for
     * refunds without an order.
     */
    @Test
    void randomHistoriesOfEarlyLateAndOrderlessRefundsEarnWhatAPlainRecomputationGives() {
        program(1, "never");
        java.util.SplittableRandom random = new java.util.SplittableRandom(20261207L);
        Map<String, Long> paid = new LinkedHashMap<>();
        Map<String, List<Long>> refunded = new HashMap<>();
        int sent = 0;
        for (int i = 0; i < 60; i++) {
            String id = "Q" + random.nextInt(14);
            int kind = random.nextInt(6);
            if (kind <= 1 && !paid.containsKey(id)) {
                long fen = 100 + random.nextLong(50_000);
                order(id, yuan(fen), "2026-03-01T02:00:00Z");
                paid.put(id, fen);
            } else if (kind <= 3) {
                long left = paid.containsKey(id)
                        ? paid.get(id)
                                - refunded.getOrDefault(id, List.of()).stream()
                                        .mapToLong(Long::longValue)
                                        .sum()
                        : 20_000;
                if (left <= 0) {
                    continue;
                }
                long fen = 1 + random.nextLong(left);
                refund("rq" + i, id, yuan(fen));
                refunded.computeIfAbsent(id, k -> new ArrayList<>()).add(fen);
            } else if (kind == 4) {
                events.send(Message.track("Order Refunded")
                        .id("rn" + i)
                        .user("u1")
                        .property("total", yuan(1 + random.nextLong(10_000))));
            }
            if (random.nextInt(4) == 0) {
                while (earner.catchUp(ws, 1 + random.nextInt(6)) > 0) {
                    sent++;
                }
            }
        }
        while (earner.catchUp(ws, 1 + random.nextInt(6)) > 0) {
            sent++;
        }

        long expected = 0;
        for (var order : paid.entrySet()) {
            long earned = order.getValue() / 100;
            long shares = 0;
            for (long fen : refunded.getOrDefault(order.getKey(), List.of())) {
                shares += (earned * fen * 2 + order.getValue()) / (order.getValue() * 2);
            }
            expected += earned - Math.min(earned, shares);
        }
        assertThat(sent).isPositive();
        assertThat(paid.keySet().stream().anyMatch(refunded::containsKey)).isTrue();
        assertThat(balance()).isEqualTo(expected);
    }

    private static String yuan(long fen) {
        return java.math.BigDecimal.valueOf(fen, 2).toPlainString();
    }

    @Test
    void reReadingTheLogNeverCreditsTwice() {
        program(1, "never");
        order("B1", "100.00", "2026-03-01T02:00:00Z");
        earner.catchUp(ws, 1_000);
        jdbc.update("update points_cursor set event_seq = 0 where workspace_id = ?", ws);

        earner.catchUp(ws, 1_000);

        assertThat(balance()).isEqualTo(100);
        assertThat(jdbc.queryForObject("select count(*) from points_entry where workspace_id = ?", Long.class, ws))
                .isEqualTo(1);
    }

    @Test
    void withoutAProgramOrAtZeroNothingIsEarned() {
        order("C1", "100.00", "2026-03-01T02:00:00Z");
        earner.catchUp(ws, 1_000);
        program(0, "never");
        order("C2", "100.00", "2026-03-02T02:00:00Z");
        earner.catchUp(ws, 1_000);

        assertThat(jdbc.queryForObject("select count(*) from points_entry where workspace_id = ?", Long.class, ws))
                .isZero();
    }

    @Test
    void theScheduleEarnsWithoutBeingAsked() throws InterruptedException {
        program(1, "never");
        order("D1", "42.00", "2026-03-01T02:00:00Z");

        await().atMost(Duration.ofSeconds(15)).until(() -> balance() > 0);
        assertThat(balance()).isEqualTo(42);
    }

    @Test
    void aBadProgramIsRefusedNamingTheField() {
        Api.Reply rate = api.put("/api/v1/loyalty/programs/" + brand, "{\"pointsPerYuan\":-1}");
        Api.Reply expiry = api.put("/api/v1/loyalty/programs/" + brand, "{\"pointsPerYuan\":1,\"expiry\":\"someday\"}");

        assertThat(rate.errorField()).isEqualTo("pointsPerYuan");
        assertThat(expiry.errorField()).isEqualTo("expiry");
        assertThat(expiry.body()).contains("must be one of [never, end_of_next_year]");
        assertThat(api.get("/api/v1/loyalty/programs/" + brand).status()).isEqualTo(404);
    }
}
