package io.reservoir.loyalty;

import io.reservoir.bench.BenchReservoir;
import io.reservoir.bench.IngestBench;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Workspaces;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code requests} concurrent redemptions of one catalog item: first all by the same member (who
 * has points for three quarters of them: the rest must be refused, never overdrawn), then by as
 * many different members, in the same process and database. Prints redemptions/s, latency
 * p50/p99, the ratio same-member ÷ different-members, and checks the ledger and the stock after
 * each. Run: {@code make bench-redeem}.
 */
public final class RedemptionBench {

    static final long PRICE = 100;

    public static void main(String[] args) throws Exception {
        int requests = IngestBench.intArg(args, "--requests", 200);
        String databases = IngestBench.stringArg(args, "--db", "h2");
        System.out.printf("RedemptionBench: %,d concurrent redemptions; %s%n", requests, BenchReservoir.machine());
        for (String database : databases.split(",")) {
            try (BenchReservoir reservoir =
                    BenchReservoir.start(database, List.of("--reservoir.loyalty.interval=1h"))) {
                Result same = run(reservoir, requests, true);
                Result different = run(reservoir, requests, false);
                System.out.printf(
                        "%-10s same member: %s | different members: %s | same/different %.2f%n",
                        database, same, different, same.perSecond() / different.perSecond());
            }
        }
    }

    record Result(int redeemed, int refused, double seconds, double p50Ms, double p99Ms) {
        double perSecond() {
            return (redeemed + refused) / seconds;
        }

        @Override
        public String toString() {
            return String.format(
                    "%,.0f redemptions/s (%d redeemed, %d refused, p50 %.1f ms, p99 %.1f ms)",
                    perSecond(), redeemed, refused, p50Ms, p99Ms);
        }
    }

    private static Result run(BenchReservoir reservoir, int requests, boolean sameMember) throws Exception {
        long ws = reservoir.bean(Workspaces.class).oldest().orElseThrow().id();
        Caller system = Caller.system(ws);
        long brand = reservoir.bean(Brands.class).list(system).get(0).id();
        PointsLedger ledger = reservoir.bean(PointsLedger.class);
        Rewards rewards = reservoir.bean(Rewards.class);
        JdbcTemplate jdbc = new JdbcTemplate(reservoir.dataSource());
        int base = jdbc.queryForObject(
                "select coalesce(max(customer_no), 0) + 1 from points_account where workspace_id = ?",
                Integer.class,
                ws);
        int members = sameMember ? 1 : requests;
        long grant = sameMember ? PRICE * requests * 3 / 4 : PRICE;
        for (int m = 0; m < members; m++) {
            ledger.earn(ws, brand, base + m, grant, "bench-grant:" + (base + m), null, "bench");
        }
        int stock = requests * 2;
        RewardItem item = rewards.create(
                system, new RewardItem(0, brand, "Bench mug", "gift", PRICE, stock, null, null, null, null));
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<long[]>> calls = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            int member = base + (sameMember ? 0 : i);
            String key = "bench-" + item.id() + "-" + i;
            calls.add(pool.submit(() -> {
                go.await();
                long t = System.nanoTime();
                try {
                    rewards.redeem(ws, item.id(), member, 1, key);
                    return new long[] {System.nanoTime() - t, 1};
                } catch (ReservoirException refused) {
                    return new long[] {System.nanoTime() - t, 0};
                }
            }));
        }
        long t0 = System.nanoTime();
        go.countDown();
        long[] latencies = new long[requests];
        int redeemed = 0;
        for (int i = 0; i < requests; i++) {
            long[] outcome = calls.get(i).get();
            latencies[i] = outcome[0];
            redeemed += (int) outcome[1];
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        Arrays.sort(latencies);

        long expectedRedeemed = sameMember ? requests * 3L / 4 : requests;
        check(redeemed == expectedRedeemed, "redeemed " + redeemed + ", expected " + expectedRedeemed);
        for (int m = 0; m < members; m++) {
            int no = base + m;
            long balance = ledger.account(ws, brand, no).balance();
            long entries = jdbc.queryForObject(
                    "select sum(points) from points_entry where workspace_id = ? and brand_id = ? and customer_no = ?",
                    Long.class,
                    ws,
                    brand,
                    no);
            long lots = jdbc.queryForObject(
                    "select sum(remaining) from points_entry where workspace_id = ? and brand_id = ? and customer_no = ?",
                    Long.class,
                    ws,
                    brand,
                    no);
            check(balance >= 0 && balance == entries && balance == lots, "member " + no + " ledger inconsistent");
        }
        int left = jdbc.queryForObject(
                "select stock from reward_item where workspace_id = ? and id = ?", Integer.class, ws, item.id());
        check(left == stock - redeemed, "stock " + left + " after " + redeemed + " of " + stock);
        return new Result(
                redeemed,
                requests - redeemed,
                seconds,
                latencies[requests / 2] / 1e6,
                latencies[Math.min(requests - 1, (int) Math.ceil(requests * 0.99) - 1)] / 1e6);
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            throw new IllegalStateException("RedemptionBench check failed: " + what);
        }
    }
}
