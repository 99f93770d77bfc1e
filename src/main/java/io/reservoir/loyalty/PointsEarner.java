package io.reservoir.loyalty;

import static io.reservoir.ingest.EventNames.CHECKED_IN;
import static io.reservoir.ingest.EventNames.CONTENT_SHARED;
import static io.reservoir.ingest.EventNames.MEMBER_JOINED;
import static io.reservoir.ingest.EventNames.MEMBER_LEFT;
import static io.reservoir.ingest.EventNames.ORDER_COMPLETED;
import static io.reservoir.ingest.EventNames.ORDER_REFUNDED;
import static io.reservoir.ingest.EventNames.REVIEW_POSTED;

import io.reservoir.identity.Customers;
import io.reservoir.ingest.EventLog;
import io.reservoir.ingest.EventLog.Reading;
import io.reservoir.ingest.LoggedEvent;
import java.math.BigDecimal;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Runs the programs from the event log, read in order from where it stopped (the workspace's
 * cursor row, locked while it works, so one node at a time): joins and leaves make and end
 * memberships; orders earn points (× the member's tier multiplier, × the birthday multiplier in
 * the birthday month) and a member's first order its bonus; refunds take back the refunded share
 * of an order's points (rounded half up; never more than was credited), also refunds that came
 * before their order: those are taken back when the order earns, in the same round or a later one
 * (keyed {@code refund:<message id>} either way). A customer-level refund (one that names no order)
 * takes back nothing: no credit of an order can be named, and a share at the earn rate could take
 * points the customer never earned (an order bought before the program, or not counted by it); it
 * counts in net spend, so in the tiers. Check-ins, reviews and
 * shares earn their action points under the caps; then the tiers of the members who bought are
 * re-evaluated. Every credit is keyed by its cause, so a re-read event never counts twice.
 */
@Component
class PointsEarner {

    static final int BATCH = 5_000;
    static final Map<String, String> ACTIONS =
            Map.of(CHECKED_IN, "check_in", REVIEW_POSTED, "review", CONTENT_SHARED, "share");
    /** What the programs read of the log. */
    static final Reading PROGRAM_EVENTS = Reading.everything()
            .named(
                    ORDER_COMPLETED,
                    ORDER_REFUNDED,
                    MEMBER_JOINED,
                    MEMBER_LEFT,
                    CHECKED_IN,
                    REVIEW_POSTED,
                    CONTENT_SHARED)
            .withProperties(MEMBER_JOINED);

    private final JdbcClient jdbc;
    private final PointsLedger ledger;
    private final LoyaltyPrograms programs;
    private final Memberships memberships;
    private final TierKeeper tiers;
    private final ActionRewards actions;
    private final Customers customers;
    private final BrandClock brandClock;
    private final EventLog log;
    private final RefundReversals refundReversals;

    PointsEarner(
            JdbcClient jdbc,
            PointsLedger ledger,
            LoyaltyPrograms programs,
            Memberships memberships,
            TierKeeper tiers,
            ActionRewards actions,
            Customers customers,
            BrandClock brandClock,
            EventLog log,
            RefundReversals refundReversals) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.programs = programs;
        this.memberships = memberships;
        this.tiers = tiers;
        this.actions = actions;
        this.customers = customers;
        this.brandClock = brandClock;
        this.log = log;
        this.refundReversals = refundReversals;
    }

    /** An event of the log as the programs see it: an order's or a refund's amounts, a join's properties. */
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
            Long refundedOrderPaidFen,
            JsonNode properties) {

        static LogEvent of(LoggedEvent e) {
            LoggedEvent.Order order = e.order();
            LoggedEvent.Refund refund = e.refund();
            return new LogEvent(
                    e.seq(),
                    e.messageId(),
                    e.name(),
                    e.at(),
                    e.channel(),
                    e.brandId(),
                    e.customerNo(),
                    order != null ? order.orderId() : refund != null ? refund.orderId() : null,
                    order == null ? null : order.paidFen(),
                    refund == null ? null : refund.amountFen(),
                    refund == null ? null : refund.orderPaidFen(),
                    e.properties());
        }
    }

    /**
     * Handles up to {@code limit} events after the cursor; returns how many it read.
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
        List<LogEvent> events = log.next(workspaceId, PROGRAM_EVENTS.after(cursor), limit).stream()
                .map(LogEvent::of)
                .toList();
        Round round = new Round(workspaceId, events);
        for (LogEvent e : events) {
            round.handle(e);
        }
        // the ledger and the memberships announce the members each change reached (MembersChanged)
        round.finish();
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
        /** Orders credited since the last flush: refunds that came before them are taken back then. */
        final List<LogEvent> earning = new ArrayList<>();

        final RefundReversals.Round reversals;
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
            this.reversals = refundReversals.round(
                    workspaceId,
                    brand -> program(brand).map(LoyaltyProgram::allowDebt).orElse(false));
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
                    .filter(e -> e.event().equals(MEMBER_JOINED))
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
            if (measure != null && levels.basis() != LoyaltyProgram.TierBasis.POINTS) {
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
                case ORDER_COMPLETED -> {
                    if (e.orderId() != null && e.paidFen() != null) { // else a later copy, only logged
                        if (refunding.contains(account(e))) {
                            flush(); // the member's refund before this order first
                        }
                        ordered(e);
                    }
                }
                case ORDER_REFUNDED -> {
                    if (e.orderId() == null && e.refundFen() != null) {
                        active(e); // customer-level: no points back, but net spend fell (class comment)
                    } else if (e.orderId() != null && e.refundFen() != null) {
                        // reversed at the flush, after the credits before it: it may take back one of them
                        active(e);
                        refunds.add(e);
                        refunding.add(account(e));
                    }
                }
                case MEMBER_JOINED -> {
                    if (crediting.contains(account(e)) || refunding.contains(account(e))) {
                        flush();
                    }
                    joined(e);
                }
                case MEMBER_LEFT -> {
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
                earning.add(e);
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

        private void joined(LogEvent e) {
            Memberships.Join join = MemberJoinedEvent.join(
                    e.brandId(), e.customerNo(), e.at(), e.channel(), e.messageId(), e.properties());
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
            return RefundReversals.earnKey(e.brandId(), e.orderId());
        }

        List<Long> account(LogEvent e) {
            return List.of(e.brandId(), (long) e.customerNo());
        }

        void flush() {
            ledger.earnAll(workspaceId, credits);
            credits.clear();
            crediting.clear();
            reversals.afterCredits(refunds.stream()
                    .map(e -> new RefundReversals.Refund(
                            e.brandId(),
                            e.orderId(),
                            e.messageId(),
                            e.refundFen(),
                            e.refundedOrderPaidFen() == null ? 0 : e.refundedOrderPaidFen()))
                    .toList());
            refunds.clear();
            refunding.clear();
            reversals.beforeOrders(earning.stream()
                    .map(e -> new RefundReversals.Earned(e.brandId(), e.orderId(), e.paidFen(), e.seq()))
                    .toList());
            earning.clear();
        }

        void finish() {
            flush();
            bought.forEach((brand, activity) ->
                    program(brand).ifPresent(p -> tiers.evaluate(workspaceId, p, activity, measures.get(brand))));
        }

        private Instant expiry(LogEvent e, LoyaltyProgram program) {
            if (program.expiry() != LoyaltyProgram.Expiry.END_OF_NEXT_YEAR) {
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
