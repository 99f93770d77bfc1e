package io.reservoir.console;

import io.reservoir.audience.SegmentRule;
import io.reservoir.platform.errors.ReservoirException;
import java.util.List;
import org.springframework.util.MultiValueMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the builder holds the rule being edited: as rows ({@code rows}), or as its JSON text
 * ({@code json}) for what rows cannot show.
 *
 * @param rows the rows in {@code rows} mode, else null
 * @param json the text in {@code json} mode, else null
 * @param note why a rule is shown as JSON although rows were asked for; null otherwise
 */
record RuleEditor(String mode, RuleForm.Group rows, String json, String note) {

    static final String ROWS = "rows";
    static final String JSON = "json";

    /** Rows starting with one condition on {@code brandId}. */
    static RuleEditor start(String brandId) {
        return new RuleEditor(ROWS, RuleForm.start(brandId), null, null);
    }

    /** The editor as the page posted it. */
    static RuleEditor posted(MultiValueMap<String, String> params) {
        if (JSON.equals(params.getFirst("mode"))) {
            String text = params.getFirst("json");
            return new RuleEditor(JSON, null, text == null ? "" : text, null);
        }
        return new RuleEditor(ROWS, RuleForm.read(params), null, null);
    }

    /** A saved rule: as rows when they can show it, else as JSON with the reason. */
    static RuleEditor of(SegmentRule rule, JsonMapper mapper) {
        try {
            return new RuleEditor(ROWS, RuleRows.of(rule), null, null);
        } catch (RuleRows.Unrepresentable e) {
            return new RuleEditor(JSON, null, pretty(rule.toJson(), mapper), e.getMessage());
        }
    }

    /** Rows with the first choice in every selector left blank ({@link RuleForm#withDefaults}). */
    RuleEditor withDefaults(BuilderChoices.Choices choices) {
        return inRows() ? new RuleEditor(mode, RuleForm.withDefaults(rows, choices.defaults()), json, note) : this;
    }

    boolean inRows() {
        return ROWS.equals(mode);
    }

    /**
     * The rule's JSON as edited; null when there is no condition.
     *
     * @throws ReservoirException invalid {@code rule} when the text is not JSON
     */
    JsonNode rule(JsonMapper mapper) {
        if (inRows()) {
            return RuleJson.build(rows).rule();
        }
        if (json.isBlank()) {
            return null;
        }
        try {
            return mapper.readTree(json);
        } catch (JacksonException e) {
            String reason = e.getOriginalMessage();
            int detail = reason.indexOf(" (");
            String where = e.getLocation() == null || e.getLocation().getLineNr() < 1
                    ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")";
            throw ReservoirException.invalid(
                    "rule", "is not JSON: " + (detail > 0 ? reason.substring(0, detail) : reason) + where);
        }
    }

    /**
     * The same rule in the other mode. JSON that does not read as a rule, or that rows cannot
     * show, stays JSON (with a note for the latter); the preview names what is wrong with it.
     */
    RuleEditor switchTo(String to, JsonMapper mapper) {
        if (JSON.equals(to) && inRows()) {
            JsonNode built = RuleJson.build(rows).rule();
            if (built == null) {
                return new RuleEditor(JSON, null, "", null);
            }
            try {
                return new RuleEditor(
                        JSON, null, pretty(SegmentRule.fromJson(built, "rule").toJson(), mapper), null);
            } catch (ReservoirException notYetARule) {
                return new RuleEditor(JSON, null, pretty(built, mapper), null);
            }
        }
        if (ROWS.equals(to) && !inRows()) {
            JsonNode parsed;
            try {
                parsed = rule(mapper);
            } catch (ReservoirException notJson) {
                return this;
            }
            if (parsed == null) {
                return new RuleEditor(ROWS, new RuleForm.Group("", false, "all", List.of()), null, null);
            }
            try {
                RuleEditor shown = of(SegmentRule.fromJson(parsed, "rule"), mapper);
                return shown.inRows() ? shown : new RuleEditor(JSON, null, json, shown.note());
            } catch (ReservoirException notARule) {
                return this;
            }
        }
        return this;
    }

    static String pretty(JsonNode node, JsonMapper mapper) {
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }
}
