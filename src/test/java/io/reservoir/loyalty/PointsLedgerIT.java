package io.reservoir.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The points ledger on H2 and PostgreSQL: idempotency, FIFO lots, reversal, expiry, concurrency. */
@ReservoirIT
class PointsLedgerIT {

    static final Instant JUNE = Instant.parse("2026-06-30T16:00:00Z");
    static final Instant DECEMBER = Instant.parse("2026-12-31T16:00:00Z");

    @Autowired
    PointsLedger ledger;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    long ws;
    long brand;
    int member = 7;

    @BeforeEach
    void workspace() {
        Tenant tenant = tenants.aWorkspace();
        ws = tenant.workspace().id();
        brand = tenant.brand().id();
    }

    @Test
    void aReplayedCauseNeverCreditsTwice() {
        PointsChange first = ledger.earn(ws, brand, member, 100, "order:A1", null, "order A1");
        PointsChange again = ledger.earn(ws, brand, member, 100, "order:A1", null, "order A1");

        assertThat(first.replay()).isFalse();
        assertThat(again.replay()).isTrue();
        assertThat(again.entry().id()).isEqualTo(first.entry().id());
        assertThat(ledger.account(ws, brand, member).balance()).isEqualTo(100);
        assertInvariants();
    }

    @Test
    void aKeyUsedForAnotherMemberOrKindIsAConflict() {
        ledger.earn(ws, brand, member, 100, "order:A1", null, null);

        assertThatThrownBy(() -> ledger.earn(ws, brand, member + 1, 100, "order:A1", null, null))
                .isInstanceOf(ReservoirException.class)
                .hasMessageContaining("order:A1");
        assertThatThrownBy(() -> ledger.spend(ws, brand, member, 10, "order:A1", null))
                .isInstanceOf(ReservoirException.class);
        assertThat(ledger.account(ws, brand, member + 1).balance()).isZero();
        assertInvariants();
    }

    /** Regression: a key reused with another amount or expiry answered the first credit as if retried. */
    @Test
    void aKeyReusedWithAnotherAmountOrExpiryIsAConflictAndARetryIsNot() {
        PointsChange first = ledger.earn(ws, brand, member, 100, "order:A1", JUNE, "order A1");

        assertThat(ledger.earn(ws, brand, member, 100, "order:A1", JUNE, "another label")
                        .entry()
                        .id())
                .isEqualTo(first.entry().id());
        for (var reuse : List.<Runnable>of(
                () -> ledger.earn(ws, brand, member, 101, "order:A1", JUNE, null),
                () -> ledger.earn(ws, brand, member, 100, "order:A1", DECEMBER, null),
                () -> ledger.earn(ws, brand, member, 100, "order:A1", null, null))) {
            assertThatThrownBy(reuse::run)
                    .isInstanceOfSatisfying(
                            ReservoirException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
        }
        ledger.spend(ws, brand, member, 10, "redeem:1", null);
        assertThatThrownBy(() -> ledger.spend(ws, brand, member, 11, "redeem:1", null))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
        ledger.adjust(ws, brand, member, -5, "adj:1", "correction");
        assertThatThrownBy(() -> ledger.adjust(ws, brand, member, 5, "adj:1", "correction"))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
        assertThat(ledger.account(ws, brand, member).balance()).isEqualTo(85);
        assertInvariants();
    }

    /**
     * Regression: the same key for two members at once failed one of them with a duplicate key
     * (an HTTP 500) instead of a conflict; the same batch from two callers at once did too.
     */
    @Test
    void oneKeyArrivingTwiceAtOnceCreditsOnceAndTheOtherCallerIsAnsweredOrRefused() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 10; round++) {
                String key = "order:race-" + round;
                List<Future<String>> calls = new ArrayList<>();
                for (int m = 0; m < 2; m++) {
                    int customer = member + m;
                    calls.add(pool.submit(() -> {
                        try {
                            return ledger.earn(ws, brand, customer, 10, key, null, null)
                                            .replay()
                                    ? "replay"
                                    : "credited";
                        } catch (ReservoirException e) {
                            return e.kind().name();
                        }
                    }));
                }
                List<PointsLedger.Credit> batch = List.of(
                        new PointsLedger.Credit(brand, member + 2, 10, "batch:" + round + ":a", null, null),
                        new PointsLedger.Credit(brand, member + 3, 10, "batch:" + round + ":b", null, null));
                List<Future<Integer>> batches = List.of(
                        pool.submit(() -> ledger.earnAll(ws, batch)), pool.submit(() -> ledger.earnAll(ws, batch)));
                List<String> answers = new ArrayList<>();
                for (Future<String> call : calls) {
                    answers.add(call.get());
                }
                assertThat(answers).containsExactlyInAnyOrder("credited", "CONFLICT");
                assertThat(batches.get(0).get() + batches.get(1).get()).isEqualTo(2);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(ledger.account(ws, brand, member).balance()
                        + ledger.account(ws, brand, member + 1).balance())
                .isEqualTo(10 * 10);
        assertThat(ledger.account(ws, brand, member + 2).balance()).isEqualTo(10 * 10);
        assertInvariants();
    }

