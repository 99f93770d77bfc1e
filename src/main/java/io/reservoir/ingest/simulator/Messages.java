package io.reservoir.ingest.simulator;

import java.math.BigDecimal;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds Segment messages (docs/events.md) for simulated people. {@code messageId} and
 * {@code timestamp} are left as placeholders at the front of each message and filled in when the
 * day's messages are put in time order.
 */
final class Messages {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final People people;

    Messages(People people) {
        this.people = people;
    }

    ObjectNode track(String event, int p, String channel, String brand) {
        ObjectNode message = header("track");
        message.put("event", event);
        ObjectNode context = message.putObject("context");
        context.put("channel", channel);
        if (brand != null) {
            context.put("brand", brand);
        }
        context.putObject("identities");
        message.putObject("properties");
        return message;
    }

    ObjectNode identify(String channel, String brand) {
        ObjectNode message = header("identify");
        ObjectNode context = message.putObject("context");
        context.put("channel", channel);
        if (brand != null) {
            context.put("brand", brand);
        }
        message.putObject("traits");
        return message;
    }

    static ObjectNode properties(ObjectNode message) {
        return (ObjectNode) message.get("properties");
    }

    static ObjectNode identities(ObjectNode message) {
        return (ObjectNode) message.get("context").get("identities");
    }

    static ObjectNode traits(ObjectNode message) {
        return (ObjectNode) message.get("traits");
    }

    /** The ids a channel knows the person by; offline tills know the phone number. */
    void channelIds(ObjectNode target, int p, Channel channel) {
        switch (channel) {
            case TMALL -> target.put("tmall_ouid", people.tmallOuid(p));
            case JD -> target.put("jd_pin", people.jdPin(p));
            case DOUYIN -> target.put("douyin_openid", people.douyinOpenid(p));
            case MINI_PROGRAM -> {
                target.put("wechat_openid", people.miniProgramOpenid(p));
                target.put("wechat_unionid", people.unionid(p));
            }
            case WECOM -> {
                target.put("wecom_external_id", people.wecomExternalId(p));
                target.put("wechat_unionid", people.unionid(p));
            }
            case OFFLINE_POS -> target.put("phone", people.phone(p));
        }
    }

    /** The official account knows its own openid and the WeChat unionid. */
    void officialAccountIds(ObjectNode target, int p) {
        target.put("wechat_openid", people.officialAccountOpenid(p));
        target.put("wechat_unionid", people.unionid(p));
    }

    static BigDecimal yuan(long fen) {
        return BigDecimal.valueOf(fen, 2);
    }

    private static ObjectNode header(String type) {
        ObjectNode message = NODES.objectNode();
        message.put("type", type);
        message.putNull("messageId");
        message.putNull("timestamp");
        return message;
    }
}
