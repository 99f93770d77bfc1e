package io.reservoir.loyalty;

import io.reservoir.loyalty.LedgerOutcome.Applied;
import io.reservoir.loyalty.LedgerOutcome.Conflict;
import io.reservoir.loyalty.LedgerOutcome.Credited;
import io.reservoir.loyalty.LedgerOutcome.Expired;
import io.reservoir.loyalty.LedgerOutcome.Refused;
import io.reservoir.loyalty.LedgerOutcome.Replayed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The points ledger of one brand as SPEC §6 describes it, in memory, one call at a time: balances,
 * lots, and the entry each key wrote. No SQL, no locks, no batching: every rule is written out
 * once, plainly, so that {@code PointsLedgerPropertiesIT} can hold the real ledger to it.
 *
 * <p>Entry ids are the ledger's (the caller passes the ids written under each key): the model's
 * lots are then the same lots, and lots that expire at the same moment are taken in the same
 * (entry id) order.
 */
final class LedgerModel {

    /** What a key wrote: the request it answers and the signed change. */
    record Entry(int member, String kind, long points, Instant expiresAt, Long reverses, long id) {}

    /** The points one credit put in, and what is left of them. */
    static final class Lot {
        final long entryId;
        final int member;
        final Instant expiresAt;
        long remaining;

        Lot(long entryId, int member, Instant expiresAt, long remaining) {
            this.entryId = entryId;
            this.member = member;
            this.expiresAt = expiresAt;
            this.remaining = remaining;
        }
    }

