package io.reservoir.loyalty;

import io.reservoir.ingest.Channels;
import io.reservoir.loyalty.LoyaltyProgram.ActionRule;
import io.reservoir.loyalty.LoyaltyProgram.Expiry;
import io.reservoir.loyalty.LoyaltyProgram.Joining;
import io.reservoir.loyalty.LoyaltyProgram.Tier;
import io.reservoir.loyalty.LoyaltyProgram.TierBasis;
import io.reservoir.loyalty.LoyaltyProgram.TierBenefits;
import io.reservoir.loyalty.LoyaltyProgram.Tiers;
import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.Problems;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.tenancy.Caller;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The brands' loyalty programs. A program is validated whole before it is stored: a wrong field
 * is named with its path ({@code tiers.levels[1].threshold}) and nothing is written.
 */
@Service
public class LoyaltyPrograms {

    static final int MAX_POINTS_PER_YUAN = 1_000;
    static final BigDecimal MAX_MULTIPLIER = BigDecimal.TEN;
    static final BigDecimal MAX_PAID_JOIN = new BigDecimal("10000");
    static final int MAX_TIERS = 12;
    static final int MAX_GRACE_DAYS = 366;
    private static final Pattern CODE = Pattern.compile("[a-z0-9_]{1,30}");

    /** What the {@code rules} column holds: everything but the rate and the expiry. */
    private record Rules(
            boolean allowDebt,
            BigDecimal birthdayMultiplier,
            Joining joining,
            Tiers tiers,
            Map<String, ActionRule> actions) {}

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final JsonMapper json;

