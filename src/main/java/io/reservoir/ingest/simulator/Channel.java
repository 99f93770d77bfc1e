package io.reservoir.ingest.simulator;

/** The channels simulated people shop on, with their share of first contacts and order-id prefix. */
enum Channel {
    TMALL("tmall", "TM", 0.30),
    JD("jd", "JD", 0.14),
    DOUYIN("douyin", "DY", 0.18),
    MINI_PROGRAM("wechat_miniprogram", "MP", 0.18),
    WECOM("wecom", "WC", 0.08),
    OFFLINE_POS("offline_pos", "POS", 0.12);

    static final Channel[] ALL = values();

    final String id;
    final String orderPrefix;
    final double share;

    Channel(String id, String orderPrefix, double share) {
        this.id = id;
        this.orderPrefix = orderPrefix;
        this.share = share;
    }

    /** A channel drawn by share from {@code u} in [0, 1). */
    static Channel pick(double u) {
        double sum = 0;
        for (Channel channel : ALL) {
            sum += channel.share;
            if (u < sum) {
                return channel;
            }
        }
        return OFFLINE_POS;
    }

    /** Platform stores a customer can follow (a flagship store on the platform). */
    boolean hasStore() {
        return this == TMALL || this == JD || this == DOUYIN;
    }

    /** Platforms with live rooms. */
    boolean hasLiveRoom() {
        return this == TMALL || this == DOUYIN;
    }

    /** Channels where a shopping guide's code goes along with the order. */
    boolean guided() {
        return this == MINI_PROGRAM || this == WECOM || this == OFFLINE_POS;
    }
}
