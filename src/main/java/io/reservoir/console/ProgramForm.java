package io.reservoir.console;

import static io.reservoir.console.ConsoleForms.optionalText;

import io.reservoir.loyalty.LoyaltyProgram;
import io.reservoir.loyalty.LoyaltyProgram.ActionRule;
import io.reservoir.loyalty.LoyaltyProgram.Tier;
import io.reservoir.loyalty.LoyaltyProgram.TierBenefits;
import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ReservoirException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.util.MultiValueMap;

/**
 * The program settings form as the operator typed it: text, so that a refused form comes back
 * exactly as sent. Inputs are named by the program document's field paths
 * ({@code tiers.levels[1].threshold}), so a refusal names the very input to correct.
 */
record ProgramForm(
        String pointsPerYuan,
        String expiry,
        boolean allowDebt,
        String birthdayMultiplier,
        List<String> channels,
        String giftPoints,
        String joinCoupon,
        String paidJoinAmount,
        String basis,
        String graceDays,
        List<Level> levels,
        Map<String, Action> actions) {

    /** Blank rows for new tiers below the existing ones. */
    static final int SPARE_LEVELS = 2;

    private static final Pattern LEVEL_FIELD = Pattern.compile("^tiers\\.levels\\[(\\d+)]");

    record Level(
            String code,
            String name,
            String threshold,
            String pointsMultiplier,
            boolean priorityPurchase,
            boolean freeShipping,
            boolean exclusiveService,
            String extraGift,
            String birthdayGift) {

        boolean blank() {
            return ConsoleForms.blank(code) && ConsoleForms.blank(name) && ConsoleForms.blank(threshold);
        }
    }

    record Action(String points, String maxPerDay, String maxPerMonth) {}

    /** The form showing {@code program}, or a brand's first program when there is none yet. */
    static ProgramForm of(LoyaltyProgram program) {
        if (program == null) {
            return new ProgramForm(
                    "1",
                    LoyaltyProgram.Expiry.END_OF_NEXT_YEAR.id(),
                    false,
                    "1",
                    List.of(),
                    "0",
                    "",
                    "",
                    LoyaltyProgram.TierBasis.NET_SPEND.id(),
                    "0",
                    spareLevels(new ArrayList<>()),
                    emptyActions());
        }
        List<Level> levels = new ArrayList<>();
        for (Tier t : program.tiers().levels()) {
            TierBenefits b = t.benefits();
            levels.add(new Level(
                    t.code(),
                    t.name(),
                    t.threshold().toPlainString(),
                    t.pointsMultiplier().toPlainString(),
                    Boolean.TRUE.equals(b.priorityPurchase()),
                    Boolean.TRUE.equals(b.freeShipping()),
                    Boolean.TRUE.equals(b.exclusiveService()),
                    text(b.extraGift()),
                    text(b.birthdayGift())));
        }
        Map<String, Action> actions = emptyActions();
        program.actions()
                .forEach((name, rule) -> actions.put(
                        name, new Action(text(rule.points()), text(rule.maxPerDay()), text(rule.maxPerMonth()))));
        var joining = program.joining();
        return new ProgramForm(
                String.valueOf(program.pointsPerYuan()),
                program.expiry().id(),
                program.allowDebt(),
                program.birthdayMultiplier().toPlainString(),
                joining.channels(),
                text(joining.giftPoints()),
                text(joining.joinCoupon()),
                joining.paidJoinAmount() == null ? "" : joining.paidJoinAmount().toPlainString(),
                program.tiers().basis().id(),
                text(program.tiers().graceDays()),
                spareLevels(levels),
                actions);
    }

    /** The form as posted: parameters named by field path. */
    static ProgramForm read(MultiValueMap<String, String> params) {
        List<Level> levels = new ArrayList<>();
        for (int i = 0; params.containsKey(levelField(i, "code")); i++) {
            levels.add(new Level(
                    params.getFirst(levelField(i, "code")),
                    params.getFirst(levelField(i, "name")),
                    params.getFirst(levelField(i, "threshold")),
                    params.getFirst(levelField(i, "pointsMultiplier")),
                    params.containsKey(levelField(i, "benefits.priorityPurchase")),
                    params.containsKey(levelField(i, "benefits.freeShipping")),
                    params.containsKey(levelField(i, "benefits.exclusiveService")),
                    params.getFirst(levelField(i, "benefits.extraGift")),
                    params.getFirst(levelField(i, "benefits.birthdayGift"))));
        }
        Map<String, Action> actions = new LinkedHashMap<>();
        for (String name : LoyaltyProgram.ACTIONS) {
            actions.put(
                    name,
                    new Action(
                            params.getFirst("actions." + name + ".points"),
                            params.getFirst("actions." + name + ".maxPerDay"),
                            params.getFirst("actions." + name + ".maxPerMonth")));
        }
        List<String> channels = params.getOrDefault("joining.channels", List.of());
        return new ProgramForm(
                params.getFirst("pointsPerYuan"),
                params.getFirst("expiry"),
                params.containsKey("allowDebt"),
                params.getFirst("birthdayMultiplier"),
                channels,
                params.getFirst("joining.giftPoints"),
                params.getFirst("joining.joinCoupon"),
                params.getFirst("joining.paidJoinAmount"),
                params.getFirst("tiers.basis"),
                params.getFirst("tiers.graceDays"),
                levels,
                actions);
    }

    /**
     * The program this form describes. Blank tier rows are left out; a refusal about a tier names
     * the row as the form shows it.
     */
    LoyaltyProgram program(long brandId) {
        ConsoleForms.Reading read = new ConsoleForms.Reading();
        List<Tier> tiers = new ArrayList<>();
        for (int i : keptRows()) {
            Level l = levels.get(i);
            String field = "tiers.levels[" + i + "]";
            BigDecimal multiplier = read.optionalDecimal(field + ".pointsMultiplier", l.pointsMultiplier());
            tiers.add(new Tier(
                    optionalText(l.code()),
                    l.name() == null ? "" : l.name().strip(),
                    read.optionalDecimal(field + ".threshold", l.threshold()),
                    multiplier == null ? BigDecimal.ONE : multiplier,
                    new TierBenefits(
                            l.priorityPurchase(),
                            l.freeShipping(),
                            l.exclusiveService(),
                            optionalText(l.extraGift()),
                            optionalText(l.birthdayGift()))));
        }
        Map<String, ActionRule> rules = new LinkedHashMap<>();
        actions.forEach((name, a) -> {
            Long points = read.optionalWholeNumber("actions." + name + ".points", a.points());
            if (points != null && points > 0) {
                rules.put(
                        name,
                        new ActionRule(
                                points,
                                read.optionalInt("actions." + name + ".maxPerDay", a.maxPerDay()),
                                read.optionalInt("actions." + name + ".maxPerMonth", a.maxPerMonth())));
            }
        });
        Integer rate = read.optionalInt("pointsPerYuan", pointsPerYuan);
        if (rate == null && ConsoleForms.blank(pointsPerYuan)) {
            read.problem("pointsPerYuan", "is required");
        }
        BigDecimal birthday = read.optionalDecimal("birthdayMultiplier", birthdayMultiplier);
        Long gift = read.optionalWholeNumber("joining.giftPoints", giftPoints);
        Integer grace = read.optionalInt("tiers.graceDays", graceDays);
        BigDecimal paidJoin = read.optionalDecimal("joining.paidJoinAmount", paidJoinAmount);
        read.check();
        return new LoyaltyProgram(
                brandId,
                rate,
                ConsoleForms.blank(expiry) ? null : LoyaltyProgram.Expiry.parse("expiry", expiry),
                allowDebt,
                birthday == null ? BigDecimal.ONE : birthday,
                new LoyaltyProgram.Joining(channels, gift == null ? 0L : gift, optionalText(joinCoupon), paidJoin),
                new LoyaltyProgram.Tiers(
                        ConsoleForms.blank(basis) ? null : LoyaltyProgram.TierBasis.parse("tiers.basis", basis),
                        grace == null ? 0 : grace,
                        tiers),
                rules);
    }

    /**
     * A refusal of the program built from this form, its tier index turned back into the form's
     * row (blank rows above it were left out of the program).
     */
    ReservoirException asTyped(ReservoirException refusal) {
        if (refusal.kind() != ErrorKind.INVALID_INPUT) {
            return refusal;
        }
        List<ReservoirException> problems = refusal.problems().isEmpty() ? List.of(refusal) : refusal.problems();
        return ReservoirException.invalid(problems.stream().map(this::rowTyped).toList());
    }

    private ReservoirException rowTyped(ReservoirException problem) {
        List<Integer> rows = keptRows();
        String field = problem.field();
        Matcher m = field == null ? null : LEVEL_FIELD.matcher(field);
        if (m == null || !m.find()) {
            return problem;
        }
        int index = Integer.parseInt(m.group(1));
        if (index >= rows.size()) {
            return problem;
        }
        String typed = "tiers.levels[" + rows.get(index) + "]" + field.substring(m.end());
        String reason = problem.getMessage().substring(field.length() + 2);
        return ReservoirException.invalid(typed, reason);
    }

    private List<Integer> keptRows() {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            if (!levels.get(i).blank()) {
                rows.add(i);
            }
        }
        return rows;
    }

    private static String levelField(int i, String name) {
        return "tiers.levels[" + i + "]." + name;
    }

    private static List<Level> spareLevels(List<Level> levels) {
        for (int i = 0; i < SPARE_LEVELS; i++) {
            levels.add(new Level("", "", "", "1", false, false, false, "", ""));
        }
        return levels;
    }

    private static Map<String, Action> emptyActions() {
        Map<String, Action> actions = new LinkedHashMap<>();
        LoyaltyProgram.ACTIONS.forEach(name -> actions.put(name, new Action("", "", "")));
        return actions;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
