package io.reservoir.audience;

import io.reservoir.audience.SegmentRule.Range;
import io.reservoir.ingest.EventNames;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The readable text of a rule, in English or Simplified Chinese: {@code city is 杭州 AND tier at
 * Brand A is 金卡 or 铂金卡 AND NOT tagged vip}. AND binds as written: a list inside a list of the
 * other kind, or under NOT, is put in parentheses; a one-element list reads as its element.
 */
final class RuleText implements SegmentRule.Visitor<String> {

    /** What ids stand for; an unknown id reads as the id. */
    interface Names {
        String brand(long brandId);

        String tier(long brandId, String code);

        String segment(long segmentId);
    }

    private static final Map<String, String> FIELDS_ZH = Map.of(
            "store", "店铺关注",
            "membership", "会员",
            "group_chat", "社群",
            "live_room", "直播间",
            "dedicated_cs", "专属客服",
            "subscription", "订阅",
            "mini_program", "小程序",
            "official_account", "公众号",
            "guide_wecom", "导购企微",
            "offline_store", "线下门店");

    private static final Map<String, String> IDENTITIES_ZH = Map.ofEntries(
            Map.entry("phone", "手机号"),
            Map.entry("email", "邮箱"),
            Map.entry("member_no", "会员号"),
            Map.entry("tmall_ouid", "天猫 OUID"),
            Map.entry("taobao_nick", "淘宝昵称"),
            Map.entry("jd_pin", "京东 PIN"),
            Map.entry("douyin_openid", "抖音 OpenID"),
            Map.entry("wechat_unionid", "微信 UnionID"),
            Map.entry("wechat_openid", "微信 OpenID"),
            Map.entry("wecom_external_id", "企业微信外部联系人"),
            Map.entry("app_user_id", "App 用户 ID"),
            Map.entry("anonymous_id", "匿名 ID"),
            Map.entry("device_id", "设备 ID"));

    private static final Map<String, String> CHANNELS_ZH = Map.of(
            "tmall", "天猫",
            "jd", "京东",
            "douyin", "抖音",
            "wechat_miniprogram", "微信小程序",
            "wechat_oa", "微信公众号",
            "wecom", "企业微信",
            "app", "App",
            "web", "网站",
            "offline_pos", "线下 POS",
            "sms", "短信");

    private static final Map<String, String> CONSENT_ZH =
            Map.of("sms", "短信", "email", "邮件", "wecom", "企业微信", "call", "电话", "push", "推送");

    private final Names names;
    private final boolean zh;

    RuleText(Names names, Locale locale) {
        this.names = names;
        this.zh = locale.getLanguage().equals(Locale.CHINESE.getLanguage());
    }

    String describe(SegmentRule rule) {
        return rule.accept(this);
    }

    @Override
    public String all(SegmentRule.All rule) {
        return join(rule.rules(), SegmentRule.All.class, zh ? " 且 " : " AND ");
    }

    @Override
    public String any(SegmentRule.Any rule) {
        return join(rule.rules(), SegmentRule.Any.class, zh ? " 或 " : " OR ");
    }

    private String join(List<SegmentRule> rules, Class<?> kind, String connector) {
        return rules.stream()
                .map(r -> {
                    SegmentRule inner = unwrap(r);
                    boolean list = inner instanceof SegmentRule.All || inner instanceof SegmentRule.Any;
                    String text = inner.accept(this);
                    return list && !kind.isInstance(inner) ? "(" + text + ")" : text;
                })
                .collect(Collectors.joining(connector));
    }

    @Override
    public String not(SegmentRule.Not rule) {
        SegmentRule inner = unwrap(rule.rule());
        String text = inner.accept(this);
        if (inner instanceof SegmentRule.All || inner instanceof SegmentRule.Any) {
            text = "(" + text + ")";
        }
        return (zh ? "非 " : "NOT ") + text;
    }

    /** A list of one rule reads as that rule. */
    private static SegmentRule unwrap(SegmentRule rule) {
        SegmentRule inner = rule;
        while (true) {
            if (inner instanceof SegmentRule.All all && all.rules().size() == 1) {
                inner = all.rules().get(0);
            } else if (inner instanceof SegmentRule.Any any && any.rules().size() == 1) {
                inner = any.rules().get(0);
            } else {
                return inner;
            }
        }
    }

