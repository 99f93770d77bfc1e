package io.reservoir.loyalty;

import io.reservoir.ingest.OrderRows;
import io.reservoir.loyalty.LoyaltyProgram.Tier;
import io.reservoir.loyalty.LoyaltyProgram.Tiers;
import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps members' tiers. Activity (an order, a refund) upgrades at once when the rolling 12 months
 * reach a higher threshold; only the anniversary review lowers a tier: a member who still
 * qualifies keeps it for another year, one who does not is given the program's grace days (and
 * keeps the tier if they requalify in them), then drops to the tier their 12 months reach. Every
 * change is written to the member's tier history with its reason and the measure behind it.
 */
@Component
class TierKeeper {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final OrderRows orders;
    private final LoyaltyPrograms programs;

    private final ApplicationEventPublisher events;

    TierKeeper(
            JdbcClient jdbc,
            JdbcTemplate batch,
            OrderRows orders,
            LoyaltyPrograms programs,
            ApplicationEventPublisher events) {
        this.orders = orders;
        this.jdbc = jdbc;
        this.batch = batch;
        this.programs = programs;
        this.events = events;
    }

    /** Upgrades (or, in grace, keeps) the tiers of these members after activity at {@code at}. */
    @Transactional
    void evaluate(long workspaceId, LoyaltyProgram program, Collection<Integer> customerNos, Instant at) {
        Map<Integer, Instant> ats = new HashMap<>();
        customerNos.forEach(no -> ats.put(no, at));
        evaluate(workspaceId, program, ats);
    }

    /** As above, each member at the instant of their own latest activity. */
    @Transactional
    void evaluate(long workspaceId, LoyaltyProgram program, Map<Integer, Instant> activity) {
        evaluate(workspaceId, program, activity, null);
    }

    /**
     * As above, with the rows of the members' measures already read ({@code rows}, covering the
     * year before each member's instant; null: read them here).
     */
    @Transactional
    void evaluate(long workspaceId, LoyaltyProgram program, Map<Integer, Instant> activity, Rows rows) {
        if (!program.hasTiers() || activity.isEmpty()) {
            return;
        }
        Collection<Integer> customerNos = activity.keySet();
        Tiers tiers = program.tiers();
        Map<Integer, long[]> state = new HashMap<>(); // rank, in grace (1/0)
        jdbc.sql("""
                        select m.customer_no, m.tier_code, m.grace_until from unnest(cast(:nos as integer array)) as k(no)
                          join loyalty_member m on m.workspace_id = :ws and m.brand_id = :brand and m.customer_no = k.no
                         where m.left_at is null
                        """)
                .param("nos", SqlArrays.integers(customerNos))
                .param("ws", workspaceId)
                .param("brand", program.brandId())
                .query((rs, row) -> Map.entry(
                        rs.getInt(1), new long[] {tiers.rank(rs.getString(2)), rs.getObject(3) == null ? 0 : 1}))
                .list()
                .forEach(e -> state.put(e.getKey(), e.getValue()));
        if (state.isEmpty()) {
            return;
        }
        Map<Integer, Instant> ats = new HashMap<>();
        state.keySet().forEach(no -> ats.put(no, activity.get(no)));
        // members the rows were not read for (joined meanwhile through another door) are measured here
        Map<Integer, Instant> unread = new HashMap<>(ats);
        if (rows != null) {
            unread.keySet().removeIf(rows::covers);
        }
        Map<Integer, Long> values = measure(workspaceId, program, unread);
        ats.forEach((no, at) -> {
            if (!unread.containsKey(no)) {
                values.put(no, rows.upTo(no, at));
            }
        });
        List<Upgrade> upgrades = new ArrayList<>();
        state.forEach((no, s) -> {
            Instant at = ats.get(no);
            long value = values.getOrDefault(no, 0L);
            Tier reached = tiers.qualifying(value);
            int rank = tiers.rank(reached.code());
            int current = (int) s[0];
            String currentCode =
                    current < 0 ? null : tiers.levels().get(current).code();
            if (rank > current) {
                // the upgrade dates from the payment that reached the tier, even if later ones came in the same batch
                boolean read = !unread.containsKey(no);
                Instant since = read ? rows.firstReaching(no, reached.units(tiers.basis()), at) : at;
                long then = read ? rows.upTo(no, since) : value;
                upgrades.add(new Upgrade(no, currentCode, reached.code(), then, since));
            } else if (s[1] == 1 && rank == current) {
                retain(workspaceId, program.brandId(), no, currentCode, value, at);
            }
        });
        upgrade(workspaceId, program.brandId(), upgrades);
    }

