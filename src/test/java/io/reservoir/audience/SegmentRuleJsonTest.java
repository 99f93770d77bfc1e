package io.reservoir.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reservoir.audience.SegmentRule.All;
import io.reservoir.audience.SegmentRule.Any;
import io.reservoir.audience.SegmentRule.Attribute;
import io.reservoir.audience.SegmentRule.Event;
import io.reservoir.audience.SegmentRule.Not;
import io.reservoir.audience.SegmentRule.Range;
import io.reservoir.identity.ConsentChannel;
import io.reservoir.identity.IdentityType;
import io.reservoir.platform.errors.ReservoirException;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON form of rules: what reads, what is refused with which path, and the canonical form. */
class SegmentRuleJsonTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static SegmentRule read(String json) {
        return SegmentRule.fromJson(JSON.readTree(json), "rule");
    }

    static Stream<Arguments> badRules() {
        return Stream.of(
                Arguments.of("[]", "rule", "must be an object"),
                Arguments.of("{}", "rule", "is empty"),
                Arguments.of("{\"atribute\": \"city\"}", "rule.atribute", "is not a condition"),
                Arguments.of("{\"all\": [{\"member\": {\"brand\": 1}}], \"any\": []}", "rule", "has both all and any"),
                Arguments.of("{\"all\": []}", "rule.all", "needs at least one rule"),
                Arguments.of("{\"any\": {\"member\": {\"brand\": 1}}}", "rule.any", "must be a list of rules"),
                Arguments.of(
                        "{\"all\": [{\"member\": {\"brand\": 1}}, {\"member\": {\"brand\": 1}},"
                                + " {\"event\": \"Order Completed\", \"within\": {\"days\": 0}}]}",
                        "rule.all[2].within.days",
                        "must be 1 to 3650"),
                Arguments.of(
                        "{\"event\": \"Order Completed\", \"within\": {\"days\": 3651}}",
                        "rule.within.days",
                        "must be 1 to 3650"),
                Arguments.of("{\"event\": \"Order Completed\"}", "rule.within", "is required"),
                Arguments.of(
                        "{\"event\": \"Page Viewed\", \"within\": {\"days\": 7}, \"sum\": {\"gte\": 1}}",
                        "rule.sum",
                        "only Order Completed and Order Refunded events have an amount"),
                Arguments.of(
                        "{\"event\": \"Order Completed\", \"within\": {\"days\": 7}, \"count\": {\"gte\": 5, \"lte\": 2}}",
                        "rule.count",
                        "gte 5 is greater than lte 2"),
                Arguments.of(
                        "{\"event\": \"Order Completed\", \"within\": {\"days\": 7}, \"count\": {\"eq\": 1, \"gte\": 1}}",
                        "rule.count.eq",
                        "cannot be combined"),
                Arguments.of(
                        "{\"event\": \"Order Completed\", \"within\": {\"days\": 7}, \"count\": {}}",
                        "rule.count",
                        "needs gte, lte or eq"),
                Arguments.of(
                        "{\"event\": \"Order Completed\", \"within\": {\"days\": 7}, \"count\": {\"gte\": -1}}",
                        "rule.count.gte",
                        "must be 0 or more"),
                Arguments.of(
                        "{\"event\": \"Order Completed\", \"within\": {\"days\": 7}, \"count\": {\"gte\": 1.5}}",
                        "rule.count.gte",
                        "whole number"),
                Arguments.of(
                        "{\"event\": \"Order Completed\", \"within\": {\"days\": 7}, \"sum\": {\"gte\": 10.001}}",
                        "rule.sum.gte",
                        "more than 2 decimals"),
                Arguments.of(
                        "{\"event\": \"Order Completed\", \"within\": {\"days\": 7, \"hours\": 3}}",
                        "rule.within.hours",
                        "is not a key"),
                Arguments.of(
                        "{\"event\": \"Order Completed\", \"within\": {\"days\": 7}, \"channel\": \"myspace\"}",
                        "rule.channel",
                        "is not a channel"),
                Arguments.of(
                        "{\"event\": \"Order Completed\", \"within\": {\"days\": \"7\"}}",
                        "rule.within.days",
                        "must be a whole number"),
                Arguments.of(
                        "{\"attribute\": \"city\", \"op\": \"like\", \"value\": \"x\"}",
                        "rule.op",
                        "is not an attribute op"),
                Arguments.of("{\"attribute\": \"city\", \"value\": \"x\"}", "rule.op", "is required"),
                Arguments.of(
                        "{\"attribute\": \"city\", \"op\": \"eq\", \"value\": 5}", "rule.value", "must be a string"),
                Arguments.of(
                        "{\"attribute\": \"age\", \"op\": \"gt\", \"value\": \"18\"}",
                        "rule.value",
                        "must be a number"),
                Arguments.of(
                        "{\"attribute\": \"city\", \"op\": \"in\", \"value\": \"x\"}",
                        "rule.value",
                        "is not used by op in"),
                Arguments.of("{\"attribute\": \"city\", \"op\": \"in\", \"values\": []}", "rule.values", "is empty"),
                Arguments.of(
                        "{\"attribute\": \"age\", \"op\": \"between\", \"values\": [30, 18]}",
                        "rule.values",
                        "low 30 is greater than high 18"),
                Arguments.of(
                        "{\"attribute\": \"age\", \"op\": \"between\", \"values\": [18, \"30\"]}",
                        "rule.values[1]",
                        "must be a number"),
                Arguments.of(
                        "{\"attribute\": \"city\", \"op\": \"exists\", \"value\": \"x\"}",
                        "rule.value",
                        "is not used by op exists"),
                Arguments.of(
                        "{\"attribute\": \"city\", \"op\": \"contains\", \"value\": \"\"}", "rule.value", "is empty"),
                Arguments.of(
                        "{\"attribute\": \"city\", \"op\": \"eq\", \"value\": \"x\", \"negate\": true}",
                        "rule.negate",
                        "is not a key of attribute rules"),
                Arguments.of("{\"identity\": \"qq\"}", "rule.identity", "is not an identity type"),
                Arguments.of(
                        "{\"relation\": {\"brand\": 1, \"field\": \"moon\"}}", "rule.relation.field", "is not a field"),
                Arguments.of("{\"relation\": {\"field\": \"store\"}}", "rule.relation.brand", "is required"),
                Arguments.of("{\"member\": {\"brand\": 0}}", "rule.member.brand", "is not a brand id"),
                Arguments.of("{\"member\": {\"brand\": \"Brand A\"}}", "rule.member.brand", "must be a brand id"),
                Arguments.of("{\"tier\": {\"brand\": 1, \"in\": []}}", "rule.tier.in", "is empty"),
                Arguments.of("{\"tier\": {\"brand\": 1}}", "rule.tier.in", "is required"),
                Arguments.of("{\"points\": {\"brand\": 1}}", "rule.points", "needs gte, lte or both"),
                Arguments.of(
                        "{\"points\": {\"brand\": 1, \"gte\": 5000, \"lte\": 1000}}",
                        "rule.points",
                        "gte 5000 is greater"),
                Arguments.of("{\"consent\": \"sms\", \"granted\": \"yes\"}", "rule.granted", "must be true or false"),
                Arguments.of("{\"consent\": \"fax\", \"granted\": true}", "rule.consent", "is not a consent channel"),
                Arguments.of("{\"consent\": \"sms\"}", "rule.granted", "is required"),
                Arguments.of("{\"not\": {\"any\": [{\"tag\": \"\"}]}}", "rule.not.any[0].tag", "is empty"),
                Arguments.of("{\"tag\": \"rfm\", \"value\": 3}", "rule.value", "must be a string"),
                Arguments.of("{\"segment\": \"12\"}", "rule.segment", "must be a segment id"),
                Arguments.of("{\"not\": [{\"tag\": \"vip\"}]}", "rule.not", "must be an object"),
                Arguments.of("{\"not\": null}", "rule.not", "must be an object"),
                Arguments.of("{\"any\": [{\"tag\": \"vip\"}, null]}", "rule.any[1]", "must be an object"),
                Arguments.of("{\"identity\": null}", "rule.identity", "must be an identity type"));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("badRules")
    void aBadRuleIsRefusedNamingThePathOfTheProblem(String json, String path, String reason) {
        assertThatThrownBy(() -> read(json))
                .isInstanceOfSatisfying(ReservoirException.class, e -> {
                    assertThat(e.field()).isEqualTo(path);
                    assertThat(e.code()).isEqualTo("invalid_field");
                })
                .hasMessageContaining(reason);
    }

    @Test
    void oneRefusalNamesTheProblemOfEveryWrongConditionFirstInDocumentOrder() {
        assertThatThrownBy(() -> read("""
                        {"all": [
                          {"member": {"brand": 1}},
                          {"event": "Order Completed", "within": {"days": 0}},
                          {"any": [{"identity": "fax"}, {"tag": ""}, {"not": {"consent": "sms"}}]},
                          {"atribute": "city"}
                        ]}""")).isInstanceOfSatisfying(ReservoirException.class, e -> {
            assertThat(e.field()).isEqualTo("rule.all[1].within.days");
            assertThat(e.getMessage()).startsWith("rule.all[1].within.days: must be 1 to 3650");
            assertThat(e.problems())
                    .extracting(ReservoirException::field)
                    .containsExactly(
                            "rule.all[1].within.days",
                            "rule.all[2].any[0].identity",
                            "rule.all[2].any[1].tag",
                            "rule.all[2].any[2].not.granted",
                            "rule.all[3].atribute");
        });
    }

    @Test
    void nestingDeeperThanTwentyLevelsIsRefusedAtTheTwentyFirst() {
        String twenty = "{\"not\": ".repeat(19) + "{\"tag\": \"vip\"}" + "}".repeat(19);
        assertThat(read(twenty)).isInstanceOf(Not.class);

        String deeper = "{\"not\": ".repeat(20) + "{\"tag\": \"vip\"}" + "}".repeat(20);
        assertThatThrownBy(() -> read(deeper))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.field()).isEqualTo("rule" + ".not".repeat(20)))
                .hasMessageContaining("nested deeper than 20 levels");
    }

    @Test
    void everyKindReadsIntoItsRecord() {
        SegmentRule rule = read("""
                {"all": [
                  {"attribute": "city", "op": "in", "values": ["杭州", "上海"]},
                  {"identity": "phone"},
                  {"relation": {"brand": 1}},
                  {"relation": {"brand": 1, "field": "live_room"}},
                  {"member": {"brand": 2}},
                  {"tier": {"brand": 1, "in": ["gold", "platinum", "gold"]}},
                  {"points": {"brand": 1, "lte": 5000}},
                  {"any": [{"tag": "vip"}, {"tag": "rfm", "value": "champions"}]},
                  {"not": {"consent": "sms", "granted": false}},
                  {"event": "Order Completed", "brand": 1, "channel": "tmall", "field": "live_room",
                   "within": {"days": 90}, "count": {"gte": 2}, "sum": {"gte": 100.5, "lte": 1000},
                   "distinctDays": {"eq": 2}},
                  {"segment": 12}
                ]}""");

        assertThat(rule)
                .isEqualTo(new All(List.of(
                        new Attribute("city", Attribute.Op.IN, List.of("杭州", "上海")),
                        new SegmentRule.Identity(IdentityType.PHONE),
                        new SegmentRule.Relation(1, null),
                        new SegmentRule.Relation(1, "live_room"),
                        new SegmentRule.Member(2),
                        new SegmentRule.Tier(1, List.of("gold", "platinum")),
                        new SegmentRule.Points(1, new Range(null, BigDecimal.valueOf(5000))),
                        new Any(List.of(
                                new SegmentRule.Tagged("vip", null), new SegmentRule.Tagged("rfm", "champions"))),
                        new Not(new SegmentRule.Consent(ConsentChannel.SMS, false)),
                        new Event(
                                "Order Completed",
                                1L,
                                "tmall",
                                "live_room",
                                90,
                                Range.atLeast(BigDecimal.valueOf(2)),
                                new Range(new BigDecimal("100.5"), new BigDecimal("1000")),
                                Range.exactly(BigDecimal.valueOf(2))),
                        new SegmentRule.InSegment(12))));
    }

    @Test
    void theCanonicalJsonReadsBackToTheSameRule() {
        SegmentRule rule = read("""
                {"any": [
                  {"attribute": "age", "op": "between", "values": [18.0, 3e1]},
                  {"attribute": "score", "op": "gte", "value": 99.50},
                  {"event": "Order Completed", "within": {"days": 30}, "sum": {"eq": 100.00}, "count": {"eq": 0}},
                  {"points": {"brand": 3, "gte": -20}}
                ]}""");

        JsonNode canonical = rule.toJson();

        assertThat(SegmentRule.fromJson(canonical, "rule")).isEqualTo(rule);
        assertThat(JSON.writeValueAsString(canonical))
                .isEqualTo("{\"any\":["
                        + "{\"attribute\":\"age\",\"op\":\"between\",\"values\":[18,30]},"
                        + "{\"attribute\":\"score\",\"op\":\"gte\",\"value\":99.5},"
                        + "{\"event\":\"Order Completed\",\"within\":{\"days\":30},\"count\":{\"eq\":0},\"sum\":{\"eq\":100}},"
                        + "{\"points\":{\"brand\":3,\"gte\":-20}}]}");
    }

    @Test
    void anEventWithoutAggregatesMeansAtLeastOnce() {
        SegmentRule rule = read("{\"event\": \"Live Watched\", \"within\": {\"days\": 7}}");

        assertThat(rule)
                .isEqualTo(new Event("Live Watched", null, null, null, 7, Range.atLeast(BigDecimal.ONE), null, null));
        assertThat(JSON.writeValueAsString(rule.toJson()))
                .isEqualTo("{\"event\":\"Live Watched\",\"within\":{\"days\":7},\"count\":{\"gte\":1}}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "-3.5", ".5", "1e3", "+7", " 45 ", "5.", "0.000"})
    void numericOpsReadDecimalNumbers(String value) {
        assertThat(Attribute.number(value)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "1,000", "¥5", "NaN", "Infinity", "0x10", "1e", "一", "٣", "1e99999999999"})
    void numericOpsNeverReadOtherText(String value) {
        assertThat(Attribute.number(value)).isEmpty();
    }

    @Test
    void numbersCompareByValueNotByText() {
        assertThat(Attribute.number("3e1")).contains(new BigDecimal("3e1"));
        assertThat(new Range(new BigDecimal("30.00"), null).contains(new BigDecimal("3e1")))
                .isTrue();
        assertThat(new Attribute("age", Attribute.Op.GT, List.of("3.0E1")).values())
                .as("operands are kept in one form")
                .containsExactly("30");
    }
}