    LoyaltyPrograms(JdbcClient jdbc, AuditLog audit, Clock clock, JsonMapper json) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
    }

    @Transactional(readOnly = true)
    public Optional<LoyaltyProgram> find(long workspaceId, long brandId) {
        return jdbc.sql("select * from loyalty_program where workspace_id = :ws and brand_id = :brand")
                .param("ws", workspaceId)
                .param("brand", brandId)
                .query((rs, row) -> program(
                        rs.getLong("brand_id"),
                        rs.getInt("points_per_yuan"),
                        rs.getString("expiry"),
                        rs.getString("rules")))
                .optional();
    }

    /** Sets a brand's program (admins); earning and tiers follow it from then on. Audited. */
    @Transactional
    public LoyaltyProgram put(Caller caller, LoyaltyProgram requested) {
        caller.requireAdmin();
        LoyaltyProgram program = validated(requested);
        Rules rules = new Rules(
                program.allowDebt(),
                program.birthdayMultiplier(),
                program.joining(),
                program.tiers(),
                program.actions());
        jdbc.sql("delete from loyalty_program where workspace_id = :ws and brand_id = :brand")
                .param("ws", caller.workspaceId())
                .param("brand", program.brandId())
                .update();
        jdbc.sql("""
                        insert into loyalty_program (workspace_id, brand_id, points_per_yuan, expiry, rules, updated_at)
                        values (:ws, :brand, :rate, :expiry, :rules, :at)
                        """)
                .param("ws", caller.workspaceId())
                .param("brand", program.brandId())
                .param("rate", program.pointsPerYuan())
                .param("expiry", program.expiry().id())
                .param("rules", json.writeValueAsString(rules))
                .param("at", SqlTime.param(SqlTime.now(clock)))
                .update();
        audit.record(
                caller,
                "loyalty.program_set",
                "brand",
                program.brandId(),
                Map.of(
                        "pointsPerYuan", program.pointsPerYuan(),
                        "expiry", program.expiry().id(),
                        "tiers",
                                program.tiers().levels().stream()
                                        .map(Tier::code)
                                        .toList()));
        return program;
    }

    private LoyaltyProgram program(long brandId, int rate, String expiry, String rulesJson) {
        Rules rules = rulesJson == null
                ? new Rules(false, BigDecimal.ONE, null, null, null)
                : json.readValue(rulesJson, Rules.class);
        return withDefaults(new LoyaltyProgram(
                brandId,
                rate,
                Expiry.parse("expiry", expiry),
                rules.allowDebt(),
                rules.birthdayMultiplier(),
                rules.joining(),
                rules.tiers(),
                rules.actions()));
    }

    /** Fills what a request left out: no gift, no tiers, no action rewards, no birthday bonus. */
    static LoyaltyProgram withDefaults(LoyaltyProgram p) {
        Joining joining = p.joining() == null ? new Joining(List.of(), 0L, null, null) : p.joining();
        joining = new Joining(
                joining.channels() == null ? List.of() : joining.channels(),
                joining.giftPoints() == null ? 0L : joining.giftPoints(),
                joining.joinCoupon(),
                joining.paidJoinAmount());
        Tiers tiers = p.tiers() == null ? Tiers.none() : p.tiers();
        tiers = new Tiers(
                tiers.basis() == null ? TierBasis.NET_SPEND : tiers.basis(),
                tiers.graceDays() == null ? 0 : tiers.graceDays(),
                tiers.levels() == null ? List.of() : tiers.levels());
        List<Tier> levels = tiers.levels().stream()
                .map(t -> t == null
                        ? null
                        : new Tier(
                                t.code(),
                                t.name() == null ? t.code() : t.name(),
                                t.threshold(),
                                t.pointsMultiplier() == null ? BigDecimal.ONE : t.pointsMultiplier(),
                                benefits(t.benefits())))
                .toList();
        return new LoyaltyProgram(
                p.brandId(),
                p.pointsPerYuan(),
                p.expiry() == null ? Expiry.END_OF_NEXT_YEAR : p.expiry(),
                p.allowDebt(),
                p.birthdayMultiplier() == null ? BigDecimal.ONE : p.birthdayMultiplier(),
                joining,
                new Tiers(tiers.basis(), tiers.graceDays(), levels),
                p.actions() == null ? Map.of() : new LinkedHashMap<>(p.actions()));
    }

    private static TierBenefits benefits(TierBenefits b) {
        return b == null
                ? TierBenefits.none()
                : new TierBenefits(
                        Boolean.TRUE.equals(b.priorityPurchase()),
                        Boolean.TRUE.equals(b.freeShipping()),
                        Boolean.TRUE.equals(b.exclusiveService()),
                        b.extraGift(),
                        b.birthdayGift());
    }

    /** The program with its defaults, or a refusal naming every wrong field at once. */
    static LoyaltyProgram validated(LoyaltyProgram requested) {
        LoyaltyProgram p = withDefaults(requested);
        Problems problems = new Problems();
        if (p.pointsPerYuan() < 0 || p.pointsPerYuan() > MAX_POINTS_PER_YUAN) {
            problems.add("pointsPerYuan", "must be between 0 and " + MAX_POINTS_PER_YUAN);
        }
        multiplier(problems, "birthdayMultiplier", p.birthdayMultiplier());
        Joining joining = p.joining();
        for (int i = 0; i < joining.channels().size(); i++) {
            if (!Channels.CHANNELS.contains(joining.channels().get(i))) {
                problems.add("joining.channels[" + i + "]", "must be one of " + Channels.CHANNELS);
            }
        }
        if (joining.giftPoints() < 0 || joining.giftPoints() > PointsLedger.MAX_POINTS) {
            problems.add("joining.giftPoints", "must be between 0 and " + PointsLedger.MAX_POINTS);
        }
        if (joining.joinCoupon() != null
                && (joining.joinCoupon().isBlank() || joining.joinCoupon().length() > 100)) {
            problems.add("joining.joinCoupon", "must be 1 to 100 characters");
        }
        BigDecimal paid = joining.paidJoinAmount();
        if (paid != null && (paid.signum() <= 0 || paid.scale() > 2 || paid.compareTo(MAX_PAID_JOIN) > 0)) {
            problems.add(
                    "joining.paidJoinAmount", "must be a yuan amount from 0.01 to " + MAX_PAID_JOIN + " (fen at most)");
        }
        validateTiers(problems, p.tiers());
        for (Map.Entry<String, ActionRule> action : p.actions().entrySet()) {
            String field = "actions." + action.getKey();
            if (!LoyaltyProgram.ACTIONS.contains(action.getKey())) {
                problems.add(field, "is not an action; one of " + LoyaltyProgram.ACTIONS);
                continue;
            }
            ActionRule rule = action.getValue();
            if (rule == null || rule.points() == null || rule.points() < 0 || rule.points() > PointsLedger.MAX_POINTS) {
                problems.add(field + ".points", "must be between 0 and " + PointsLedger.MAX_POINTS);
            }
            if (rule == null) {
                continue;
            }
            if (rule.maxPerDay() != null && rule.maxPerDay() < 1) {
                problems.add(field + ".maxPerDay", "must be 1 or more (leave it out for no cap)");
            }
            if (rule.maxPerMonth() != null && rule.maxPerMonth() < 1) {
                problems.add(field + ".maxPerMonth", "must be 1 or more (leave it out for no cap)");
            } else if (rule.maxPerDay() != null
                    && rule.maxPerMonth() != null
                    && rule.maxPerMonth() < rule.maxPerDay()) {
                problems.add(field + ".maxPerMonth", "must not be below maxPerDay");
            }
        }
        problems.check();
        return p;
    }

    private static void validateTiers(Problems problems, Tiers tiers) {
        if (tiers.graceDays() < 0 || tiers.graceDays() > MAX_GRACE_DAYS) {
            problems.add("tiers.graceDays", "must be between 0 and " + MAX_GRACE_DAYS);
        }
        if (tiers.levels().size() > MAX_TIERS) {
            problems.add("tiers.levels", "at most " + MAX_TIERS + " tiers");
            return;
        }
        Set<String> codes = new HashSet<>();
        long previous = -1;
        for (int i = 0; i < tiers.levels().size(); i++) {
            String field = "tiers.levels[" + i + "]";
            Tier tier = tiers.levels().get(i);
            if (tier == null) {
                problems.add(field, "is empty");
                continue;
            }
            if (tier.code() == null || !CODE.matcher(tier.code()).matches()) {
                problems.add(field + ".code", "must be 1 to 30 of a-z, 0-9 and _");
            } else if (!codes.add(tier.code())) {
                problems.add(field + ".code", "'" + tier.code() + "' is used twice");
            }
            if (tier.name() == null || tier.name().isBlank() || tier.name().length() > 50) {
                problems.add(field + ".name", "must be 1 to 50 characters");
            }
            Long units = units(tiers.basis(), tier.threshold());
            if (units == null) {
                problems.add(
                        field + ".threshold",
                        tiers.basis() == TierBasis.NET_SPEND
                                ? "must be a yuan amount of 0 or more (fen at most)"
                                : "must be a whole number of 0 or more");
            } else if (i == 0 && units != 0) {
                problems.add(field + ".threshold", "must be 0: the first tier is where members start");
            } else if (i > 0 && units <= previous) {
                problems.add(field + ".threshold", "must be above the tier before it");
            }
            if (units != null) {
                previous = units;
            }
            multiplier(problems, field + ".pointsMultiplier", tier.pointsMultiplier());
            TierBenefits benefits = tier.benefits();
            text(problems, field + ".benefits.extraGift", benefits.extraGift());
            text(problems, field + ".benefits.birthdayGift", benefits.birthdayGift());
        }
    }

    /** A threshold in the basis' smallest unit; null when it is not one (negative, or finer than the unit). */
    private static Long units(TierBasis basis, BigDecimal threshold) {
        if (threshold == null || threshold.signum() < 0) {
            return null;
        }
        try {
            return basis == TierBasis.NET_SPEND
                    ? threshold.movePointRight(2).longValueExact()
                    : threshold.longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static void multiplier(Problems problems, String field, BigDecimal value) {
        if (value.compareTo(BigDecimal.ONE) < 0 || value.compareTo(MAX_MULTIPLIER) > 0 || value.scale() > 2) {
            problems.add(field, "must be from 1 to " + MAX_MULTIPLIER + " with at most 2 decimals");
        }
    }

    private static void text(Problems problems, String field, String value) {
        if (value != null && (value.isBlank() || value.length() > 200)) {
            problems.add(field, "must be 1 to 200 characters");
        }
    }
}