    /** A member's rise to {@code to}, which the measure reached ({@code value}) at {@code since}. */
    private record Upgrade(int customerNo, String from, String to, long value, Instant since) {}

    /**
     * Moves the members up as {@link #move} does, in two statements for all of them (the order
     * earner upgrades thousands a batch).
     */
    private void upgrade(long workspaceId, long brandId, List<Upgrade> upgrades) {
        if (upgrades.isEmpty()) {
            return;
        }
        batch.batchUpdate(
                """
                update loyalty_member set tier_code = ?, tier_since = ?, tier_review_at = ?, grace_until = null
                 where workspace_id = ? and brand_id = ? and customer_no = ?
                """,
                upgrades.stream()
                        .map(u -> new Object[] {
                            u.to(),
                            SqlTime.param(u.since()),
                            SqlTime.param(anniversary(u.since(), u.since())),
                            workspaceId,
                            brandId,
                            u.customerNo()
                        })
                        .toList());
        batch.batchUpdate(
                """
                insert into tier_change (workspace_id, brand_id, customer_no, from_tier, to_tier, reason, basis_value,
                                         changed_at)
                values (?, ?, ?, ?, ?, 'upgrade', ?, ?)
                """,
                upgrades.stream()
                        .map(u -> new Object[] {
                            workspaceId, brandId, u.customerNo(), u.from(), u.to(), u.value(), SqlTime.param(u.since())
                        })
                        .toList());
        events.publishEvent(new MembersChanged(
                workspaceId, upgrades.stream().map(Upgrade::customerNo).collect(Collectors.toSet())));
    }

    /**
     * Reviews up to {@code limit} members whose anniversary (or grace) has come by {@code now};
     * returns how many it reviewed.
     */
    @Transactional
    int review(long workspaceId, Instant now, int limit) {
        record Due(long brandId, int customerNo, String tier, Instant since, Instant graceUntil) {}
        List<Due> due = jdbc.sql("""
                        select brand_id, customer_no, tier_code, tier_since, grace_until from loyalty_member
                         where workspace_id = :ws and tier_review_at <= :now
                         order by tier_review_at fetch first :limit rows only
                        """)
                .param("ws", workspaceId)
                .param("now", SqlTime.param(now))
                .param("limit", limit)
                .query((rs, row) -> new Due(
                        rs.getLong(1),
                        rs.getInt(2),
                        rs.getString(3),
                        SqlTime.read(rs, "tier_since"),
                        SqlTime.read(rs, "grace_until")))
                .list();
        Map<Long, LoyaltyProgram> programOf = new HashMap<>();
        for (Due member : due) {
            LoyaltyProgram program = programOf.computeIfAbsent(
                    member.brandId(), brand -> programs.find(workspaceId, brand).orElse(null));
            if (program == null || !program.hasTiers()) {
                clearReview(workspaceId, member.brandId(), member.customerNo());
                continue;
            }
            Tiers tiers = program.tiers();
            long value = measure(workspaceId, program, List.of(member.customerNo()), now)
                    .getOrDefault(member.customerNo(), 0L);
            Tier reached = tiers.qualifying(value);
            int current = tiers.rank(member.tier());
            if (tiers.rank(reached.code()) >= current) {
                if (tiers.rank(reached.code()) > current) {
                    move(
                            workspaceId,
                            program.brandId(),
                            member.customerNo(),
                            member.tier(),
                            reached.code(),
                            "upgrade",
                            value,
                            now,
                            now);
                } else {
                    retain(workspaceId, program.brandId(), member.customerNo(), member.tier(), value, now);
                }
            } else if (member.graceUntil() == null && tiers.graceDays() > 0) {
                Instant graceEnd = now.plusSeconds(tiers.graceDays() * 86_400L);
                updateMember(
                        workspaceId,
                        program.brandId(),
                        member.customerNo(),
                        "grace_until = :grace, tier_review_at = :grace",
                        Map.of("grace", SqlTime.param(graceEnd)));
                record(
                        workspaceId,
                        program.brandId(),
                        member.customerNo(),
                        member.tier(),
                        member.tier(),
                        "grace",
                        value,
                        now);
            } else {
                move(
                        workspaceId,
                        program.brandId(),
                        member.customerNo(),
                        member.tier(),
                        reached.code(),
                        "downgrade",
                        value,
                        now,
                        now);
            }
        }
        return due.size();
    }

    /** The rolling 12-month measure of the program's basis for each member, up to {@code at}. */
    Map<Integer, Long> measure(long workspaceId, LoyaltyProgram program, Collection<Integer> customerNos, Instant at) {
        Map<Integer, Instant> ats = new HashMap<>();
        customerNos.forEach(no -> ats.put(no, at));
        return measure(workspaceId, program, ats);
    }

