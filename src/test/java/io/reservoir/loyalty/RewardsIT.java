package io.reservoir.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reservoir.identity.Customers;
import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.support.Api;
import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Redeeming is all or nothing: points, stock and the redemption together, or none of them. */
@ReservoirIT
class RewardsIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    Rewards rewards;

    @Autowired
    PointsLedger ledger;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Customers customers;

    Tenant tenant;
    long ws;
    long brand;
    int member = 3;

    @BeforeEach
    void workspace() {
        tenant = tenants.aWorkspace();
        ws = tenant.workspace().id();
        brand = tenant.brand().id();
    }

    private RewardItem item(long price, Integer stock, Integer limit, Instant from, Instant until) {
        return rewards.create(
                tenant.admin(), new RewardItem(0, brand, "保温杯", "gift", price, stock, limit, from, until, null));
    }

    private int stock(RewardItem item) {
        return rewards.item(ws, item.id()).orElseThrow().stock();
    }

    private long balance() {
        return ledger.account(ws, brand, member).balance();
    }

    @Test
    void redeemingSpendsThePointsTakesTheStockAndAReplayChangesNothing() {
        ledger.earn(ws, brand, member, 1_000, "e", null, null);
        RewardItem cup = item(300, 5, null, null, null);

        Redemption first = rewards.redeem(ws, cup.id(), member, 2, "req-1");
        Redemption again = rewards.redeem(ws, cup.id(), member, 2, "req-1");

        assertThat(first.points()).isEqualTo(600);
        assertThat(again.replay()).isTrue();
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(balance()).isEqualTo(400);
        assertThat(stock(cup)).isEqualTo(3);
    }

    @Test
    void refusalsLeaveBalanceStockAndRedemptionsUntouched() {
        ledger.earn(ws, brand, member, 500, "e", null, null);
        RewardItem cup = item(300, 1, 1, null, null);
        RewardItem expired = item(10, null, null, null, Instant.parse("2020-01-01T00:00:00Z"));

        assertThatThrownBy(() -> rewards.redeem(ws, cup.id(), member, 2, "too-many"))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.field()).isEqualTo("quantity"));
        assertThatThrownBy(() -> rewards.redeem(ws, expired.id(), member, 1, "expired"))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.field()).isEqualTo("item"));
        assertThatThrownBy(() -> rewards.redeem(ws, 999_999, member, 1, "unknown"))
                .isInstanceOf(ReservoirException.class);
        RewardItem dear = item(600, 10, null, null, null);
        assertThatThrownBy(() -> rewards.redeem(ws, dear.id(), member, 1, "too-dear"))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.field()).isEqualTo("points"));

        assertThat(balance()).isEqualTo(500);
        assertThat(stock(cup)).isEqualTo(1);
        assertThat(stock(dear)).isEqualTo(10);
        assertThat(jdbc.queryForObject("select count(*) from redemption where workspace_id = ?", Long.class, ws))
                .isZero();

        rewards.redeem(ws, cup.id(), member, 1, "ok");
        assertThatThrownBy(() -> rewards.redeem(ws, cup.id(), member, 1, "over-limit"))
                .isInstanceOf(ReservoirException.class);
    }

    @Test
    void concurrentRedemptionsNeverOversellNorOverdraw() throws Exception {
        ledger.earn(ws, brand, member, 10 * 100, "e", null, null);
        ledger.earn(ws, brand, member + 1, 10 * 100, "e2", null, null);
        RewardItem ticket = item(10, 150, null, null, null);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int who = member + (i % 2);
            String key = "r" + i;
            calls.add(pool.submit(() -> {
                try {
                    rewards.redeem(ws, ticket.id(), who, 1, key);
                    return true;
                } catch (ReservoirException refused) {
                    return false;
                }
            }));
        }
        int redeemed = 0;
        for (Future<Boolean> call : calls) {
            redeemed += call.get() ? 1 : 0;
        }
        pool.shutdown();

        assertThat(redeemed)
                .as("each member's 1,000 points buy 100; stock 150 limits")
                .isEqualTo(150);
        assertThat(stock(ticket)).isZero();
        long spent = 2_000 - balance() - ledger.account(ws, brand, member + 1).balance();
        assertThat(spent).isEqualTo(150 * 10);
        assertThat(jdbc.queryForObject(
                        "select coalesce(sum(quantity), 0) from redemption where workspace_id = ?", Long.class, ws))
                .isEqualTo(150);
    }

    /**
     * The same request sent four times at once: one redemption, answered to all. (Redemptions no
     * longer queue on the item's row; the key is checked again under the member's lock.)
     */
    @Test
    void theSameRedemptionSentAtOnceRedeemsOnce() throws Exception {
        ledger.earn(ws, brand, member, 10_000, "e", null, null);
        RewardItem cup = item(100, 50, null, null, null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 10; round++) {
                String key = "tap-" + round;
                List<Future<Object>> calls = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    calls.add(pool.submit(() -> {
                        try {
                            return rewards.redeem(ws, cup.id(), member, 1, key);
                        } catch (ReservoirException e) {
                            return e.kind() + ": " + e.getMessage();
                        }
                    }));
                }
                List<Long> ids = new ArrayList<>();
                for (Future<Object> call : calls) {
                    Object answer = call.get();
                    assertThat(answer).as("round %d", round).isInstanceOf(Redemption.class);
                    ids.add(((Redemption) answer).id());
                }
                assertThat(ids).as("one redemption, answered to all").containsOnly(ids.get(0));
            }
        } finally {
            pool.shutdown();
        }
        assertThat(balance()).isEqualTo(10_000 - 10 * 100);
        assertThat(stock(cup)).isEqualTo(40);
        assertThat(jdbc.queryForObject("select count(*) from redemption where workspace_id = ?", Long.class, ws))
                .isEqualTo(10);
    }

    /** The per-member limit holds when one member's different requests arrive at once. */
    @Test
    void aMembersLimitHoldsUnderConcurrentRequestsAndAKeyReusedForAnotherRequestIsAConflict() throws Exception {
        ledger.earn(ws, brand, member, 10_000, "e", null, null);
        RewardItem cup = item(100, null, 2, null, null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String key = "r" + i;
            calls.add(pool.submit(() -> {
                try {
                    rewards.redeem(ws, cup.id(), member, 1, key);
                    return true;
                } catch (ReservoirException overLimit) {
                    return false;
                }
            }));
        }
        int redeemed = 0;
        for (Future<Boolean> call : calls) {
            redeemed += call.get() ? 1 : 0;
        }
        pool.shutdown();

        assertThat(redeemed).isEqualTo(2);
        assertThat(balance()).isEqualTo(10_000 - 2 * 100);
        String used = jdbc.queryForObject(
                "select min(idempotency_key) from redemption where workspace_id = ?", String.class, ws);
        RewardItem mug = item(100, 5, null, null, null);
        assertThatThrownBy(() -> rewards.redeem(ws, mug.id(), member, 1, used))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
        assertThatThrownBy(() -> rewards.redeem(ws, cup.id(), member, 2, used))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
        assertThat(stock(mug)).isEqualTo(5);
    }

    @Test
    void theCatalogAndRedeemingThroughTheApi() {
        Events events = new Events(port, tenant, jdbc);
        events.send(Message.identify().user("m1"));
        int no = events.customerOf("app_user_id", "m1");
        String id = customers.get(tenant.admin(), no).id();
        ledger.earn(ws, brand, no, 100, "e", null, null);
        Api api = Api.on(port).bearer(tenant.managementKey());

        Api.Reply created = api.post(
                "/api/v1/loyalty/rewards",
                "{\"brand\":" + brand + ",\"name\":\"试用装\",\"kind\":\"gift\",\"pointsPrice\":40,\"stock\":9}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        long item = created.json().get("id").asLong();
        assertThat(api.get("/api/v1/loyalty/rewards?brand=" + brand)
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(1);
        Api.Reply redeemed = api.post(
                "/api/v1/loyalty/accounts/" + id + "/redemptions",
                "{\"item\":" + item + ",\"quantity\":2,\"key\":\"mini-program-77\"}");
        assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(200);
        assertThat(ledger.account(ws, brand, no).balance()).isEqualTo(20);
        assertThat(api.post(
                                "/api/v1/loyalty/rewards",
                                "{\"brand\":" + brand + ",\"name\":\"x\",\"kind\":\"car\",\"pointsPrice\":1}")
                        .errorField())
                .isEqualTo("kind");
    }
}