    private static final Comparator<Lot> SOONEST_FIRST = Comparator.comparing(
                    (Lot lot) -> lot.expiresAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingLong(lot -> lot.entryId);

    private final Map<Integer, Long> balances = new TreeMap<>();
    private final Map<Long, Lot> lots = new TreeMap<>();
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    /** Per credit (entry id): how much refunds took back from it so far. */
    private final Map<Long, Long> reversed = new HashMap<>();

    private long placeholderIds;

    LedgerModel copy() {
        LedgerModel copy = new LedgerModel();
        copy.balances.putAll(balances);
        lots.forEach((id, lot) -> copy.lots.put(id, new Lot(lot.entryId, lot.member, lot.expiresAt, lot.remaining)));
        copy.entries.putAll(entries);
        copy.reversed.putAll(reversed);
        copy.placeholderIds = placeholderIds;
        return copy;
    }

    /**
     * Applies one call and answers as the ledger should.
     *
     * @param ids the entry id the ledger wrote under each key
     */
    LedgerOutcome apply(LedgerStep step, Map<String, Long> ids) {
        if (step instanceof LedgerStep.Earn earn) {
            return earn(earn, ids);
        }
        if (step instanceof LedgerStep.EarnAll batch) {
            return earnAll(batch, ids);
        }
        if (step instanceof LedgerStep.Spend spend) {
            return spend(spend, ids);
        }
        if (step instanceof LedgerStep.Reverse reverse) {
            return reverse(reverse, ids);
        }
        if (step instanceof LedgerStep.Adjust adjust) {
            return adjust(adjust, ids);
        }
        if (step instanceof LedgerStep.Expire expire) {
            return expire(expire.now(), null, ids);
        }
        if (step instanceof LedgerStep.ExpireMember expire) {
            return expire(expire.now(), expire.member(), ids);
        }
        throw new IllegalArgumentException("one call at a time: " + step);
    }

    /** A retry of the same request answers the first entry; any other request with its key is a conflict. */
    private LedgerOutcome earn(LedgerStep.Earn earn, Map<String, Long> ids) {
        Entry earlier = entries.get(earn.key());
        if (earlier != null) {
            boolean same = earlier.member() == earn.member()
                    && earlier.kind().equals("earn")
                    && earlier.points() == earn.points()
                    && Objects.equals(earlier.expiresAt(), earn.expiresAt());
            return same ? new Replayed(earlier.id()) : new Conflict();
        }
        credit(earn.member(), earn.points(), earn.key(), "earn", earn.expiresAt(), ids);
        return new Applied(earn.points());
    }

    /** Keys already in the ledger, and repeats within the batch, are skipped without a word. */
    private LedgerOutcome earnAll(LedgerStep.EarnAll batch, Map<String, Long> ids) {
        Map<String, LedgerStep.Earn> byKey = new LinkedHashMap<>();
        batch.credits().forEach(credit -> byKey.putIfAbsent(credit.key(), credit));
        int fresh = 0;
        for (LedgerStep.Earn credit : byKey.values()) {
            if (!entries.containsKey(credit.key())) {
                credit(credit.member(), credit.points(), credit.key(), "earn", credit.expiresAt(), ids);
                fresh++;
            }
        }
        return new Credited(fresh);
    }

    private LedgerOutcome spend(LedgerStep.Spend spend, Map<String, Long> ids) {
        Entry earlier = entries.get(spend.key());
        if (earlier != null) {
            boolean same = earlier.member() == spend.member()
                    && earlier.kind().equals("spend")
                    && earlier.points() == -spend.points();
            return same ? new Replayed(earlier.id()) : new Conflict();
        }
        if (spend.points() > balance(spend.member())) {
            return new Refused();
        }
        take(spend.member(), spend.points(), null);
        write(spend.member(), "spend", -spend.points(), spend.key(), null, null, ids);
        return new Applied(-spend.points());
    }

    /**
     * A refund takes back what the credit gave, never more in all its refunds together: first from
     * the credit's own lot, then soonest-expiring first; without debt never below zero, with debt
     * the balance goes negative for what was already spent.
     */
    private LedgerOutcome reverse(LedgerStep.Reverse reverse, Map<String, Long> ids) {
        Entry credit = entries.get(reverse.earnKey());
        if (credit == null || credit.points() <= 0 || credit.member() != reverse.member()) {
            return new Refused();
        }
        Entry earlier = entries.get(reverse.key());
        if (earlier != null) {
            boolean same = earlier.member() == reverse.member()
                    && earlier.kind().equals("reverse")
                    && Objects.equals(earlier.reverses(), credit.id());
            return same ? new Replayed(earlier.id()) : new Conflict();
        }
        long held = Math.max(0, balance(reverse.member()));
        long owed = Math.min(reverse.points(), credit.points() - reversed.getOrDefault(credit.id(), 0L));
        long taken = reverse.allowDebt() ? owed : Math.min(owed, held);
        take(reverse.member(), Math.min(taken, held), credit.id());
        reversed.merge(credit.id(), taken, Long::sum);
        write(reverse.member(), "reverse", -taken, reverse.key(), null, credit.id(), ids);
        return new Applied(-taken);
    }

    /** Positive: a credit that never expires (repaying debt first). Negative: taken like a spend. */
    private LedgerOutcome adjust(LedgerStep.Adjust adjust, Map<String, Long> ids) {
        Entry earlier = entries.get(adjust.key());
        if (earlier != null) {
            boolean same = earlier.member() == adjust.member()
                    && earlier.kind().equals("adjust")
                    && earlier.points() == adjust.points();
            return same ? new Replayed(earlier.id()) : new Conflict();
        }
        if (adjust.points() > 0) {
            credit(adjust.member(), adjust.points(), adjust.key(), "adjust", null, ids);
        } else {
            if (-adjust.points() > Math.max(0, balance(adjust.member()))) {
                return new Refused();
            }
            take(adjust.member(), -adjust.points(), null);
            write(adjust.member(), "adjust", adjust.points(), adjust.key(), null, null, ids);
        }
        return new Applied(adjust.points());
    }

    /**
     * Every lot due by {@code now} (of {@code member}; null: of everyone) loses what is left of it,
     * in one entry per lot; empty lots write nothing.
     */
    private LedgerOutcome expire(Instant now, Integer member, Map<String, Long> ids) {
        for (Lot lot : lots.values()) {
            if ((member == null || lot.member == member)
                    && lot.expiresAt != null
                    && !lot.expiresAt.isAfter(now)
                    && lot.remaining > 0) {
                long left = lot.remaining;
                lot.remaining = 0;
                write(lot.member, "expire", -left, "expire:" + lot.entryId, null, null, ids);
            }
        }
        return new Expired();
    }

    /** A new credit: its lot holds what is left after repaying the member's debt. */
    private void credit(int member, long points, String key, String kind, Instant expiresAt, Map<String, Long> ids) {
        long debt = Math.max(0, -balance(member));
        long id = write(member, kind, points, key, expiresAt, null, ids);
        lots.put(id, new Lot(id, member, expiresAt, Math.max(0, points - debt)));
    }

    private long write(
            int member, String kind, long points, String key, Instant expiresAt, Long reverses, Map<String, Long> ids) {
        Long written = ids.get(key);
        long id = written != null ? written : --placeholderIds; // the ledger wrote nothing: the outcome tells
        entries.put(key, new Entry(member, kind, points, expiresAt, reverses, id));
        balances.merge(member, points, Long::sum);
        return id;
    }

    /** Takes {@code points} from the member's lots: {@code first}'s own lot first, then soonest-expiring. */
    private void take(int member, long points, Long first) {
        long left = points;
        if (first != null && lots.containsKey(first)) {
            Lot own = lots.get(first);
            long taken = Math.min(left, own.remaining);
            own.remaining -= taken;
            left -= taken;
        }
        List<Lot> open = new ArrayList<>();
        for (Lot lot : lots.values()) {
            if (lot.member == member && lot.remaining > 0) {
                open.add(lot);
            }
        }
        open.sort(SOONEST_FIRST);
        for (Lot lot : open) {
            long taken = Math.min(left, lot.remaining);
            lot.remaining -= taken;
            left -= taken;
        }
        if (left != 0) {
            throw new IllegalStateException("model: member " + member + "'s lots hold less than " + points);
        }
    }

    long balance(int member) {
        return balances.getOrDefault(member, 0L);
    }

    Map<String, Entry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** Non-zero balances by member. */
    Map<Integer, Long> balanceView() {
        Map<Integer, Long> view = new TreeMap<>();
        balances.forEach((member, balance) -> {
            if (balance != 0) {
                view.put(member, balance);
            }
        });
        return view;
    }

    /** Each key's entry as {@code m<member> <kind> <points>}. */
    Map<String, String> entryView() {
        Map<String, String> view = new TreeMap<>();
        entries.forEach((key, e) -> view.put(key, entryLine(e.member(), e.kind(), e.points())));
        return view;
    }

    /** Each lot (by entry id) as {@code m<member> <remaining> until <expiry>}. */
    Map<Long, String> lotView() {
        Map<Long, String> view = new TreeMap<>();
        lots.forEach((id, lot) -> view.put(id, lotLine(lot.member, lot.remaining, lot.expiresAt)));
        return view;
    }

    static String entryLine(int member, String kind, long points) {
        return "m" + member + " " + kind + " " + points;
    }

    static String lotLine(int member, long remaining, Instant expiresAt) {
        return "m" + member + " " + remaining + " until " + expiresAt;
    }
}