    /**
     * The rolling 12-month measure for each member up to their own instant: the rows of the widest
     * window are read in one query, each member's window summed here. Net spend counts orders paid
     * in the window less their refunds, and less the customer-level refunds made in the window
     * (returns that name no order); orders counts those not fully refunded; points counts
     * credits and reversals by when the ledger recorded them.
     */
    Map<Integer, Long> measure(long workspaceId, LoyaltyProgram program, Map<Integer, Instant> ats) {
        if (ats.isEmpty()) {
            return new HashMap<>();
        }
        Instant earliest = ats.values().stream().min(Instant::compareTo).orElseThrow();
        Instant latest = ats.values().stream().max(Instant::compareTo).orElseThrow();
        return rows(workspaceId, program, ats.keySet(), earliest, latest).upTo(ats);
    }

    /**
     * The rows behind the members' measures for instants from {@code earliest} to {@code latest}:
     * what counts towards the program's basis, and when it happened. The order earner reads them
     * once per batch and follows each member's measure through it.
     */
    private static OrderRows.Selection paid(
            LoyaltyProgram program, Collection<Integer> customerNos, Instant from, Instant to) {
        return OrderRows.Selection.ofBrand(program.brandId())
                .ofCustomers(customerNos)
                .paid(from, to);
    }

    Rows rows(
            long workspaceId,
            LoyaltyProgram program,
            Collection<Integer> customerNos,
            Instant earliest,
            Instant latest) {
        Rows rows = new Rows(customerNos, earliest);
        if (customerNos.isEmpty()) {
            return rows;
        }
        Instant from = yearBefore(earliest);
        switch (program.tiers().basis()) {
            case POINTS ->
                jdbc.sql("""
                            select e.customer_no, e.created_at as at, e.points as v
                              from unnest(cast(:nos as integer array)) as k(no)
                              join points_entry e on e.workspace_id = :ws and e.brand_id = :brand and e.customer_no = k.no
                             where e.kind in ('earn', 'reverse') and e.created_at > :from and e.created_at <= :to""")
                        .param("nos", SqlArrays.integers(customerNos))
                        .param("ws", workspaceId)
                        .param("brand", program.brandId())
                        .param("from", SqlTime.param(from))
                        .param("to", SqlTime.param(latest))
                        .query(rs -> {
                            rows.add(rs.getInt(1), SqlTime.read(rs, "at"), rs.getLong(3));
                        });
            case ORDERS ->
                orders.amounts(
                        workspaceId,
                        paid(program, customerNos, from, latest),
                        (no, at, paid, refunded) ->
                                rows.add(no, at, paid > refunded ? 1 : 0)); // an order counts until fully refunded
            case NET_SPEND -> {
                orders.amounts(
                        workspaceId,
                        paid(program, customerNos, from, latest),
                        (no, at, paid, refunded) -> rows.add(no, at, paid - refunded));
                // a return that names no order counts when it was refunded: it has no payment to follow
                orders.customerRefunds(
                        workspaceId,
                        paid(program, customerNos, from, latest),
                        r -> rows.add(r.customerNo(), r.refundedAt(), -r.amountFen()));
            }
        }
        return rows;
    }

    /** Members' dated contributions to their measure: sums over any member's rolling year. */
    static final class Rows {

        private final Map<Integer, List<Map.Entry<Instant, Long>>> byMember = new HashMap<>();
        private final Set<Integer> customers;
        private final Instant from;

        /** The rows of {@code customers} for instants from {@code from} on (and the year before it). */
        Rows(Collection<Integer> customers, Instant from) {
            this.customers = Set.copyOf(customers);
            this.from = from;
        }

        boolean covers(int customerNo) {
            return customers.contains(customerNo);
        }

        void add(int customerNo, Instant at, long value) {
            byMember.computeIfAbsent(customerNo, no -> new ArrayList<>()).add(Map.entry(at, value));
        }

        /** The measure over the year up to and including {@code at}. */
        long upTo(int customerNo, Instant at) {
            return sum(customerNo, yearBefore(at), at, true);
        }

        /** The measure over the year up to {@code at}, without what happened at {@code at} itself. */
        long before(int customerNo, Instant at) {
            return sum(customerNo, yearBefore(at), at, false);
        }

        /**
         * The first instant from the rows' start to {@code at} at which the member's measure
         * reached {@code units} ({@code at} if none did).
         */
        Instant firstReaching(int customerNo, long units, Instant at) {
            return byMember.getOrDefault(customerNo, List.of()).stream()
                    .map(Map.Entry::getKey)
                    .filter(when -> !when.isBefore(from) && !when.isAfter(at))
                    .sorted()
                    .filter(when -> upTo(customerNo, when) >= units)
                    .findFirst()
                    .orElse(at);
        }

