package io.reservoir.ingest;

/**
 * The names of the events Reservoir's modules act on (docs/events.md), one spelling for all of
 * them. Other names are logged and shown as they come; a module that follows the log asks for the
 * names it reads with these constants.
 */
public final class EventNames {

    public static final String ORDER_COMPLETED = "Order Completed";
    public static final String ORDER_REFUNDED = "Order Refunded";
    public static final String MEMBER_JOINED = "Member Joined";
    public static final String MEMBER_LEFT = "Member Left";
    public static final String CHECKED_IN = "Checked In";
    public static final String REVIEW_POSTED = "Review Posted";
    public static final String CONTENT_SHARED = "Content Shared";
    public static final String FIELD_VISITED = "Field Visited";
    public static final String LIVE_WATCHED = "Live Watched";
    public static final String GROUP_JOINED = "Group Joined";
    public static final String GROUP_LEFT = "Group Left";
    public static final String GUIDE_ADDED = "Guide Added";
    public static final String MESSAGE_CLICKED = "Message Clicked";
    public static final String PRODUCT_VIEWED = "Product Viewed";
    public static final String PRODUCT_ADDED = "Product Added";
    public static final String COUPON_APPLIED = "Coupon Applied";
    public static final String RELATION_OPENED = "Relation Opened";
    public static final String RELATION_CLOSED = "Relation Closed";

    private EventNames() {}

    /**
     * How the Chinese console and rule texts name the events of the vocabulary (and the common
     * names of docs/events.md); another event reads as it was sent.
     */
    private static final java.util.Map<String, String> CHINESE = java.util.Map.ofEntries(
            java.util.Map.entry(ORDER_COMPLETED, "下单"),
            java.util.Map.entry(ORDER_REFUNDED, "退款"),
            java.util.Map.entry(MEMBER_JOINED, "入会"),
            java.util.Map.entry(MEMBER_LEFT, "退会"),
            java.util.Map.entry(CHECKED_IN, "签到"),
            java.util.Map.entry(REVIEW_POSTED, "发表评价"),
            java.util.Map.entry(CONTENT_SHARED, "分享内容"),
            java.util.Map.entry(FIELD_VISITED, "访问场域"),
            java.util.Map.entry(LIVE_WATCHED, "观看直播"),
            java.util.Map.entry(GROUP_JOINED, "入群"),
            java.util.Map.entry(GROUP_LEFT, "退群"),
            java.util.Map.entry(GUIDE_ADDED, "添加导购"),
            java.util.Map.entry(MESSAGE_CLICKED, "点击消息"),
            java.util.Map.entry(PRODUCT_VIEWED, "浏览商品"),
            java.util.Map.entry(PRODUCT_ADDED, "加购"),
            java.util.Map.entry(COUPON_APPLIED, "使用优惠券"),
            java.util.Map.entry(RELATION_OPENED, "建立关系"),
            java.util.Map.entry(RELATION_CLOSED, "解除关系"),
            java.util.Map.entry("Store Followed", "关注店铺"),
            java.util.Map.entry("Store Visited", "到店"),
            java.util.Map.entry("Official Account Followed", "关注公众号"));

    /** The event's Chinese name; the name itself for an event outside the vocabulary. */
    public static String chinese(String event) {
        return CHINESE.getOrDefault(event, event);
    }
}
