package io.reservoir.loyalty;

import io.reservoir.identity.CustomerRef;
import io.reservoir.identity.Customers;
import io.reservoir.identity.IdentityType;
import io.reservoir.identity.IdentityValue;
import io.reservoir.ingest.Channels;
import io.reservoir.ingest.EventNames;
import io.reservoir.ingest.Intake;
import io.reservoir.loyalty.LoyaltyProgram.Tier;
import io.reservoir.loyalty.LoyaltyProgram.TierBenefits;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.tenancy.Caller;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The member center: what a brand's mini-program or storefront shows and does for one member —
 * join, profile with tier and progress, points with what expires soon, the catalog as this member
 * may redeem it, redeeming, and the daily check-in. Joins and check-ins are recorded as events in
 * the log like any other; the answer already reflects them.
 */
@Service
class MemberCenter {

    static final int SOON_DAYS = 90;

    private final LoyaltyPrograms programs;
    private final Memberships memberships;
    private final TierKeeper tiers;
    private final PointsLedger ledger;
    private final Rewards rewards;
    private final ActionRewards actions;
    private final MemberEvents events;
    private final Customers customers;
    private final Intake intake;
    private final BrandClock brandClock;
    private final JsonMapper json;
    private final Clock clock;

    MemberCenter(
            LoyaltyPrograms programs,
            Memberships memberships,
            TierKeeper tiers,
            PointsLedger ledger,
            Rewards rewards,
            ActionRewards actions,
            MemberEvents events,
            Customers customers,
            Intake intake,
            BrandClock brandClock,
            JsonMapper json,
            Clock clock) {
        this.programs = programs;
        this.memberships = memberships;
        this.tiers = tiers;
        this.ledger = ledger;
        this.rewards = rewards;
        this.actions = actions;
        this.events = events;
        this.customers = customers;
        this.intake = intake;
        this.brandClock = brandClock;
        this.json = json;
        this.clock = clock;
    }

    /** A join request from the storefront: who (identities), where, and the request's key. */
    record JoinRequest(
            Map<String, String> identities,
            String channel,
            Boolean jointConsent,
            BigDecimal paidAmount,
            String paymentId,
            String key) {}

    record TierView(
            String code,
            String name,
            BigDecimal pointsMultiplier,
            TierBenefits benefits,
            Instant since,
            Instant reviewAt,
            Instant graceUntil) {}

    /**
     * Where the member stands on the way to the next tier, in the basis' unit (yuan, points or
     * orders): {@code needed} more reach {@code nextTier}; to keep the tier at the review, {@code
     * current} must stay at or above {@code keepThreshold}.
     */
    record Progress(
            LoyaltyProgram.TierBasis basis,
            BigDecimal current,
            String nextTier,
            BigDecimal nextThreshold,
            BigDecimal needed,
            BigDecimal keepThreshold) {}

    record Profile(
            String customerId,
            long brand,
            Instant joinedAt,
            String channel,
            Long viaBrand,
            TierView tier,
            Progress progress,
            long points) {}

    record Expiring(Instant expiresAt, long points) {}

    record Points(long balance, List<Expiring> soonToExpire, List<PointsEntry> history, Long next) {}

    record Offer(RewardItem item, boolean redeemable, String reason) {}

    record CheckIn(LocalDate day, boolean rewarded, long points, long balance, boolean replay) {}

    /** The member the request names, as an active member of the brand (404 otherwise). */
    record Membership(long workspaceId, CustomerRef customer, LoyaltyProgram program, Member member) {}

    LoyaltyProgram program(long workspaceId, long brandId) {
        return programs.find(workspaceId, brandId)
                .orElseThrow(() -> ReservoirException.notFound("loyalty program of brand", brandId));
    }

    Membership membership(long workspaceId, long brandId, String customerId) {
        CustomerRef ref = PointsController.activeMember(customers, Caller.system(workspaceId), customerId);
        LoyaltyProgram program = program(workspaceId, brandId);
        Member member = memberships
                .find(workspaceId, brandId, ref.customerNo())
                .filter(Member::active)
                .orElseThrow(() -> ReservoirException.notFound("member of brand " + brandId, customerId));
        return new Membership(workspaceId, ref, program, member);
    }

