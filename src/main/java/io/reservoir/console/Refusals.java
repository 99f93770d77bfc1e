package io.reservoir.console;

import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ReservoirException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Says a refused change in the user's language: each problem of the refusal as "field: reason",
 * the field in the user's words ({@code <area>.field.<field>}) and the reason from
 * {@code <area>.invalid.<field>} (or {@code <area>.conflict.<field>}). A field inside a list or an
 * object ({@code model.recencyDays[2]}) is looked up without its index, then by its shorter
 * prefixes ({@code model}); what has no message at all reads {@code refusal.invalid}.
 */
@Component
class Refusals {

    private final MessageSource messages;

    Refusals(MessageSource messages) {
        this.messages = messages;
    }

    /** One problem, said by the console itself (a field of the form that does not parse). */
    record Problem(String field, String line) {}

    /** Every problem of {@code refused}, in order, each once. */
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

    private String line(String area, ReservoirException problem, Locale locale) {
        String kind = problem.kind() == ErrorKind.CONFLICT ? "conflict" : "invalid";
        if (problem.field() == null) {
            String general = messages.getMessage("refusal." + kind, null, locale);
            return messages.getMessage(area + "." + kind, null, general, locale);
        }
        String label = null;
        String reason = null;
        for (String field : candidates(problem.field())) {
            if (label == null) {
                label = messages.getMessage(area + ".field." + field, null, null, locale);
            }
            if (reason == null) {
                reason = messages.getMessage(area + "." + kind + "." + field, null, null, locale);
            }
        }
        return messages.getMessage(
                "refusal.line",
                new Object[] {
                    label == null ? problem.field() : label,
                    reason == null ? messages.getMessage("refusal." + kind, null, locale) : reason
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
}