    @Override
    public String attribute(SegmentRule.Attribute rule) {
        String name = rule.name();
        List<String> v = rule.values();
        return switch (rule.op()) {
            case EQ -> zh ? name + " 为 " + v.get(0) : name + " is " + v.get(0);
            case NE -> zh ? name + " 不为 " + v.get(0) : name + " is not " + v.get(0);
            case IN -> zh ? name + " 为 " + String.join("、", v) + " 之一" : name + " is one of " + String.join(", ", v);
            case CONTAINS -> zh ? name + " 包含 " + v.get(0) : name + " contains " + v.get(0);
            case EXISTS -> zh ? "有 " + name : name + " is set";
            case GT -> name + " > " + v.get(0);
            case GTE -> name + " ≥ " + v.get(0);
            case LT -> name + " < " + v.get(0);
            case LTE -> name + " ≤ " + v.get(0);
            case BETWEEN ->
                zh
                        ? name + " 介于 " + v.get(0) + " 与 " + v.get(1) + " 之间"
                        : name + " between " + v.get(0) + " and " + v.get(1);
        };
    }

    @Override
    public String identity(SegmentRule.Identity rule) {
        String type = rule.type().id();
        return zh ? "有" + IDENTITIES_ZH.getOrDefault(type, type) : "has a " + type + " identity";
    }

    @Override
    public String relation(SegmentRule.Relation rule) {
        String brand = names.brand(rule.brandId());
        if (rule.field() == null) {
            return zh ? "是 " + brand + " 的私域客户" : "private-domain for " + brand;
        }
        return zh
                ? "与 " + brand + " 有" + FIELDS_ZH.getOrDefault(rule.field(), rule.field()) + "关系"
                : "holds a " + rule.field() + " relation with " + brand;
    }

    @Override
    public String member(SegmentRule.Member rule) {
        String brand = names.brand(rule.brandId());
        return zh ? "是 " + brand + " 会员" : "member at " + brand;
    }

    @Override
    public String tier(SegmentRule.Tier rule) {
        String tiers = rule.codes().stream()
                .map(code -> names.tier(rule.brandId(), code))
                .collect(Collectors.joining(zh ? " 或 " : " or "));
        String brand = names.brand(rule.brandId());
        return zh ? brand + " 会员等级为 " + tiers : "tier at " + brand + " is " + tiers;
    }

    @Override
    public String points(SegmentRule.Points rule) {
        String brand = names.brand(rule.brandId());
        String range = bounds(rule.balance(), "");
        return zh ? brand + " 积分" + range : "points at " + brand + range;
    }

    @Override
    public String tagged(SegmentRule.Tagged rule) {
        if (rule.value() == null) {
            return zh ? "有标签 " + rule.name() : "tagged " + rule.name();
        }
        return zh ? "标签 " + rule.name() + " 为 " + rule.value() : "tagged " + rule.name() + " = " + rule.value();
    }

    @Override
    public String consent(SegmentRule.Consent rule) {
        String channel = rule.channel().id();
        if (zh) {
            return (rule.granted() ? "已同意" : "已拒绝") + CONSENT_ZH.getOrDefault(channel, channel) + "触达";
        }
        return channel + " consent " + (rule.granted() ? "granted" : "withdrawn");
    }

    @Override
    public String event(SegmentRule.Event rule) {
        return zh ? eventZh(rule) : eventEn(rule);
    }

    private String eventEn(SegmentRule.Event rule) {
        StringBuilder what = new StringBuilder(rule.name());
        if (rule.brandId() != null) {
            what.append(" at ").append(names.brand(rule.brandId()));
        }
        if (rule.channel() != null) {
            what.append(" on ").append(rule.channel());
        }
        if (rule.field() != null) {
            what.append(" in ").append(rule.field());
        }
        String window = " in the last " + rule.days() + (rule.days() == 1 ? " day" : " days");
        if (never(rule)) {
            return "no " + what + window;
        }
        StringBuilder text = new StringBuilder(what);
        if (rule.count() != null) {
            text.append(' ').append(timesEn(rule.count()));
        }
        text.append(window);
        if (rule.sum() != null) {
            text.append(" with total").append(bounds(rule.sum(), "¥"));
        }
        if (rule.distinctDays() != null) {
            text.append(" on ").append(daysEn(rule.distinctDays()));
        }
        return text.toString();
    }

