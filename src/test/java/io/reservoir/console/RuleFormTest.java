package io.reservoir.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reservoir.audience.SegmentRule;
import io.reservoir.platform.errors.ReservoirException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The builder's rows: posted inputs to the rule's JSON, a rule back to rows, problems back to their rows. */
class RuleFormTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static SegmentRule rule(String json) {
        return SegmentRule.fromJson(JSON.readTree(json), "rule");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"member\": {\"brand\": 1}}",
                "{\"not\": {\"member\": {\"brand\": 1}}}",
                "{\"not\": {\"any\": [{\"tag\": \"vip\"}, {\"tag\": \"new\", \"value\": \" 新客\"}]}}",
                """
                {"all": [
                  {"member": {"brand": 3}},
                  {"any": [
                    {"event": "Field Visited", "brand": 3, "within": {"days": 30}, "count": {"gte": 2}},
                    {"event": "Live Watched", "channel": "douyin", "field": "live_room", "within": {"days": 30}}]},
                  {"not": {"event": "Order Completed", "brand": 3, "within": {"days": 365}}}]}""",
                """
                {"any": [
                  {"tier": {"brand": 2, "in": ["gold", "platinum"]}},
                  {"points": {"brand": 2, "gte": 100, "lte": 5000}},
                  {"relation": {"brand": 2}},
                  {"relation": {"brand": 2, "field": "store"}},
                  {"consent": "sms", "granted": false},
                  {"identity": "phone"},
                  {"segment": 7},
                  {"attribute": "city", "op": "eq", "value": "杭州"},
                  {"attribute": "city", "op": "ne", "value": ""},
                  {"attribute": "city", "op": "in", "values": ["杭州", "上海"]},
                  {"attribute": "city", "op": "contains", "value": "州"},
                  {"attribute": "age", "op": "between", "values": [18, 35.5]},
                  {"attribute": "age", "op": "gt", "value": -3},
                  {"attribute": "vip_since", "op": "exists"},
                  {"event": "Order Completed", "within": {"days": 90}, "count": {"eq": 0}},
                  {"event": "Order Completed", "within": {"days": 90}, "sum": {"gte": 99.5},
                   "distinctDays": {"gte": 2, "lte": 10}}]}""",
                """
                {"all": [{"any": [{"all": [{"tag": "a"}, {"not": {"any": [{"tag": "b"}, {"tag": "c"}]}}]},
                                  {"tag": "d"}]}]}"""
            })
    void aRuleShownAsRowsBuildsBackToTheSameRule(String json) {
        SegmentRule original = rule(json);

        RuleForm.Group rows = RuleRows.of(original);
        JsonNode built = RuleJson.build(rows).rule();

        assertThat(rule(built.toString())).isEqualTo(original);
        assertThat(rows.prefix()).isEmpty();
    }

    @Test
    void aTopLevelListOfOneConditionAndADoubleNegationBuildAsTheRuleTheyMean() {
        assertThat(rebuilt("{\"any\": [{\"tag\": \"vip\"}]}")).isEqualTo(rule("{\"tag\": \"vip\"}"));
        assertThat(rebuilt("{\"all\": [{\"not\": {\"any\": [{\"tag\": \"a\"}, {\"tag\": \"b\"}]}}]}"))
                .isEqualTo(rule("{\"not\": {\"any\": [{\"tag\": \"a\"}, {\"tag\": \"b\"}]}}"));
        assertThat(rebuilt("{\"all\": [{\"not\": {\"not\": {\"tag\": \"vip\"}}}, {\"tag\": \"new\"}]}"))
                .isEqualTo(rule("{\"all\": [{\"tag\": \"vip\"}, {\"tag\": \"new\"}]}"));
    }

    private static SegmentRule rebuilt(String json) {
        return rule(RuleJson.build(RuleRows.of(rule(json))).rule().toString());
    }

    @Test
    void rulesRowsCannotShowStayJson() {
        assertThatThrownBy(() -> RuleRows.of(rule("{\"attribute\": \"city\", \"op\": \"in\", \"values\": [\"a,b\"]}")))
                .isInstanceOf(RuleRows.Unrepresentable.class);
        String deep = "{\"tag\": \"x\"}";
        for (int i = 0; i < RuleForm.MAX_DEPTH + 1; i++) {
            deep = "{\"any\": [{\"tag\": \"y\"}, {\"all\": [{\"tag\": \"z\"}, " + deep + "]}]}";
        }
        String tooDeep = deep;
        assertThatThrownBy(() -> RuleRows.of(rule(tooDeep)))
                .isInstanceOf(RuleRows.Unrepresentable.class)
                .hasMessageContaining("deeper");
    }

    @Test
    void postedRowsMakeTheRuleTheyShow() {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("join", "any");
        form.add("c[0].kind", "tier");
        form.add("c[0].brand", "4");
        form.add("c[0].tiers", "gold");
        form.add("c[0].tiers", "silver");
        form.add("c[3].kind", "group");
        form.add("c[3].not", "on");
        form.add("c[3].join", "all");
        form.add("c[3].c[0].kind", "tag");
        form.add("c[3].c[0].tag", "vip");
        form.add("c[3].c[0].value", "");
        form.add("c[3].c[5].kind", "event");
        form.add("c[3].c[5].event", " Order Completed ");
        form.add("c[3].c[5].brand", "");
        form.add("c[3].c[5].days", "90");
        form.add("c[3].c[5].countGte", "2");
        form.add("c[3].c[5].sumGte", "100.50");
        form.add("c[3].c[5].not", "on");
        form.add("_csrf", "ignored");

        RuleForm.Group rows = RuleForm.read(form);

        assertThat(rule(RuleJson.build(rows).rule().toString())).isEqualTo(rule("""
                        {"any": [
                          {"tier": {"brand": 4, "in": ["gold", "silver"]}},
                          {"not": {"all": [
                            {"tag": "vip"},
                            {"not": {"event": "Order Completed", "within": {"days": 90},
                                     "count": {"gte": 2}, "sum": {"gte": 100.5}}}]}}]}"""));
        assertThat(RuleForm.prefixes(RuleForm.renumber(rows)))
                .containsExactly("", "c[0]", "c[1]", "c[1].c[0]", "c[1].c[1]");
    }

    @Test
    void aProblemIsShownNextToTheRowThatCausedIt() {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("c[0].kind", "member");
        form.add("c[0].brand", "1");
        form.add("c[1].kind", "group");
        form.add("c[1].join", "any");
        form.add("c[1].c[0].kind", "identity");
        form.add("c[1].c[0].identity", "phone");
        form.add("c[1].c[1].kind", "event");
        form.add("c[1].c[1].not", "on");
        form.add("c[1].c[1].event", "Order Completed");
        form.add("c[1].c[1].days", "ninety");
        RuleJson.Built built = RuleJson.build(RuleForm.read(form));

        ReservoirException refused = org.junit.jupiter.api.Assertions.assertThrows(
                ReservoirException.class, () -> rule(built.rule().toString()));

        assertThat(refused.field()).isEqualTo("rule.all[1].any[1].not.within.days");
        RuleJson.RowPath row = built.rowOf(refused.field());
        assertThat(row.prefix()).isEqualTo("c[1].c[1]");
        assertThat(row.describe(refused.field(), refused.getMessage()))
                .isEqualTo("within.days: must be a whole number");
        assertThat(built.rowOf("rule.all").prefix()).isEmpty();
        assertThat(built.rowOf("name")).isNull();
    }

    @Test
    void rowsAreAddedGroupedAndRemovedThenRenumbered() {
        RuleForm.Group top = RuleForm.start("9");
        top = RuleForm.apply(top, "add:", "9");
        top = RuleForm.apply(top, "group:", "9");
        top = RuleForm.apply(top, "add:c[2]", "9");
        top = RuleForm.apply(top, "remove:c[0]", "9");

        assertThat(RuleForm.prefixes(top)).containsExactly("", "c[0]", "c[1]", "c[1].c[0]", "c[1].c[1]");
        assertThat(top.items().get(1)).isInstanceOf(RuleForm.Group.class);
        RuleForm.Condition added = (RuleForm.Condition)
                ((RuleForm.Group) top.items().get(1)).items().get(1);
        assertThat(added.kind()).isEqualTo("member");
        assertThat(added.get("brand")).isEqualTo("9");
        assertThat(added.name("brand")).isEqualTo("c[1].c[1].brand");
        assertThat(added.domId()).isEqualTo("c1-c1");

        RuleForm.Group nested = RuleForm.start("9");
        String inside = "";
        for (int i = 0; i < RuleForm.MAX_DEPTH + 2; i++) {
            nested = RuleForm.apply(nested, "group:" + inside, "9");
            inside = (inside.isEmpty() ? "" : inside + ".") + "c[1]";
        }
        int depth = RuleForm.prefixes(nested).stream()
                .mapToInt(p -> p.isEmpty() ? 0 : p.split("\\.").length)
                .max()
                .orElseThrow();
        assertThat(depth).as("groups stop at the limit, with their rows").isEqualTo(RuleForm.MAX_DEPTH + 1);
        assertThat(RuleForm.apply(top, "remove:c[1]", "9").items()).hasSize(1);
        assertThat(RuleJson.build(RuleForm.apply(RuleForm.apply(top, "remove:c[1]", "9"), "remove:c[0]", "9"))
                        .rule())
                .as("no condition, no rule")
                .isNull();
        assertThat(List.of(RuleForm.apply(top, "bogus", "9"))).containsExactly(top);
    }
}
