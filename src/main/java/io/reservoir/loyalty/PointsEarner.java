package io.reservoir.loyalty;

import io.reservoir.identity.Customers;
import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the programs from the event log, read in order from where it stopped (the workspace's
 * cursor row, locked while it works, so one node at a time): joins and leaves make and end
 * memberships; orders earn points (× the member's tier multiplier, × the birthday multiplier in
 * the birthday month) and a member's first order its bonus; refunds take back the refunded share
 * of an order's points (rounded half up; never more than was credited); check-ins, reviews and
 * shares earn their action points under the caps; then the tiers of the members who bought are
 * re-evaluated. Every credit is keyed by its cause, so a re-read event never counts twice.
 */
@Component
class PointsEarner {

    static final int BATCH = 5_000;
    static final String JOINED = "Member Joined";
    static final String LEFT = "Member Left";
    static final Map<String, String> ACTIONS =
            Map.of("Checked In", "check_in", "Review Posted", "review", "Content Shared", "share");

    private final JdbcClient jdbc;
    private final PointsLedger ledger;
    private final LoyaltyPrograms programs;
    private final Memberships memberships;
    private final TierKeeper tiers;
    private final ActionRewards actions;
    private final Customers customers;
    private final BrandClock brandClock;
    private final JsonMapper json;
    private final ApplicationEventPublisher publisher;

