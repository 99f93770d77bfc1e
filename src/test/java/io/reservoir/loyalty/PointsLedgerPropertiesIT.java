package io.reservoir.loyalty;

import static org.assertj.core.api.Assertions.fail;

import io.reservoir.loyalty.LedgerOutcome.Applied;
import io.reservoir.loyalty.LedgerOutcome.Conflict;
import io.reservoir.loyalty.LedgerOutcome.Credited;
import io.reservoir.loyalty.LedgerOutcome.Expired;
import io.reservoir.loyalty.LedgerOutcome.Failed;
import io.reservoir.loyalty.LedgerOutcome.Refused;
import io.reservoir.loyalty.LedgerOutcome.Replayed;
import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Random ledger histories from fixed seeds, checked against {@link LedgerModel} after every step.
 * Each seed runs {@value #DEFAULT_STEPS} steps in a workspace of its own: earns, batches of
 * credits, spends, full and proportional refunds, adjustments both ways, expiry as the clock
 * advances, replays of earlier calls, reuses of their keys for other requests, and calls made at
 * once from several threads. Even seeds run with debt allowed (a refund may take back points
 * already spent), odd seeds without.
 *
 * <p>After every step: the ledger answered what the model answers (calls made at once: as the
 * model does in some order of them); each key wrote exactly the entry the model wrote; lots and
 * balances are the model's; balance = sum of entries, sum of open lots = the balance (0 in debt),
 * and no balance below zero without debt.
 *
 * <p>{@code -Dreservoir.ledger.seed=N} runs seed N alone; {@code -Dreservoir.ledger.seeds} and
 * {@code -Dreservoir.ledger.steps} change how many.
 */
@ReservoirIT
class PointsLedgerPropertiesIT {

    static final int DEFAULT_STEPS = 60;
    static final int SEEDS = Integer.getInteger("reservoir.ledger.seeds", 50);
    static final int STEPS = Integer.getInteger("reservoir.ledger.steps", DEFAULT_STEPS);
    static final Long ONLY = Long.getLong("reservoir.ledger.seed");
    static final int SHOWN_HISTORY = 25;

    @Autowired
    PointsLedger ledger;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    ExecutorService threads;
    long ws;
    long brand;

    @BeforeEach
    void threads() {
        threads = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void randomHistoriesAgreeWithTheModel() {
        List<Long> seeds = ONLY != null
                ? List.of(ONLY)
                : LongStream.rangeClosed(1, SEEDS).boxed().toList();
        System.out.printf(
                "PointsLedgerPropertiesIT: %d seed(s) from %d, %d steps each%n", seeds.size(), seeds.get(0), STEPS);
        List<String> failures = new ArrayList<>();
        for (long seed : seeds) {
            String failure = run(seed);
            if (failure != null) {
                failures.add(failure);
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + seeds.size() + " seeds failed:\n  "
                    + failures.stream()
                            .map(f -> f.lines().limit(2).collect(Collectors.joining(":")))
                            .map(f -> f.length() > 240 ? f.substring(0, 240) + "…" : f)
                            .collect(Collectors.joining("\n  "))
                    + "\n\nThe first in full:\n\n"
                    + String.join("\n\n", failures.subList(0, Math.min(3, failures.size()))));
        }
    }

    /** Runs one seed; returns what went wrong, or null. */
    private String run(long seed) {
        Tenant tenant = tenants.aWorkspace();
        ws = tenant.workspace().id();
        brand = tenant.brand().id();
        boolean allowDebt = seed % 2 == 0;
        LedgerSteps steps = new LedgerSteps(seed, allowDebt);
        LedgerModel model = new LedgerModel();
        Deque<String> history = new ArrayDeque<>();
        for (int i = 0; i < STEPS; i++) {
            LedgerStep step = steps.next(model);
            List<LedgerOutcome> answers = perform(step);
            Snapshot ledgerState = snapshot();
            String problem = ledgerState.broken(allowDebt);
            if (problem == null) {
                Match match = match(model, step, answers, ledgerState);
                problem = match.problem();
                model = match.model();
            }
            history.addLast(i + ": " + step + " -> " + answers);
            if (history.size() > SHOWN_HISTORY) {
                history.removeFirst();
            }
            if (problem != null) {
                return "seed " + seed + " (" + (allowDebt ? "debt allowed" : "no debt") + "), step " + i
                        + " — rerun with -Dreservoir.ledger.seed=" + seed + "\n  " + problem
                        + "\n  last steps:\n    " + String.join("\n    ", history);
            }
        }
        return null;
    }

    // ---- calling the ledger

    private List<LedgerOutcome> perform(LedgerStep step) {
        if (!(step instanceof LedgerStep.Together together)) {
            return List.of(call(step));
        }
        List<LedgerStep> calls = together.calls();
        CyclicBarrier start = new CyclicBarrier(calls.size());
        List<Future<LedgerOutcome>> running = new ArrayList<>();
        for (LedgerStep call : calls) {
            running.add(threads.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return call(call);
            }));
        }
        List<LedgerOutcome> answers = new ArrayList<>();
        for (Future<LedgerOutcome> answer : running) {
            try {
                answers.add(answer.get(60, TimeUnit.SECONDS));
            } catch (TimeoutException e) {
                answers.add(new Failed("no answer within 60 s"));
            } catch (Exception e) {
                answers.add(new Failed(e.toString()));
            }
        }
        return answers;
    }

    private LedgerOutcome call(LedgerStep step) {
        try {
            if (step instanceof LedgerStep.Earn e) {
                return answer(ledger.earn(ws, brand, e.member(), e.points(), e.key(), e.expiresAt(), "earned"));
            }
            if (step instanceof LedgerStep.EarnAll batch) {
                return new Credited(ledger.earnAll(
                        ws,
                        batch.credits().stream()
                                .map(c -> new PointsLedger.Credit(
                                        brand, c.member(), c.points(), c.key(), c.expiresAt(), "order"))
                                .toList()));
            }
            if (step instanceof LedgerStep.Spend s) {
                return answer(ledger.spend(ws, brand, s.member(), s.points(), s.key(), "redeemed"));
            }
            if (step instanceof LedgerStep.Reverse r) {
                return answer(ledger.reverse(
                        ws, brand, r.member(), r.earnKey(), r.points(), r.key(), "refund", r.allowDebt()));
            }
            if (step instanceof LedgerStep.Adjust a) {
                return answer(ledger.adjust(ws, brand, a.member(), a.points(), a.key(), "correction"));
            }
            if (step instanceof LedgerStep.Expire x) {
                while (ledger.expire(ws, x.now(), x.limit()) == x.limit()) {
                    // the next batch of due lots
                }
                return new Expired();
            }
            throw new IllegalArgumentException(String.valueOf(step));
        } catch (ReservoirException e) {
            if (e.kind() == ErrorKind.INVALID_INPUT) {
                return new Refused();
            }
            return e.kind() == ErrorKind.CONFLICT ? new Conflict() : new Failed(e.kind() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return new Failed(e.toString());
        }
    }

    private static LedgerOutcome answer(PointsChange change) {
        return change.replay()
                ? new Replayed(change.entry().id())
                : new Applied(change.entry().points());
    }

    // ---- the ledger's state, read from its tables

    record Snapshot(
            Map<Integer, Long> balances,
            Map<String, String> entries,
            Map<String, Long> ids,
            Map<Long, String> lots,
            List<String> accounts) {

        /** What breaks the ledger's own invariants, whatever the model says; null when nothing. */
        String broken(boolean allowDebt) {
            for (String account : accounts) {
                String[] v = account.split(" ");
                long balance = Long.parseLong(v[1]);
                long entries = Long.parseLong(v[2]);
                long lots = Long.parseLong(v[3]);
                long negativeLots = Long.parseLong(v[4]);
                if (balance != entries || lots != Math.max(0, balance) || negativeLots > 0) {
                    return "account m" + v[0] + ": balance " + balance + ", entries sum to " + entries
                            + ", open lots to " + lots + ", lots below zero: " + negativeLots;
                }
                if (balance < 0 && !allowDebt) {
                    return "account m" + v[0] + " is at " + balance + " though debt is not allowed";
                }
            }
            return null;
        }
    }

    private Snapshot snapshot() {
        Map<String, String> entries = new TreeMap<>();
        Map<String, Long> ids = new HashMap<>();
        jdbc.query(
                "select idempotency_key, id, customer_no, kind, points from points_entry where workspace_id = ?",
                rs -> {
                    entries.put(rs.getString(1), LedgerModel.entryLine(rs.getInt(3), rs.getString(4), rs.getLong(5)));
                    ids.put(rs.getString(1), rs.getLong(2));
                },
                ws);
        Map<Long, String> lots = new TreeMap<>();
        jdbc.query(
                "select id, customer_no, remaining, expires_at from points_entry where workspace_id = ? and remaining is not null",
                rs -> {
                    lots.put(
                            rs.getLong(1),
                            LedgerModel.lotLine(rs.getInt(2), rs.getLong(3), SqlTime.read(rs, "expires_at")));
                },
                ws);
        Map<Integer, Long> balances = new TreeMap<>();
        List<String> accounts = jdbc.query(
                """
                select a.customer_no, a.balance,
                       (select coalesce(sum(e.points), 0) from points_entry e
                         where e.workspace_id = a.workspace_id and e.brand_id = a.brand_id
                           and e.customer_no = a.customer_no),
                       (select coalesce(sum(l.remaining), 0) from points_entry l
                         where l.workspace_id = a.workspace_id and l.brand_id = a.brand_id
                           and l.customer_no = a.customer_no),
                       (select count(*) from points_entry l
                         where l.workspace_id = a.workspace_id and l.brand_id = a.brand_id
                           and l.customer_no = a.customer_no and l.remaining < 0)
                  from points_account a where a.workspace_id = ? and a.brand_id = ?
                """,
                (rs, row) -> {
                    if (rs.getLong(2) != 0) {
                        balances.put(rs.getInt(1), rs.getLong(2));
                    }
                    return rs.getInt(1) + " " + rs.getLong(2) + " " + rs.getLong(3) + " " + rs.getLong(4) + " "
                            + rs.getLong(5);
                },
                ws,
                brand);
        return new Snapshot(balances, entries, ids, lots, accounts);
    }

    // ---- holding the ledger to the model

    record Match(LedgerModel model, String problem) {}

    /**
     * The model after {@code step}, if the ledger's answers and state are the model's. Calls made
     * at once must agree with the model taking them one after another in some order (each call
     * atomic, none lost), expiry member by member.
     */
    private static Match match(LedgerModel model, LedgerStep step, List<LedgerOutcome> answers, Snapshot state) {
        List<LedgerStep> calls = step instanceof LedgerStep.Together together ? together.calls() : List.of(step);
        List<LedgerStep> parts = new ArrayList<>();
        List<Integer> callOf = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i) instanceof LedgerStep.Expire expire && calls.size() > 1) {
                for (int m = 1; m <= LedgerSteps.MEMBERS; m++) {
                    parts.add(new LedgerStep.ExpireMember(expire.now(), m));
                    callOf.add(i);
                }
            } else {
                parts.add(calls.get(i));
                callOf.add(i);
            }
        }
        String first = null;
        for (List<Integer> order : orders(parts.size())) {
            LedgerModel next = model.copy();
            List<LedgerOutcome> expected = new ArrayList<>(calls.size());
            calls.forEach(c -> expected.add(null));
            for (int i : order) {
                expected.set(callOf.get(i), next.apply(parts.get(i), state.ids()));
            }
            String problem = expected.equals(answers)
                    ? differences(next, state)
                    : "the model answers " + expected + ", the ledger " + answers;
            if (problem == null) {
                return new Match(next, null);
            }
            if (first == null) {
                first = problem;
            }
        }
        return new Match(
                model,
                (calls.size() > 1 ? "no order of the calls explains what the ledger did; in the order given, " : "")
                        + first);
    }

    private static String differences(LedgerModel model, Snapshot state) {
        String entries = diff("entries", model.entryView(), state.entries());
        if (entries != null) {
            return entries;
        }
        String balances = diff("balances", model.balanceView(), state.balances());
        return balances != null ? balances : diff("lots", model.lotView(), state.lots());
    }

    private static <K extends Comparable<K>> String diff(String what, Map<K, ?> model, Map<K, ?> ledger) {
        TreeSet<K> keys = new TreeSet<>(model.keySet());
        keys.addAll(ledger.keySet());
        List<String> differ = keys.stream()
                .filter(k -> !Objects.equals(model.get(k), ledger.get(k)))
                .limit(8)
                .map(k -> k + ": model " + model.get(k) + ", ledger " + ledger.get(k))
                .toList();
        return differ.isEmpty() ? null : what + " differ: " + String.join("; ", differ);
    }

    /** Every order of {@code n} calls. */
    private static List<List<Integer>> orders(int n) {
        List<List<Integer>> orders = new ArrayList<>();
        permute(new ArrayList<>(), n, orders);
        return orders;
    }

    private static void permute(List<Integer> prefix, int n, List<List<Integer>> out) {
        if (prefix.size() == n) {
            out.add(List.copyOf(prefix));
            return;
        }
        for (int i = 0; i < n; i++) {
            if (!prefix.contains(i)) {
                prefix.add(i);
                permute(prefix, n, out);
                prefix.remove(prefix.size() - 1);
            }
        }
    }
}
