package io.reservoir.loyalty;

import io.reservoir.loyalty.LedgerStep.Adjust;
import io.reservoir.loyalty.LedgerStep.Earn;
import io.reservoir.loyalty.LedgerStep.EarnAll;
import io.reservoir.loyalty.LedgerStep.Expire;
import io.reservoir.loyalty.LedgerStep.Reverse;
import io.reservoir.loyalty.LedgerStep.Spend;
import io.reservoir.loyalty.LedgerStep.Together;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates a ledger history from a seed, one step at a time, looking at the model for what makes
 * sense next (a spend near the balance, a refund of a credit the member has). Three members; keys
 * are new unless the step is a replay (the same call again) or a reuse (the key with another
 * request); about one step in five is several calls at once.
 */
final class LedgerSteps {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final int MEMBERS = 3;
    /** Concurrent expiry runs in one call (one transaction): batches would not be one step. */
    static final int ALL_AT_ONCE = 10_000;

    private final SplittableRandom random;
    private final boolean allowDebt;
    private final List<LedgerStep> made = new ArrayList<>();
    private Instant clock = START;
    private int serial;

    LedgerSteps(long seed, boolean allowDebt) {
        this.random = new SplittableRandom(seed);
        this.allowDebt = allowDebt;
    }

    LedgerStep next(LedgerModel model) {
        int roll = random.nextInt(100);
        LedgerStep step;
        if (roll < 17) {
            step = earn();
        } else if (roll < 25) {
            step = earnAll();
        } else if (roll < 38) {
            step = spend(model, member());
        } else if (roll < 47) {
            step = reverse(model, member());
        } else if (roll < 54) {
            step = adjust();
        } else if (roll < 61) {
            step = expire(1 + random.nextInt(4));
        } else if (roll < 70) {
            step = made.isEmpty() ? earn() : made.get(random.nextInt(made.size()));
        } else if (roll < 77) {
            step = reuse(model);
        } else {
            step = together(model);
        }
        remember(step);
        return step;
    }

    private void remember(LedgerStep step) {
        if (step instanceof Together together) {
            together.calls().forEach(this::remember);
        } else if (!(step instanceof Expire)) {
            made.add(step);
        }
    }

    private Earn earn() {
        return earn(member());
    }

    private Earn earn(int member) {
        Instant expires;
        int kind = random.nextInt(20);
        if (kind < 6) {
            expires = null;
        } else if (kind == 6) {
            expires = clock.minus(Duration.ofDays(1)); // due at the next expiry already
        } else {
            expires = clock.plus(Duration.ofDays(30L * (1 + random.nextInt(12)))); // months: ties are common
        }
        return new Earn(member, 1 + random.nextInt(300), key(), expires);
    }

    private EarnAll earnAll() {
        List<Earn> credits = new ArrayList<>();
        int size = 2 + random.nextInt(4);
        for (int i = 0; i < size; i++) {
            int kind = random.nextInt(10);
            if (kind == 0 && !credits.isEmpty()) {
                credits.add(credits.get(random.nextInt(credits.size()))); // a repeat within the batch
            } else if (kind == 1 && !made.isEmpty()) {
                LedgerStep earlier = made.get(random.nextInt(made.size()));
                credits.add(earlier instanceof Earn e ? e : earn()); // a key already in the ledger
            } else {
                credits.add(earn());
            }
        }
        return new EarnAll(credits);
    }

    private Spend spend(LedgerModel model, int member) {
        long balance = Math.max(0, model.balance(member));
        return new Spend(member, 1 + random.nextInt((int) Math.min(10_000, balance + 50)), key());
    }

    /** A refund of one of the member's credits: all of it, or the refunded share of the order. */
    private Reverse reverse(LedgerModel model, int member) {
        List<String> credits = new ArrayList<>();
        model.entries().forEach((key, entry) -> {
            if (entry.member() == member && entry.points() > 0) {
                credits.add(key);
            }
        });
        if (credits.isEmpty() || random.nextInt(10) == 0) {
            // not a credit of this member: refused
            List<String> any = new ArrayList<>(model.entries().keySet());
            String other = any.isEmpty() ? "order:none" : any.get(random.nextInt(any.size()));
            return new Reverse(member, other, 1 + random.nextInt(100), key(), allowDebt);
        }
        String earnKey = credits.get(random.nextInt(credits.size()));
        long earned = model.entries().get(earnKey).points();
        long points;
        if (random.nextInt(5) < 2) {
            points = earned;
        } else {
            long paidFen = 100 + random.nextInt(100_000);
            long refundFen = 1 + random.nextLong(paidFen);
            points = Math.max(1, (earned * refundFen * 2 + paidFen) / (paidFen * 2)); // the earner's share
        }
        return new Reverse(member, earnKey, points, key(), allowDebt);
    }

