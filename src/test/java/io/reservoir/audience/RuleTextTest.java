package io.reservoir.audience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The readable text of rules, in English and Simplified Chinese. */
class RuleTextTest {

    static final RuleText.Names NAMES = new RuleText.Names() {
        @Override
        public String brand(long brandId) {
            return Map.of(1L, "Brand A", 2L, "品牌B").getOrDefault(brandId, "brand " + brandId);
        }

        @Override
        public String tier(long brandId, String code) {
            return Map.of("gold", "金卡", "platinum", "铂金卡").getOrDefault(code, code);
        }

        @Override
        public String segment(long segmentId) {
            return segmentId == 12 ? "高潜会员" : "#" + segmentId;
        }
    };

    static String en(String json) {
        return new RuleText(NAMES, Locale.ENGLISH).describe(SegmentRuleJsonTest.read(json));
    }

    static String zh(String json) {
        return new RuleText(NAMES, Locale.SIMPLIFIED_CHINESE).describe(SegmentRuleJsonTest.read(json));
    }

    static final String AUDIENCE = """
            {"all": [
              {"attribute": "city", "op": "eq", "value": "杭州"},
              {"tier": {"brand": 1, "in": ["gold", "platinum"]}},
              {"not": {"tag": "vip"}},
              {"event": "Order Completed", "within": {"days": 90}, "count": {"gte": 2}, "sum": {"gte": 100.00}}
            ]}""";

    @Test
    void aRuleReadsAsASentence() {
        assertThat(en(AUDIENCE))
                .isEqualTo("city is 杭州 AND tier at Brand A is 金卡 or 铂金卡 AND NOT tagged vip"
                        + " AND Order Completed at least 2 times in the last 90 days with total ≥ ¥100");
    }

    @Test
    void aRuleReadsAsAChineseSentence() {
        assertThat(zh(AUDIENCE))
                .isEqualTo("city 为 杭州 且 Brand A 会员等级为 金卡 或 铂金卡 且 非 有标签 vip" + " 且 近 90 天 下单 至少 2 次，金额合计 ≥ ¥100");
    }

    @Test
    void listsInsideListsOfTheOtherKindAndUnderNotGetParentheses() {
        String json = """
                {"any": [
                  {"all": [{"tag": "vip"}, {"any": [{"member": {"brand": 1}}, {"identity": "phone"}]}]},
                  {"not": {"any": [{"tag": "new"}, {"tag": "rfm", "value": "lost"}]}},
                  {"any": [{"segment": 12}, {"segment": 13}]},
                  {"all": [{"consent": "sms", "granted": true}]}
                ]}""";

        assertThat(en(json))
                .isEqualTo("(tagged vip AND (member at Brand A OR has a phone identity))"
                        + " OR NOT (tagged new OR tagged rfm = lost)"
                        + " OR in segment 高潜会员 OR in segment #13"
                        + " OR sms consent granted");
        assertThat(zh(json))
                .isEqualTo("(有标签 vip 且 (是 Brand A 会员 或 有手机号))"
                        + " 或 非 (有标签 new 或 标签 rfm 为 lost)"
                        + " 或 属于人群 高潜会员 或 属于人群 #13"
                        + " 或 已同意短信触达");
    }

    @Test
    void aListOfOneUnderNotReadsAsItsElement() {
        assertThat(en("{\"not\": {\"all\": [{\"any\": [{\"tag\": \"vip\"}]}]}}"))
                .isEqualTo("NOT tagged vip");
        assertThat(en("{\"not\": {\"all\": [{\"any\": [{\"tag\": \"vip\"}, {\"tag\": \"new\"}]}]}}"))
                .isEqualTo("NOT (tagged vip OR tagged new)");
    }

    @Test
    void attributeOps() {
        assertThat(en("{\"attribute\": \"city\", \"op\": \"ne\", \"value\": \"上海\"}"))
                .isEqualTo("city is not 上海");
        assertThat(en("{\"attribute\": \"city\", \"op\": \"in\", \"values\": [\"上海\", \"杭州\"]}"))
                .isEqualTo("city is one of 上海, 杭州");
        assertThat(zh("{\"attribute\": \"city\", \"op\": \"in\", \"values\": [\"上海\", \"杭州\"]}"))
                .isEqualTo("city 为 上海、杭州 之一");
        assertThat(en("{\"attribute\": \"name\", \"op\": \"contains\", \"value\": \"王\"}"))
                .isEqualTo("name contains 王");
        assertThat(en("{\"attribute\": \"birthday\", \"op\": \"exists\"}")).isEqualTo("birthday is set");
        assertThat(zh("{\"attribute\": \"birthday\", \"op\": \"exists\"}")).isEqualTo("有 birthday");
        assertThat(en("{\"attribute\": \"age\", \"op\": \"gte\", \"value\": 18}"))
                .isEqualTo("age ≥ 18");
        assertThat(en("{\"attribute\": \"age\", \"op\": \"lt\", \"value\": 1.5}"))
                .isEqualTo("age < 1.5");
        assertThat(en("{\"attribute\": \"age\", \"op\": \"between\", \"values\": [18, 30]}"))
                .isEqualTo("age between 18 and 30");
        assertThat(zh("{\"attribute\": \"age\", \"op\": \"between\", \"values\": [18, 30]}"))
                .isEqualTo("age 介于 18 与 30 之间");
    }