    @Test
    void aBatchOfCreditsSkipsKeysAlreadyInTheLedgerAndRepeatsWithinIt() {
        ledger.earn(ws, brand, member, 10, "order:1", null, null);
        var credits = List.of(
                new PointsLedger.Credit(brand, member, 10, "order:1", null, null),
                new PointsLedger.Credit(brand, member, 20, "order:2", JUNE, null),
                new PointsLedger.Credit(brand, member + 1, 30, "order:3", null, null),
                new PointsLedger.Credit(brand, member, 20, "order:2", JUNE, null));

        assertThat(ledger.earnAll(ws, credits)).isEqualTo(2);
        assertThat(ledger.earnAll(ws, credits)).isZero();

        assertThat(ledger.account(ws, brand, member).balance()).isEqualTo(30);
        assertThat(ledger.account(ws, brand, member).lots())
                .extracting(PointsLot::expiresAt)
                .containsExactly(JUNE, null);
        assertThat(ledger.account(ws, brand, member + 1).balance()).isEqualTo(30);
        assertInvariants();
    }

    @Test
    void redeemingMoreThanTheBalanceIsRefusedAndTheLedgerIsUntouched() {
        ledger.earn(ws, brand, member, 100, "e1", null, null);

        assertThatThrownBy(() -> ledger.spend(ws, brand, member, 101, "s1", null))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.field()).isEqualTo("points"));
        assertThat(entries()).isEqualTo(1);
        assertThat(ledger.account(ws, brand, member).balance()).isEqualTo(100);
    }

    @Test
    void negativeZeroOrAbsurdAmountsAndMissingKeysAreRefusedNamingTheField() {
        for (long points : new long[] {0, -5, PointsLedger.MAX_POINTS + 1}) {
            assertThatThrownBy(() -> ledger.earn(ws, brand, member, points, "k" + points, null, null))
                    .isInstanceOfSatisfying(
                            ReservoirException.class, e -> assertThat(e.field()).isEqualTo("points"));
        }
        assertThatThrownBy(() -> ledger.earn(ws, brand, member, 5, " ", null, null))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.field()).isEqualTo("key"));
        assertThatThrownBy(() -> ledger.adjust(ws, brand, member, 5, "adj", ""))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.field()).isEqualTo("reason"));
        assertThat(entries()).isZero();
    }

    @Test
    void spendingTakesTheSoonestExpiringLotsFirst() {
        ledger.earn(ws, brand, member, 100, "never", null, null);
        ledger.earn(ws, brand, member, 50, "december", DECEMBER, null);
        ledger.earn(ws, brand, member, 30, "june", JUNE, null);

        ledger.spend(ws, brand, member, 60, "spend", null);

        List<PointsLot> lots = ledger.account(ws, brand, member).lots();
        assertThat(lots).extracting(PointsLot::remaining).containsExactly(20L, 100L);
        assertThat(lots).extracting(PointsLot::expiresAt).containsExactly(DECEMBER, null);
        assertInvariants();
    }

    @Test
    void expiryRemovesWhatIsLeftOfDueLotsOnce() {
        ledger.earn(ws, brand, member, 30, "june", JUNE, null);
        ledger.earn(ws, brand, member, 50, "december", DECEMBER, null);
        ledger.spend(ws, brand, member, 10, "spend", null);

        assertThat(ledger.expire(ws, JUNE.plusSeconds(1), 100)).isEqualTo(1);
        assertThat(ledger.expire(ws, JUNE.plusSeconds(2), 100)).isZero();

        assertThat(ledger.account(ws, brand, member).balance()).isEqualTo(50);
        assertThat(jdbc.queryForObject(
                        "select points from points_entry where workspace_id = ? and kind = 'expire'", Long.class, ws))
                .isEqualTo(-20);
        assertInvariants();
    }

    @Test
    void aRefundTakesBackProportionallyButNeverMoreThanWasEarnedNorBelowZero() {
        ledger.earn(ws, brand, member, 300, "order:A1", null, null);
        ledger.reverse(ws, brand, member, "order:A1", 100, "refund:R1", "a third refunded");
        assertThat(ledger.account(ws, brand, member).balance()).isEqualTo(200);

        ledger.spend(ws, brand, member, 150, "redeem:1", null);
        PointsChange second = ledger.reverse(ws, brand, member, "order:A1", 200, "refund:R2", "the rest refunded");

        assertThat(second.entry().points()).as("only the 50 still there").isEqualTo(-50);
        assertThat(second.balance()).isZero();
        ledger.earn(ws, brand, member, 500, "order:A2", null, null);
        PointsChange third = ledger.reverse(ws, brand, member, "order:A1", 300, "refund:R3", null);
        assertThat(third.entry().points())
                .as("A1 credited 300 and 150 of it were reversed")
                .isEqualTo(-150);
        assertInvariants();
    }

    @Test
    void concurrentSpendsNeverOverdraw() throws Exception {
        ledger.earn(ws, brand, member, 1_000, "e", null, null);
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String key = "redeem:" + i;
            calls.add(pool.submit(() -> {
                try {
                    ledger.spend(ws, brand, member, 7, key, null);
                } catch (ReservoirException overdraw) {
                    refused.incrementAndGet();
                }
            }));
        }
        for (Future<?> call : calls) {
            call.get();
        }
        pool.shutdown();

        assertThat(ledger.account(ws, brand, member).balance())
                .isEqualTo(1_000 - 7 * 142)
                .isEqualTo(6);
        assertThat(refused.get()).isEqualTo(200 - 142);
        assertInvariants();
    }

    /** Random earn / spend / reverse / adjust / expire / replay sequences from fixed seeds. */
    @Test
    void randomSequencesKeepBalanceEqualToEntriesAndToOpenLots() {
        for (int seed = 1; seed <= 8; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<String> earnKeys = new ArrayList<>();
            List<String> used = new ArrayList<>();
            int customer = 100 + seed;
            for (int step = 0; step < 60; step++) {
                String key = "s" + seed + "-" + step;
                long points = 1 + random.nextInt(200);
                try {
                    switch (random.nextInt(7)) {
                        case 0, 1 -> {
                            Instant expires =
                                    random.nextBoolean() ? null : JUNE.plusSeconds(random.nextInt(86_400 * 400));
                            ledger.earn(ws, brand, customer, points, key, expires, null);
                            earnKeys.add(key);
                            used.add(key);
                        }
                        case 2 -> {
                            ledger.spend(ws, brand, customer, points, key, null);
                            used.add(key);
                        }
                        case 3 -> {
                            if (!earnKeys.isEmpty()) {
                                String earned = earnKeys.get(random.nextInt(earnKeys.size()));
                                ledger.reverse(ws, brand, customer, earned, points, key, null);
                                used.add(key);
                            }
                        }
                        case 4 -> {
                            ledger.adjust(ws, brand, customer, points - 100, key, "correction");
                            used.add(key);
                        }
                        case 5 -> ledger.expire(ws, JUNE.plusSeconds(random.nextInt(86_400 * 400)), 50);
                        default -> {
                            if (!used.isEmpty()) {
                                String replayed = used.get(random.nextInt(used.size()));
                                long before =
                                        ledger.account(ws, brand, customer).balance();
                                try {
                                    ledger.earn(ws, brand, customer, points, replayed, null, null);
                                } catch (ReservoirException otherKind) {
                                    // a replayed key of another kind is a conflict: also no change
                                }
                                assertThat(ledger.account(ws, brand, customer).balance())
                                        .as("replaying %s", replayed)
                                        .isEqualTo(before);
                            }
                        }
                    }
                } catch (ReservoirException refused) {
                    // overdraw or zero adjustment: refused, nothing written
                }
                assertInvariants();
            }
        }
    }

    private long entries() {
        return jdbc.queryForObject("select count(*) from points_entry where workspace_id = ?", Long.class, ws);
    }

    /** balance = sum of entries = sum of open lots, and never negative, for every account. */
    private void assertInvariants() {
        var rows = jdbc.queryForList("""
                select a.customer_no, a.balance,
                       (select coalesce(sum(e.points), 0) from points_entry e
                         where e.workspace_id = a.workspace_id and e.brand_id = a.brand_id and e.customer_no = a.customer_no) as entries,
                       (select coalesce(sum(l.remaining), 0) from points_entry l
                         where l.workspace_id = a.workspace_id and l.brand_id = a.brand_id and l.customer_no = a.customer_no) as lots,
                       (select count(*) from points_entry l
                         where l.workspace_id = a.workspace_id and l.customer_no = a.customer_no and l.remaining < 0) as negative_lots
                  from points_account a where a.workspace_id = ?
                """, ws);
        for (var row : rows) {
            long balance = ((Number) row.get("balance")).longValue();
            assertThat(balance).as("balance of %s", row).isNotNegative();
            assertThat(((Number) row.get("entries")).longValue())
                    .as("entries of %s", row)
                    .isEqualTo(balance);
            assertThat(((Number) row.get("lots")).longValue())
                    .as("lots of %s", row)
                    .isEqualTo(balance);
            assertThat(((Number) row.get("negative_lots")).longValue()).isZero();
        }
    }
}