    /** Joins the person the identities name (creating their profile if new); replays change nothing. */
    Membership join(long workspaceId, long brandId, JoinRequest request) {
        LoyaltyProgram program = program(workspaceId, brandId);
        if (request.key() == null || request.key().isBlank() || request.key().length() > 150) {
            throw ReservoirException.invalid("key", "must be 1 to 150 characters naming the join request");
        }
        if (request.identities() == null || request.identities().isEmpty()) {
            throw ReservoirException.invalid(
                    "identities", "at least one identity is required, e.g. {\"phone\": \"…\"}");
        }
        List<IdentityValue> identities = new ArrayList<>();
        String region = brandClock.phoneRegion(workspaceId, brandId);
        request.identities()
                .forEach((type, value) -> identities.add(
                        IdentityValue.of(IdentityType.parse("identities", type), "identities." + type, value, region)));
        String channel = request.channel() == null ? "wechat_miniprogram" : request.channel();
        if (!Channels.CHANNELS.contains(channel)) {
            throw ReservoirException.invalid("channel", "must be one of " + Channels.CHANNELS);
        }
        List<String> allowed = program.joining().channels();
        if (!allowed.isEmpty() && !allowed.contains(channel)) {
            throw ReservoirException.invalid("channel", "this program takes members from " + allowed);
        }
        Long paidFen = paidJoin(program, request);
        String messageId = "member-center:join:" + brandId + ":" + request.key();
        Instant now = SqlTime.now(clock);
        ObjectNode message = json.createObjectNode();
        message.put("type", "track");
        message.put("messageId", messageId);
        message.put("event", EventNames.MEMBER_JOINED);
        message.put("timestamp", now.toString());
        ObjectNode context = message.putObject("context");
        context.put("brand", brandId);
        context.put("channel", channel);
        ObjectNode ids = context.putObject("identities");
        request.identities().forEach(ids::put);
        ObjectNode properties = message.putObject("properties");
        MemberJoinedEvent.writeProperties(
                properties,
                Boolean.TRUE.equals(request.jointConsent()),
                paidFen == null ? null : request.paidAmount(),
                request.paymentId());
        intake.accept(workspaceId, List.of(message));
        IdentityValue first = identities.stream()
                .filter(v -> v.type().uniquePerPerson())
                .findFirst()
                .orElse(identities.get(0));
        CustomerRef ref =
                customers.findByIdentity(Caller.system(workspaceId), first).orElseThrow();
        Member member = memberships.join(
                workspaceId,
                program,
                MemberJoinedEvent.join(brandId, ref.customerNo(), now, channel, messageId, properties));
        return new Membership(workspaceId, ref, program, member);
    }

    private static Long paidJoin(LoyaltyProgram program, JoinRequest request) {
        BigDecimal price = program.joining().paidJoinAmount();
        if (price == null) {
            return null;
        }
        if (request.paidAmount() == null || request.paidAmount().compareTo(price) != 0) {
            throw ReservoirException.invalid("paidAmount", "joining costs " + price.toPlainString() + " yuan");
        }
        if (request.paymentId() == null
                || request.paymentId().isBlank()
                || request.paymentId().length() > 100) {
            throw ReservoirException.invalid("paymentId", "is required for a paid join (1 to 100 characters)");
        }
        return price.movePointRight(2).longValueExact();
    }

    Profile profile(Membership m) {
        LoyaltyProgram program = m.program();
        Member member = m.member();
        TierView tier = null;
        Progress progress = null;
        if (program.hasTiers()) {
            Tier held = program.tiers()
                    .level(member.tierCode())
                    .orElse(program.tiers().levels().get(0));
            tier = new TierView(
                    held.code(),
                    held.name(),
                    held.pointsMultiplier(),
                    held.benefits(),
                    member.tierSince(),
                    member.tierReviewAt(),
                    member.graceUntil());
            progress = progress(m, held);
        }
        return new Profile(
                m.customer().id(),
                member.brandId(),
                member.joinedAt(),
                member.channel(),
                member.viaBrandId(),
                tier,
                progress,
                ledger.account(m.workspaceId(), member.brandId(), member.customerNo())
                        .balance());
    }

    private Progress progress(Membership m, Tier held) {
        LoyaltyProgram.Tiers levels = m.program().tiers();
        LoyaltyProgram.TierBasis basis = levels.basis();
        long value = tiers.measure(
                        m.workspaceId(), m.program(), List.of(m.member().customerNo()), SqlTime.now(clock))
                .getOrDefault(m.member().customerNo(), 0L);
        BigDecimal current = inUnit(basis, value);
        int rank = levels.rank(held.code());
        Tier next = rank + 1 < levels.levels().size() ? levels.levels().get(rank + 1) : null;
        BigDecimal needed =
                next == null ? null : next.threshold().subtract(current).max(BigDecimal.ZERO);
        return new Progress(
                basis,
                current,
                next == null ? null : next.code(),
                next == null ? null : next.threshold(),
                needed,
                held.threshold());
    }