    private String eventZh(SegmentRule.Event rule) {
        StringBuilder where = new StringBuilder("近 " + rule.days() + " 天");
        if (rule.brandId() != null) {
            where.append("在 ").append(names.brand(rule.brandId())).append(' ');
        }
        if (rule.channel() != null) {
            where.append("经").append(CHANNELS_ZH.getOrDefault(rule.channel(), rule.channel()));
        }
        if (rule.field() != null) {
            where.append("于").append(FIELDS_ZH.getOrDefault(rule.field(), rule.field()));
        }
        if (never(rule)) {
            return where + "无" + EventNames.chinese(rule.name());
        }
        StringBuilder text =
                new StringBuilder(where.toString().stripTrailing()).append(' ').append(EventNames.chinese(rule.name()));
        if (rule.count() != null) {
            text.append(' ').append(timesZh(rule.count()));
        }
        if (rule.sum() != null) {
            text.append("，金额合计").append(bounds(rule.sum(), "¥"));
        }
        if (rule.distinctDays() != null) {
            text.append("，").append(daysZh(rule.distinctDays()));
        }
        return text.toString();
    }

    /** "No such event": count exactly 0 and nothing else asked. */
    private static boolean never(SegmentRule.Event rule) {
        return rule.count() != null
                && rule.count().exact()
                && rule.count().gte().signum() == 0
                && rule.sum() == null
                && rule.distinctDays() == null;
    }

    private static String timesEn(Range r) {
        if (r.exact()) {
            return "exactly " + times(r.gte());
        }
        if (r.lte() == null) {
            return "at least " + times(r.gte());
        }
        if (r.gte() == null) {
            return "at most " + times(r.lte());
        }
        return "between " + r.gte().toPlainString() + " and " + r.lte().toPlainString() + " times";
    }

    private static String times(BigDecimal n) {
        return n.compareTo(BigDecimal.ONE) == 0 ? "once" : n.toPlainString() + " times";
    }

    private static String timesZh(Range r) {
        if (r.exact()) {
            return "恰好 " + r.gte().toPlainString() + " 次";
        }
        if (r.lte() == null) {
            return "至少 " + r.gte().toPlainString() + " 次";
        }
        if (r.gte() == null) {
            return "至多 " + r.lte().toPlainString() + " 次";
        }
        return r.gte().toPlainString() + " 至 " + r.lte().toPlainString() + " 次";
    }

    private static String daysEn(Range r) {
        if (r.exact()) {
            return "exactly " + distinctDays(r.gte());
        }
        if (r.lte() == null) {
            return "at least " + distinctDays(r.gte());
        }
        if (r.gte() == null) {
            return "at most " + distinctDays(r.lte());
        }
        return "between " + r.gte().toPlainString() + " and " + r.lte().toPlainString() + " distinct days";
    }

    private static String distinctDays(BigDecimal n) {
        return n.toPlainString() + (n.compareTo(BigDecimal.ONE) == 0 ? " distinct day" : " distinct days");
    }

    private static String daysZh(Range r) {
        if (r.exact()) {
            return "恰好 " + r.gte().toPlainString() + " 个不同日期";
        }
        if (r.lte() == null) {
            return "至少 " + r.gte().toPlainString() + " 个不同日期";
        }
        if (r.gte() == null) {
            return "至多 " + r.lte().toPlainString() + " 个不同日期";
        }
        return r.gte().toPlainString() + " 至 " + r.lte().toPlainString() + " 个不同日期";
    }

    /** " ≥ 1000", " ≤ 5000", " = 100" or " between 1000 and 5000" (介于 … 与 … 之间). */
    private String bounds(Range r, String unit) {
        if (r.exact()) {
            return " = " + unit + number(r.gte(), unit);
        }
        if (r.lte() == null) {
            return " ≥ " + unit + number(r.gte(), unit);
        }
        if (r.gte() == null) {
            return " ≤ " + unit + number(r.lte(), unit);
        }
        String low = unit + number(r.gte(), unit);
        String high = unit + number(r.lte(), unit);
        return zh ? " 介于 " + low + " 与 " + high + " 之间" : " between " + low + " and " + high;
    }

    /** Yuan with fen only when there are any: ¥100, ¥99.50. */
    private static String number(BigDecimal value, String unit) {
        if (unit.isEmpty() || value.scale() <= 0) {
            return value.toPlainString();
        }
        return value.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }

    @Override
    public String inSegment(SegmentRule.InSegment rule) {
        String name = names.segment(rule.segmentId());
        return zh ? "属于人群 " + name : "in segment " + name;
    }
}
