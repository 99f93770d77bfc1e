package io.reservoir.console;

import io.reservoir.platform.errors.ReservoirException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * A refusal in the user's words. The modules refuse in English with the field's path
 * ({@code tiers.levels[2].threshold: must be above the tier before it}); a console page shows each
 * problem with the field named as the form labels it ({@code 第 3 档 · 升级门槛}) and the reason
 * in the user's language, every problem of the form at once.
 *
 * <p>A field's label is the message {@code field.<path without indices>}, given the row numbers
 * (from 1) as arguments; a reason is recognised by the {@link #REASONS} pattern it matches and
 * read from {@code reason.<key>} with the pattern's groups as arguments (a group naming another
 * field is given as that field's label). A reason no pattern knows reads as a general "is not
 * valid", never in another language.
 */
@Component
class Refusals {

    /** One problem as a page shows it: the field (to mark its input) and the sentence. */
    record Problem(String field, String text) {}

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

    /** Every problem of {@code refused}, in the order the module found them. */
    List<Problem> of(ReservoirException refused, Locale locale) {
        List<ReservoirException> all = refused.problems().isEmpty() ? List.of(refused) : refused.problems();
        List<Problem> problems = new ArrayList<>();
        for (ReservoirException problem : all) {
            problems.add(new Problem(problem.field(), text(problem, locale)));
        }
        return problems;
    }

    /** The fields a refusal is about, to mark their inputs. */
    static Set<String> fields(List<Problem> problems) {
        return problems.stream().map(Problem::field).filter(f -> f != null).collect(Collectors.toSet());
    }

    /** One problem as a sentence: {@code 积分比例：必须在 0 到 1000 之间}. */
    String text(ReservoirException problem, Locale locale) {
        String field = problem.field();
        String message = problem.getMessage();
        String reason =
                field != null && message.startsWith(field + ": ") ? message.substring(field.length() + 2) : message;
        String said = reason(reason, locale);
        return field == null ? said : messages.getMessage("refusal", new Object[] {label(field, locale), said}, locale);
    }

    /** The field as the form names it; its path when no label is written for it. */
    String label(String field, Locale locale) {
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

    private String reason(String reason, Locale locale) {
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
        return messages.getMessage("reason.invalid", null, locale);
    }
}