    private static BigDecimal inUnit(LoyaltyProgram.TierBasis basis, long value) {
        return basis == LoyaltyProgram.TierBasis.NET_SPEND ? BigDecimal.valueOf(value, 2) : BigDecimal.valueOf(value);
    }

    Points points(Membership m, Long before, int limit) {
        PointsAccount account =
                ledger.account(m.workspaceId(), m.member().brandId(), m.member().customerNo());
        Instant soon = SqlTime.now(clock).plusSeconds(SOON_DAYS * 86_400L);
        Map<Instant, Long> expiring = new TreeMap<>();
        account.lots().stream()
                .filter(lot -> lot.expiresAt() != null && lot.expiresAt().isBefore(soon))
                .forEach(lot -> expiring.merge(lot.expiresAt(), lot.remaining(), Long::sum));
        List<PointsEntry> history =
                ledger.entries(m.workspaceId(), m.member().brandId(), m.member().customerNo(), before, limit);
        return new Points(
                account.balance(),
                expiring.entrySet().stream()
                        .map(e -> new Expiring(e.getKey(), e.getValue()))
                        .toList(),
                history,
                history.size() == limit ? history.get(limit - 1).id() : null);
    }

    List<TierChange> tierHistory(Membership m) {
        return memberships.history(
                m.workspaceId(), m.member().brandId(), m.member().customerNo());
    }

    /** The brand's catalog as this member sees it (disabled items left out): each item with whether they may redeem it now. */
    List<Offer> catalog(Membership m) {
        long balance = ledger.account(
                        m.workspaceId(), m.member().brandId(), m.member().customerNo())
                .balance();
        Instant now = SqlTime.now(clock);
        LoyaltyProgram.Tiers levels = m.program().tiers();
        List<Offer> offers = new ArrayList<>();
        for (RewardItem item : rewards.catalog(m.workspaceId(), m.member().brandId())) {
            if (item.disabled()) {
                continue; // taken out of the offer: members do not see it
            }
            String reason = null;
            if ((item.validFrom() != null && now.isBefore(item.validFrom()))
                    || (item.validUntil() != null && !now.isBefore(item.validUntil()))) {
                reason = "outside its validity";
            } else if (item.stock() != null && item.stock() < 1) {
                reason = "out of stock";
            } else if (item.minTier() != null
                    && levels.rank(String.valueOf(m.member().tierCode())) < levels.rank(item.minTier())) {
                reason = "for " + item.minTier() + " members and above";
            } else if (balance < item.pointsPrice()) {
                reason = "needs " + (item.pointsPrice() - balance) + " more points";
            }
            offers.add(new Offer(item, reason == null, reason));
        }
        return offers;
    }

    Redemption redeem(Membership m, long itemId, int quantity, String key) {
        RewardItem item = rewards.item(m.workspaceId(), itemId)
                .filter(i -> i.brandId() == m.member().brandId())
                .orElseThrow(() -> ReservoirException.notFound("reward item", itemId));
        return rewards.redeem(m.workspaceId(), item.id(), m.member().customerNo(), quantity, key);
    }

    /** Today's check-in (the brand's day): credited once a day, and logged as {@code Checked In}. */
    CheckIn checkIn(Membership m, String channel) {
        if (!Channels.CHANNELS.contains(channel)) {
            throw ReservoirException.invalid("channel", "must be one of " + Channels.CHANNELS);
        }
        Instant now = SqlTime.now(clock);
        long brand = m.member().brandId();
        LocalDate day = brandClock.day(m.workspaceId(), brand, now);
        events.send(
                m.workspaceId(),
                m.member().customerNo(),
                "member-center:check-in:" + brand + ":" + m.member().customerNo() + ":" + day,
                EventNames.CHECKED_IN,
                now,
                brand,
                channel,
                new LinkedHashMap<>(Map.of("day", day.toString())));
        Optional<PointsChange> change =
                actions.reward(m.workspaceId(), m.program(), m.member().customerNo(), "check_in", day, day.toString());
        long balance = change.map(PointsChange::balance)
                .orElseGet(
                        () -> ledger.account(m.workspaceId(), brand, m.member().customerNo())
                                .balance());
        return new CheckIn(
                day,
                change.isPresent(),
                change.map(c -> c.entry().points()).orElse(0L),
                balance,
                change.map(PointsChange::replay).orElse(false));
    }
}