        Map<Integer, Long> upTo(Map<Integer, Instant> ats) {
            Map<Integer, Long> values = new HashMap<>();
            ats.forEach((no, at) -> values.put(no, upTo(no, at)));
            return values;
        }

        private long sum(int customerNo, Instant after, Instant until, boolean untilIncluded) {
            long sum = 0;
            for (var row : byMember.getOrDefault(customerNo, List.of())) {
                Instant when = row.getKey();
                if (when.isAfter(after) && (untilIncluded ? !when.isAfter(until) : when.isBefore(until))) {
                    sum += row.getValue();
                }
            }
            return sum;
        }
    }

    List<TierChange> history(long workspaceId, long brandId, int customerNo) {
        return jdbc.sql("""
                        select * from tier_change where workspace_id = :ws and brand_id = :brand and customer_no = :no
                         order by id desc
                        """)
                .param("ws", workspaceId)
                .param("brand", brandId)
                .param("no", customerNo)
                .query((rs, row) -> new TierChange(
                        rs.getString("from_tier"),
                        rs.getString("to_tier"),
                        rs.getString("reason"),
                        rs.getLong("basis_value"),
                        SqlTime.read(rs, "changed_at")))
                .list();
    }

    void record(
            long workspaceId,
            long brandId,
            int customerNo,
            String from,
            String to,
            String reason,
            long value,
            Instant at) {
        jdbc.sql("""
                        insert into tier_change (workspace_id, brand_id, customer_no, from_tier, to_tier, reason, basis_value,
                                                 changed_at)
                        values (:ws, :brand, :no, :from, :to, :reason, :value, :at)
                        """)
                .param("ws", workspaceId)
                .param("brand", brandId)
                .param("no", customerNo)
                .param("from", from)
                .param("to", to)
                .param("reason", reason)
                .param("value", value)
                .param("at", SqlTime.param(at))
                .update();
        events.publishEvent(new MembersChanged(workspaceId, Set.of(customerNo)));
    }

    /** The first anniversary of {@code since} after {@code now}. */
    static Instant anniversary(Instant since, Instant now) {
        var next = since.atOffset(ZoneOffset.UTC).plusYears(1);
        while (!next.toInstant().isAfter(now)) {
            next = next.plusYears(1);
        }
        return next.toInstant();
    }

    static Instant yearBefore(Instant at) {
        return at.atOffset(ZoneOffset.UTC).minusYears(1).toInstant();
    }

    private void move(
            long workspaceId,
            long brandId,
            int customerNo,
            String from,
            String to,
            String reason,
            long value,
            Instant since,
            Instant at) {
        updateMember(
                workspaceId,
                brandId,
                customerNo,
                "tier_code = :tier, tier_since = :since, tier_review_at = :review, grace_until = null",
                Map.of(
                        "tier", to,
                        "since", SqlTime.param(since),
                        "review", SqlTime.param(anniversary(since, at))));
        record(workspaceId, brandId, customerNo, from, to, reason, value, at);
    }

    /** Keeps the tier for another year from its last anniversary. */
    private void retain(long workspaceId, long brandId, int customerNo, String tier, long value, Instant at) {
        updateMember(
                workspaceId,
                brandId,
                customerNo,
                "grace_until = null, tier_review_at = :review",
                Map.of("review", SqlTime.param(anniversary(sinceOf(workspaceId, brandId, customerNo), at))));
        record(workspaceId, brandId, customerNo, tier, tier, "retained", value, at);
    }

    private Instant sinceOf(long workspaceId, long brandId, int customerNo) {
        return jdbc.sql(
                        "select tier_since from loyalty_member where workspace_id = :ws and brand_id = :brand and customer_no = :no")
                .param("ws", workspaceId)
                .param("brand", brandId)
                .param("no", customerNo)
                .query((rs, row) -> SqlTime.read(rs, "tier_since"))
                .single();
    }

    private void clearReview(long workspaceId, long brandId, int customerNo) {
        updateMember(workspaceId, brandId, customerNo, "tier_review_at = null, grace_until = null", Map.of());
    }

    /** Sets columns ({@code assignments}, with named {@code params}) of one member's row. */
    private void updateMember(
            long workspaceId, long brandId, int customerNo, String assignments, Map<String, Object> params) {
        jdbc.sql("update loyalty_member set " + assignments
                        + " where workspace_id = :ws and brand_id = :brand and customer_no = :no")
                .params(params)
                .param("ws", workspaceId)
                .param("brand", brandId)
                .param("no", customerNo)
                .update();
    }
}