    private Adjust adjust() {
        long points = random.nextInt(350) - 150;
        return new Adjust(member(), points == 0 ? 1 : points, key());
    }

    private Expire expire(int limit) {
        clock = clock.plus(Duration.ofDays(1 + random.nextInt(90)));
        return new Expire(clock, limit);
    }

    /** An earlier call's key with a different request: another amount, member, expiry or kind. */
    private LedgerStep reuse(LedgerModel model) {
        if (made.isEmpty()) {
            return earn();
        }
        LedgerStep earlier = made.get(random.nextInt(made.size()));
        int way = random.nextInt(3);
        if (earlier instanceof EarnAll batch) {
            earlier = batch.credits().get(0);
        }
        if (earlier instanceof Earn e) {
            return switch (way) {
                case 0 -> new Earn(e.member(), e.points() + 1, e.key(), e.expiresAt());
                case 1 -> new Earn(other(e.member()), e.points(), e.key(), e.expiresAt());
                default -> new Spend(e.member(), 1, e.key());
            };
        }
        if (earlier instanceof Spend s) {
            return way == 0 ? new Spend(s.member(), s.points() + 1, s.key()) : new Earn(s.member(), 5, s.key(), null);
        }
        if (earlier instanceof Adjust a) {
            return way == 0
                    ? new Adjust(a.member(), a.points() + 1, a.key())
                    : new Adjust(a.member(), -a.points(), a.key());
        }
        Reverse r = (Reverse) earlier;
        Reverse another = reverse(model, r.member());
        return new Reverse(r.member(), another.earnKey(), r.points(), r.key(), allowDebt);
    }

    private Together together(LedgerModel model) {
        int threads = 2 + random.nextInt(3);
        List<LedgerStep> calls = new ArrayList<>();
        switch (random.nextInt(5)) {
            case 0 -> {
                // the same call from several callers: a client retrying before the answer came
                LedgerStep call = switch (random.nextInt(5)) {
                    case 0 -> earn();
                    case 1 -> earnAll();
                    case 2 -> spend(model, member());
                    case 3 -> reverse(model, member());
                    default -> adjust();
                };
                calls.addAll(Collections.nCopies(threads, call));
            }
            case 1 -> {
                // different spends racing for one balance
                int member = member();
                long balance = Math.max(1, model.balance(member));
                for (int i = 0; i < threads; i++) {
                    calls.add(new Spend(member, 1 + balance * (30 + random.nextInt(40)) / 100, key()));
                }
            }
            case 2 -> {
                // one key for different members at once: one of them gets it
                Earn first = earn();
                calls.add(first);
                calls.add(new Earn(other(first.member()), first.points(), first.key(), first.expiresAt()));
            }
            case 3 -> {
                // every writer of several accounts at once: batches in opposite orders, expiry, a refund
                List<Earn> up = new ArrayList<>();
                List<Earn> down = new ArrayList<>();
                for (int m = 1; m <= MEMBERS; m++) {
                    up.add(earn(m));
                    down.add(0, earn(m));
                }
                calls.add(new EarnAll(up));
                calls.add(new EarnAll(down));
                calls.add(expire(ALL_AT_ONCE));
                calls.add(random.nextBoolean() ? reverse(model, member()) : spend(model, member()));
            }
            default -> {
                // retries of an earlier call racing with new calls for the same member
                LedgerStep earlier = made.isEmpty() ? earn() : made.get(random.nextInt(made.size()));
                calls.add(earlier);
                calls.add(earlier);
                calls.add(random.nextBoolean() ? earn() : spend(model, member()));
            }
        }
        return new Together(calls);
    }

    private int member() {
        return 1 + random.nextInt(MEMBERS);
    }

    private int other(int member) {
        return member % MEMBERS + 1;
    }

    private String key() {
        return "k" + ++serial;
    }
}