    PointsEarner(
            JdbcClient jdbc,
            PointsLedger ledger,
            LoyaltyPrograms programs,
            Memberships memberships,
            TierKeeper tiers,
            ActionRewards actions,
            Customers customers,
            BrandClock brandClock,
            JsonMapper json,
            ApplicationEventPublisher publisher) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.programs = programs;
        this.memberships = memberships;
        this.tiers = tiers;
        this.actions = actions;
        this.customers = customers;
        this.brandClock = brandClock;
        this.json = json;
        this.publisher = publisher;
    }

    private record LogEvent(
            long seq,
            String messageId,
            String event,
            Instant at,
            String channel,
            long brandId,
            int customerNo,
            String orderId,
            Long paidFen,
            Long refundFen,
            String payload) {}

    /**
     * Handles up to {@code limit} events after the cursor; returns how many it read. (The order
     * names the index's columns in full: then H2 reads the index in order and stops at the limit
     * instead of sorting every later event of the workspace.)
     */
    @Transactional
    int catchUp(long workspaceId, int limit) {
        jdbc.sql("insert into points_cursor (workspace_id, event_seq) values (:ws, 0) on conflict do nothing")
                .param("ws", workspaceId)
                .update();
        long cursor = jdbc.sql("select event_seq from points_cursor where workspace_id = :ws for update")
                .param("ws", workspaceId)
                .query(Long.class)
                .single();
        List<LogEvent> events = jdbc.sql("""
                        select e.seq, e.message_id, e.event_name, e.occurred_at, e.channel,
                               coalesce(o.brand_id, r.brand_id, e.brand_id) as brand_id,
                               coalesce(o.order_id, r.order_id) as order_id,
                               coalesce(o.customer_no, r.customer_no, e.customer_no) as customer_no,
                               o.paid_fen, r.amount_fen,
                               case when e.event_name = 'Member Joined' then e.payload end as payload
                          from event_log e
                          left join customer_order o on o.workspace_id = e.workspace_id and o.message_id = e.message_id
                          left join order_refund r on r.workspace_id = e.workspace_id and r.message_id = e.message_id
                         where e.workspace_id = :ws and e.seq > :cursor
                           and e.event_name in ('Order Completed', 'Order Refunded', 'Member Joined', 'Member Left',
                                                'Checked In', 'Review Posted', 'Content Shared')
                         order by e.workspace_id, e.seq fetch first :limit rows only
                        """)
                .param("ws", workspaceId)
                .param("cursor", cursor)
                .param("limit", limit)
                .query((rs, row) -> new LogEvent(
                        rs.getLong("seq"),
                        rs.getString("message_id"),
                        rs.getString("event_name"),
                        SqlTime.read(rs, "occurred_at"),
                        rs.getString("channel"),
                        rs.getLong("brand_id"),
                        rs.getInt("customer_no"),
                        rs.getString("order_id"),
                        rs.getObject("paid_fen", Long.class),
                        rs.getObject("amount_fen", Long.class),
                        rs.getString("payload")))
                .list();
        Round round = new Round(workspaceId, events);
        for (LogEvent e : events) {
            round.handle(e);
        }
        round.finish();
        if (!events.isEmpty()) {
            publisher.publishEvent(new MembersChanged(
                    workspaceId, events.stream().map(LogEvent::customerNo).collect(Collectors.toSet())));
        }
        if (!events.isEmpty()) {
            jdbc.sql("update points_cursor set event_seq = :seq where workspace_id = :ws")
                    .param("seq", events.get(events.size() - 1).seq())
                    .param("ws", workspaceId)
                    .update();
        }
        return events.size();
    }

    /** One batch of events: the programs, members and birthdays it needs, read once. */
    private final class Round {

        final long workspaceId;
        final Map<Long, Optional<LoyaltyProgram>> programOf = new HashMap<>();
        final Map<Long, ZoneId> zones = new HashMap<>();
        final Map<Long, Map<Integer, Member>> members = new HashMap<>();
        final Map<Integer, String> birthdays;
        final List<PointsLedger.Credit> credits = new ArrayList<>();
        /** Refunds waiting to be reversed after the credits before them, at the next flush. */
        final List<LogEvent> refunds = new ArrayList<>();
        /** The accounts (brand, customer) with a credit, and with a refund, waiting. */
        final Set<List<Long>> crediting = new HashSet<>();

        final Set<List<Long>> refunding = new HashSet<>();
        /** Per brand, each buyer's latest order or refund in the round: their tiers are evaluated then. */
        final Map<Long, Map<Integer, Instant>> bought = new HashMap<>();
        /**
         * Per brand with tiers, what counts towards the buyers' tiers over the round's span, read
         * once: an order earns at the tier its member held when paying, upgrades by earlier
         * orders of the same round included, however the log is cut into rounds.
         */
        final Map<Long, TierKeeper.Rows> measures = new HashMap<>();

        Round(long workspaceId, List<LogEvent> events) {
            this.workspaceId = workspaceId;
            Map<Long, Set<Integer>> nosByBrand = new HashMap<>();
            events.forEach(e -> nosByBrand
                    .computeIfAbsent(e.brandId(), b -> new HashSet<>())
                    .add(e.customerNo()));
            nosByBrand.forEach((brand, nos) -> members.put(brand, memberships.active(workspaceId, brand, nos)));
            boolean birthdayBonus = nosByBrand.keySet().stream()
                    .anyMatch(brand -> program(brand)
                            .filter(p -> p.birthdayMultiplier().compareTo(BigDecimal.ONE) > 0)
                            .isPresent());
            readMeasures(events);
            this.birthdays = birthdayBonus
                    ? customers.attribute(
                            workspaceId,
                            events.stream().map(LogEvent::customerNo).distinct().toList(),
                            "birthday")
                    : Map.of();
        }

        /** Only members have tiers: those of the round's start and those joining in it. */
        private void readMeasures(List<LogEvent> events) {
            Set<List<Long>> joining = events.stream()
                    .filter(e -> e.event().equals(JOINED))
                    .map(this::account)
                    .collect(Collectors.toSet());
            Map<Long, List<LogEvent>> buying = events.stream()
                    .filter(e -> e.orderId() != null)
                    .filter(e -> members.get(e.brandId()).containsKey(e.customerNo()) || joining.contains(account(e)))
                    .filter(e -> program(e.brandId())
                            .filter(LoyaltyProgram::hasTiers)
                            .isPresent())
                    .collect(Collectors.groupingBy(LogEvent::brandId));
            buying.forEach((brand, orders) -> measures.put(
                    brand,
                    tiers.rows(
                            workspaceId,
                            program(brand).orElseThrow(),
                            orders.stream().map(LogEvent::customerNo).collect(Collectors.toSet()),
                            orders.stream()
                                    .map(LogEvent::at)
                                    .min(Instant::compareTo)
                                    .orElseThrow(),
                            orders.stream()
                                    .map(LogEvent::at)
                                    .max(Instant::compareTo)
                                    .orElseThrow())));
        }

        /**
         * The tier the member holds when paying {@code e}: the one on record, or the higher one
         * that the year's measure before this payment reaches (tiers rise at once).
         */
        private Optional<LoyaltyProgram.Tier> tierAt(LoyaltyProgram program, Member member, LogEvent e) {
            LoyaltyProgram.Tiers levels = program.tiers();
            TierKeeper.Rows measure = measures.get(e.brandId());
            int rank = levels.rank(member.tierCode());
            if (measure != null && !"points".equals(levels.basis())) {
                // points count by when the ledger recorded them, so the round's own never do
                rank = Math.max(
                        rank,
                        levels.rank(levels.qualifying(measure.before(e.customerNo(), e.at()))
                                .code()));
            }
            return rank < 0 ? Optional.empty() : Optional.of(levels.levels().get(rank));
        }

        Optional<LoyaltyProgram> program(long brandId) {
            return programOf.computeIfAbsent(brandId, brand -> programs.find(workspaceId, brand));
        }

        LocalDate day(LogEvent e) {
            return e.at().atZone(zones.computeIfAbsent(e.brandId(), b -> brandClock.zone(workspaceId, b)))
                    .toLocalDate();
        }

        Member member(LogEvent e) {
            return members.get(e.brandId()).get(e.customerNo());
        }

        void handle(LogEvent e) {
            switch (e.event()) {
                case "Order Completed" -> {
                    if (e.orderId() != null && e.paidFen() != null) { // else a later copy, only logged
                        if (refunding.contains(account(e))) {
                            flush(); // the member's refund before this order first
                        }
                        ordered(e);
                    }
                }
                case "Order Refunded" -> {
                    if (e.orderId() != null && e.refundFen() != null) {
                        // reversed at the flush, after the credits before it: it may take back one of them
                        active(e);
                        refunds.add(e);
                        refunding.add(account(e));
                    }
                }
                case JOINED -> {
                    if (crediting.contains(account(e)) || refunding.contains(account(e))) {
                        flush();
                    }
                    joined(e);
                }
                case LEFT -> {
                    memberships.leave(workspaceId, e.brandId(), e.customerNo(), e.at());
                    members.get(e.brandId()).remove(e.customerNo());
                }
                default -> {
                    String action = ACTIONS.get(e.event());
                    if (action != null && member(e) != null) {
                        program(e.brandId())
                                .ifPresent(p -> actions.reward(
                                        workspaceId, p, e.customerNo(), action, day(e), cause(action, e)));
                    }
                }
            }
        }

        private String cause(String action, LogEvent e) {
            return action.equals("check_in") ? day(e).toString() : e.messageId();
        }

        private void ordered(LogEvent e) {
            Optional<LoyaltyProgram> found = program(e.brandId());
            if (found.isEmpty()) {
                return;
            }
            LoyaltyProgram program = found.get();
            Member member = member(e);
            active(e);
            BigDecimal multiplier = BigDecimal.ONE;
            if (member != null) {
                multiplier = tierAt(program, member, e)
                        .map(LoyaltyProgram.Tier::pointsMultiplier)
                        .orElse(BigDecimal.ONE);
            }
            if (inBirthdayMonth(e)) {
                multiplier = multiplier.multiply(program.birthdayMultiplier());
            }
            long points = BigDecimal.valueOf(e.paidFen())
                    .multiply(BigDecimal.valueOf(program.pointsPerYuan()))
                    .multiply(multiplier)
                    .movePointLeft(2)
                    .setScale(0, RoundingMode.DOWN)
                    .longValue();
            crediting.add(account(e));
            if (points > 0) {
                credits.add(new PointsLedger.Credit(
                        e.brandId(),
                        e.customerNo(),
                        Math.min(points, PointsLedger.MAX_POINTS),
                        earnKey(e),
                        expiry(e, program),
                        "order " + e.orderId(),
                        "order",
                        day(e)));
            }
            if (member != null) {
                program.action("first_order")
                        .ifPresent(rule -> credits.add(new PointsLedger.Credit(
                                e.brandId(),
                                e.customerNo(),
                                rule.points(),
                                "first_order:" + e.brandId() + ":" + e.customerNo(),
                                null,
                                "first order " + e.orderId(),
                                "first_order",
                                day(e))));
            }
        }

        private void active(LogEvent e) {
            bought.computeIfAbsent(e.brandId(), b -> new HashMap<>())
                    .merge(e.customerNo(), e.at(), (a, b) -> a.isAfter(b) ? a : b);
        }

        private boolean inBirthdayMonth(LogEvent e) {
            String birthday = birthdays.get(e.customerNo());
            if (birthday == null || birthday.length() < 7) {
                return false;
            }
            try {
                return Integer.parseInt(birthday.substring(5, 7)) == day(e).getMonthValue();
            } catch (NumberFormatException notADate) {
                return false;
            }
        }

        /**
         * Reverses the waiting refunds' share of their orders' points (earned × refunded ÷ paid,
         * rounded half up), the credits and orders they name read at once.
         */
        private void reverseRefunds() {
            if (refunds.isEmpty()) {
                return;
            }
            Map<String, PointsEntry> earned = ledger.credits(
                    workspaceId, refunds.stream().map(this::earnKey).distinct().toList());
            Map<List<Object>, Long> paid = paidFen(
                    refunds.stream().filter(e -> earned.containsKey(earnKey(e))).toList());
            for (LogEvent e : refunds) {
                PointsEntry credit = earned.get(earnKey(e));
                long paidFen = paid.getOrDefault(List.of(e.brandId(), e.orderId()), 0L);
                if (credit == null || paidFen <= 0) {
                    continue;
                }
                long share = BigInteger.valueOf(credit.points()) // without overflow
                        .multiply(BigInteger.valueOf(e.refundFen()))
                        .multiply(BigInteger.TWO)
                        .add(BigInteger.valueOf(paidFen))
                        .divide(BigInteger.valueOf(paidFen).multiply(BigInteger.TWO))
                        .longValue();
                if (share > 0) {
                    ledger.reverse(
                            workspaceId,
                            credit.brandId(),
                            credit.customerNo(),
                            earnKey(e),
                            Math.min(share, credit.points()),
                            "refund:" + e.messageId(),
                            "refund of order " + e.orderId(),
                            program(e.brandId()).map(LoyaltyProgram::allowDebt).orElse(false));
                }
            }
        }

        /** What the refunds' orders were paid, by (brand, order id). */
        private Map<List<Object>, Long> paidFen(List<LogEvent> refunded) {
            Map<List<Object>, Long> paid = new HashMap<>();
            Map<Long, Set<String>> ordersByBrand = new HashMap<>();
            refunded.forEach(e -> ordersByBrand
                    .computeIfAbsent(e.brandId(), b -> new HashSet<>())
                    .add(e.orderId()));
            ordersByBrand.forEach((brand, orders) -> jdbc.sql("""
                            select o.order_id, o.paid_fen from unnest(cast(:orders as varchar array)) as k(order_id)
                              join customer_order o on o.workspace_id = :ws and o.brand_id = :brand and o.order_id = k.order_id
                            """)
                    .param("orders", SqlArrays.varchars(orders))
                    .param("ws", workspaceId)
                    .param("brand", brand)
                    .query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2)))
                    .list()
                    .forEach(o -> paid.put(List.of(brand, o.getKey()), o.getValue())));
            return paid;
        }

        private void joined(LogEvent e) {
            JsonNode properties =
                    e.payload() == null ? null : json.readTree(e.payload()).path("properties");
            Memberships.Join join =
                    MemberJoinedEvent.join(e.brandId(), e.customerNo(), e.at(), e.channel(), e.messageId(), properties);
            LoyaltyProgram program = program(e.brandId())
                    .orElse(LoyaltyPrograms.withDefaults(
                            new LoyaltyProgram(e.brandId(), 0, null, false, null, null, null, null)));
            List<String> channels = program.joining().channels();
            if (join.viaBrandId() == null && !channels.isEmpty() && !channels.contains(e.channel())) {
                return; // joining there does not count for this program
            }
            Member member = memberships.join(workspaceId, program, join);
            members.get(e.brandId()).put(e.customerNo(), member);
        }

        private String earnKey(LogEvent e) {
            return "order:" + e.brandId() + ":" + e.orderId();
        }

        List<Long> account(LogEvent e) {
            return List.of(e.brandId(), (long) e.customerNo());
        }

        void flush() {
            ledger.earnAll(workspaceId, credits);
            credits.clear();
            crediting.clear();
            reverseRefunds();
            refunds.clear();
            refunding.clear();
        }

        void finish() {
            flush();
            bought.forEach((brand, activity) ->
                    program(brand).ifPresent(p -> tiers.evaluate(workspaceId, p, activity, measures.get(brand))));
        }

        private Instant expiry(LogEvent e, LoyaltyProgram program) {
            if (!program.expiry().equals("end_of_next_year")) {
                return null;
            }
            ZoneId zone = zones.computeIfAbsent(e.brandId(), b -> brandClock.zone(workspaceId, b));
            int year = e.at().atZone(zone).getYear();
            return LocalDate.of(year + 2, 1, 1).atStartOfDay(zone).toInstant();
        }
    }

    /** The workspaces that run a loyalty program, for the schedule. */
    List<Long> workspacesWithPrograms() {
        return jdbc.sql("select distinct workspace_id from loyalty_program")
                .query(Long.class)
                .list();
    }
}