    @Test
    void relationsMembershipAndPoints() {
        assertThat(en("{\"relation\": {\"brand\": 1}}")).isEqualTo("private-domain for Brand A");
        assertThat(zh("{\"relation\": {\"brand\": 1}}")).isEqualTo("是 Brand A 的私域客户");
        assertThat(en("{\"relation\": {\"brand\": 2, \"field\": \"live_room\"}}"))
                .isEqualTo("holds a live_room relation with 品牌B");
        assertThat(zh("{\"relation\": {\"brand\": 2, \"field\": \"live_room\"}}"))
                .isEqualTo("与 品牌B 有直播间关系");
        assertThat(en("{\"member\": {\"brand\": 9}}")).isEqualTo("member at brand 9");
        assertThat(en("{\"points\": {\"brand\": 1, \"gte\": 1000, \"lte\": 5000}}"))
                .isEqualTo("points at Brand A between 1000 and 5000");
        assertThat(zh("{\"points\": {\"brand\": 1, \"gte\": 1000, \"lte\": 5000}}"))
                .isEqualTo("Brand A 积分 介于 1000 与 5000 之间");
        assertThat(en("{\"points\": {\"brand\": 1, \"lte\": 0}}")).isEqualTo("points at Brand A ≤ 0");
        assertThat(zh("{\"consent\": \"email\", \"granted\": false}")).isEqualTo("已拒绝邮件触达");
        assertThat(en("{\"consent\": \"email\", \"granted\": false}")).isEqualTo("email consent withdrawn");
    }

    @Test
    void eventAggregates() {
        assertThat(en("{\"event\": \"Live Watched\", \"within\": {\"days\": 7}}"))
                .isEqualTo("Live Watched at least once in the last 7 days");
        assertThat(en("{\"event\": \"Order Completed\", \"within\": {\"days\": 7}, \"count\": {\"eq\": 0}}"))
                .isEqualTo("no Order Completed in the last 7 days");
        assertThat(zh("{\"event\": \"Order Completed\", \"within\": {\"days\": 7}, \"count\": {\"eq\": 0}}"))
                .isEqualTo("近 7 天无下单");
        assertThat(en("""
                        {"event": "Field Visited", "brand": 2, "channel": "douyin", "field": "live_room",
                         "within": {"days": 1}, "count": {"gte": 1, "lte": 3}, "distinctDays": {"eq": 1}}"""))
                .isEqualTo("Field Visited at 品牌B on douyin in live_room between 1 and 3 times in the last 1 day"
                        + " on exactly 1 distinct day");
        assertThat(zh("""
                        {"event": "Field Visited", "brand": 2, "channel": "douyin", "field": "live_room",
                         "within": {"days": 1}, "count": {"lte": 3}, "distinctDays": {"gte": 2}}""")).isEqualTo("近 1 天在 品牌B 经抖音于直播间 访问场域 至多 3 次，至少 2 个不同日期");
        // a brand alone is followed by one space, not two (the console showed "Brand A  Order Completed")
        assertThat(
                        zh(
                                "{\"event\": \"Order Completed\", \"brand\": 1, \"within\": {\"days\": 90}, \"count\": {\"gte\": 2}}"))
                .isEqualTo("近 90 天在 Brand A 下单 至少 2 次");
        assertThat(
                        en(
                                "{\"event\": \"Order Completed\", \"within\": {\"days\": 30}, \"sum\": {\"gte\": 99.5, \"lte\": 500}}"))
                .isEqualTo("Order Completed in the last 30 days with total between ¥99.50 and ¥500");
        assertThat(en("{\"event\": \"Order Completed\", \"within\": {\"days\": 30}, \"count\": {\"eq\": 1}}"))
                .isEqualTo("Order Completed exactly once in the last 30 days");
    }
}
