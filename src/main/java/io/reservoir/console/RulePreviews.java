package io.reservoir.console;

import io.reservoir.audience.Audiences;
import io.reservoir.audience.SegmentRule;
import io.reservoir.audience.Segments;
import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The builder's live answer: the rule as edited, checked as the API checks it, counted from the
 * audience index, and read as text in the console's language; or what is wrong with it, each
 * problem next to the row that caused it.
 */
@Component
class RulePreviews {

    private final Segments segments;
    private final Audiences audiences;
    private final JsonMapper json;

    RulePreviews(Segments segments, Audiences audiences, JsonMapper json) {
        this.segments = segments;
        this.audiences = audiences;
        this.json = json;
    }

    /** The message next to one row; empty when the row is right (it clears an earlier one). */
    record RowError(String domId, String message) {}

    /**
     * @param count null unless the rule was counted
     * @param errors problems by the prefix of the row they belong to
     * @param rowErrors one entry per row of the form, for replacing every row's message
     * @param problems problems that belong to no row (a JSON text's, or the whole rule's)
     */
    record Preview(
            boolean empty,
            Integer count,
            String text,
            long tookMs,
            Map<String, String> errors,
            List<RowError> rowErrors,
            List<String> problems) {

        public boolean invalid() {
            return !errors.isEmpty() || !problems.isEmpty();
        }
    }

    Preview of(Caller caller, RuleEditor editor, Long segmentId, Locale locale) {
        RuleJson.Built built = editor.inRows() ? RuleJson.build(editor.rows()) : null;
        List<String> prefixes = editor.inRows() ? RuleForm.prefixes(editor.rows()) : List.of();
        JsonNode rule;
        try {
            rule = built != null ? built.rule() : editor.rule(json);
        } catch (ReservoirException notJson) {
            return refused(notJson, built, prefixes);
        }
        if (rule == null) {
            return new Preview(true, null, null, 0, Map.of(), rows(prefixes, Map.of()), List.of());
        }
        try {
            SegmentRule checked = segments.check(caller, rule, segmentId);
            long started = System.nanoTime();
            int count = audiences.select(caller, checked).getCardinality();
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            return new Preview(
                    false,
                    count,
                    segments.describe(caller, checked, locale),
                    tookMs,
                    Map.of(),
                    rows(prefixes, Map.of()),
                    List.of());
        } catch (ReservoirException refused) {
            if (refused.kind() != ErrorKind.INVALID_INPUT) {
                throw refused;
            }
            return refused(refused, built, prefixes);
        }
    }

    /** Places a refusal's problems: next to their rows, or on their own. */
    Preview refused(ReservoirException refused, RuleJson.Built built, List<String> prefixes) {
        List<ReservoirException> all = refused.problems().isEmpty() ? List.of(refused) : refused.problems();
        Map<String, String> errors = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (ReservoirException problem : all) {
            String field = problem.field() == null ? "" : problem.field();
            RuleJson.RowPath row = built == null ? null : built.rowOf(field);
            if (row == null) {
                problems.add(problem.getMessage());
            } else {
                errors.merge(row.prefix(), row.describe(field, problem.getMessage()), (a, b) -> a + "; " + b);
            }
        }
        return new Preview(false, null, null, 0, errors, rows(prefixes, errors), problems);
    }

    private static List<RowError> rows(List<String> prefixes, Map<String, String> errors) {
        return prefixes.stream()
                .map(p -> new RowError(RuleForm.Item.domId(p), errors.getOrDefault(p, "")))
                .toList();
    }
}
