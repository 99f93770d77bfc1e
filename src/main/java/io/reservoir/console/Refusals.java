package io.reservoir.console;

import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ReservoirException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Says a refused change in the user's language: each problem of the refusal as "field: reason",
 * every problem of the form at once. The modules refuse in English with the field's path
 * ({@code tiers.levels[2].threshold: must be above the tier before it}); the page shows the field
 * as the form labels it ({@code 第 3 档·升级门槛}) and the reason in the user's words.
 *
 * <p>The field's label is the page's own {@code <area>.field.<field>} (looked up without indices,
 * then by shorter prefixes: {@code model.recencyDays[2]} → {@code model.recencyDays}, {@code
 * model}), else the console-wide {@code field.<path>} given the row numbers (from 1) as arguments,
 * else the path. The reason is the page's own {@code <area>.invalid.<field>} ({@code
 * .conflict.} for a conflict), else the module's reason recognised by one of {@link #REASONS} and
 * read from {@code reason.<key>} with the pattern's groups as arguments (a group naming another
 * field given as that field's label), else a general "is not valid" — never another language.
 */
@Component
class Refusals {

    /** One problem as a page shows it: the field (to mark its input) and the line. */
    record Problem(String field, String line) {}

    private record Reason(Pattern pattern, String key, Set<Integer> fieldGroups) {

        static Reason of(String regex, String key, Integer... fieldGroups) {
            return new Reason(Pattern.compile(regex), key, Set.of(fieldGroups));
        }
    }

    private static final List<Reason> REASONS = List.of(
            Reason.of("is required(?:\\b.*)?", "required"),
            Reason.of("is empty", "required"),
            Reason.of("must be between (-?[\\d.]+) and (-?[\\d.]+)(?:, not .*)?", "between"),
            Reason.of("must be from (\\d+) to (\\d+) with at most 2 decimals", "multiplier"),
            Reason.of("must be (\\d+) to (\\d+) characters.*", "length"),
            Reason.of("must have (\\d+) to (\\d+) characters.*", "length"),
            Reason.of("must be 1 to 30 of a-z, 0-9 and _", "code"),
            Reason.of("'(.*)' is used twice", "usedTwice"),
            Reason.of("must be a whole number, not '(.*)'", "wholeNumber"),
            Reason.of("must be a whole number of 0 or more", "wholeNumberNotNegative"),
            Reason.of("must be a number, not '(.*)'", "number"),
            Reason.of("must be a date \\(yyyy-MM-dd\\), not '(.*)'", "date"),
            Reason.of("is out of range", "outOfRange"),
            Reason.of("must be a yuan amount of 0 or more.*", "yuanNotNegative"),
            Reason.of("must be a yuan amount from ([\\d.]+) to ([\\d.]+).*", "yuanBetween"),
            Reason.of("must be 0: the first tier is where members start", "firstTierZero"),
            Reason.of("must be above the tier before it", "aboveTierBefore"),
            Reason.of("at most (\\d+) tiers", "atMostTiers"),
            Reason.of("must be 0 or more.*", "notNegative"),
            Reason.of("must be 1 or more.*", "positive"),
            Reason.of("must not be below (\\w+)", "notBelow", 1),
            Reason.of("must be after (\\w+)", "after", 1),
            Reason.of("must be one of .*", "oneOf"),
            Reason.of("'(.*)' is not a tier of the brand's program", "notATier"));

    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private final MessageSource messages;

    Refusals(MessageSource messages) {
        this.messages = messages;
    }

    /** Every problem of {@code refused}, in order, each once; {@code area} names the page's own messages. */
    List<Problem> problems(String area, ReservoirException refused, Locale locale) {
        List<ReservoirException> all = refused.problems().isEmpty() ? List.of(refused) : refused.problems();
        Set<Problem> lines = new LinkedHashSet<>();
        for (ReservoirException problem : all) {
            lines.add(new Problem(problem.field(), line(area, problem, locale)));
        }
        return new ArrayList<>(lines);
    }

    /** Whether the console shows this refusal on the form (a wrong input) rather than as an error page. */
    static boolean isForTheForm(ReservoirException refused) {
        return refused.kind() == ErrorKind.INVALID_INPUT || refused.kind() == ErrorKind.CONFLICT;
    }

    /** The fields a refusal is about, to mark their inputs. */
    static Set<String> fields(List<Problem> problems) {
        return problems.stream().map(Problem::field).filter(f -> f != null).collect(Collectors.toSet());
    }

    private String line(String area, ReservoirException problem, Locale locale) {
        String kind = problem.kind() == ErrorKind.CONFLICT ? "conflict" : "invalid";
        String general = messages.getMessage("refusal." + kind, null, locale);
        String field = problem.field();
        String said = reason(problem, locale);
        if (field == null) {
            return messages.getMessage(area + "." + kind, null, said == null ? general : said, locale);
        }
        String label = null;
        String reason = null;
        for (String candidate : candidates(field)) {
            if (label == null) {
                label = messages.getMessage(area + ".field." + candidate, null, null, locale);
            }
            if (reason == null) {
                reason = messages.getMessage(area + "." + kind + "." + candidate, null, null, locale);
            }
        }
        return messages.getMessage(
                "refusal.line",
                new Object[] {
                    label == null ? label(field, locale) : label,
                    reason != null ? reason : said != null ? said : general
                },
                locale);
    }

    /** {@code model.recencyDays[2]} → {@code model.recencyDays}, {@code model}. */
    static List<String> candidates(String field) {
        List<String> names = new ArrayList<>();
        String name = field.replaceAll("\\[\\d+]", "");
        while (true) {
            names.add(name);
            int dot = name.lastIndexOf('.');
            if (dot < 0) {
                return names;
            }
            name = name.substring(0, dot);
        }
    }

    /** A field by the console-wide labels: {@code field.tiers.levels.threshold} with its row numbers; else its path. */
    private String label(String field, Locale locale) {
        List<Object> rows = new ArrayList<>();
        Matcher m = INDEX.matcher(field);
        while (m.find()) {
            rows.add(Integer.parseInt(m.group(1)) + 1);
        }
        String path = INDEX.matcher(field).replaceAll("");
        String label = messages.getMessage("field." + path, rows.toArray(), null, locale);
        if (label == null) {
            String last = path.substring(path.lastIndexOf('.') + 1);
            label = messages.getMessage("field." + last, rows.toArray(), field, locale);
        }
        return label;
    }

    /** The module's reason in the user's words when a known pattern says it; null otherwise. */
    private String reason(ReservoirException problem, Locale locale) {
        String field = problem.field();
        String message = problem.getMessage();
        String reason =
                field != null && message.startsWith(field + ": ") ? message.substring(field.length() + 2) : message;
        for (Reason known : REASONS) {
            Matcher m = known.pattern().matcher(reason);
            if (m.matches()) {
                Object[] args = new Object[m.groupCount()];
                for (int g = 1; g <= m.groupCount(); g++) {
                    args[g - 1] = known.fieldGroups().contains(g) ? label(m.group(g), locale) : m.group(g);
                }
                return messages.getMessage("reason." + known.key(), args, locale);
            }
        }
        return null;
    }
}
