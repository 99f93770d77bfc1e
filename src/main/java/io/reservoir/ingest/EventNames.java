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
}
