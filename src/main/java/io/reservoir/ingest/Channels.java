package io.reservoir.ingest;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The closed vocabularies of intake: channels, fields, and the events that open and close relations. */
public final class Channels {

    /** The channels an event may name in {@code context.channel} (docs/events.md). */
    public static final Set<String> CHANNELS = Set.of(
            "tmall", "jd", "douyin", "wechat_miniprogram", "wechat_oa", "wecom", "app", "web", "offline_pos", "sms");

    static final String DEFAULT_CHANNEL = "web";

    static final List<String> FIELDS = List.of(
            "store",
            "membership",
            "group_chat",
            "live_room",
            "dedicated_cs",
            "subscription",
            "mini_program",
            "official_account",
            "guide_wecom",
            "offline_store");

    /** The fields (场域) a relation or an event may name (SPEC §4). */
    public static List<String> fields() {
        return FIELDS;
    }

    /** Event name → (field, opens?). {@code Relation Opened/Closed} name their field in properties. */
    static final Map<String, Incoming.Relation> RELATION_EVENTS = Map.ofEntries(
            Map.entry("Store Followed", new Incoming.Relation("store", true)),
            Map.entry("Store Unfollowed", new Incoming.Relation("store", false)),
            Map.entry(EventNames.MEMBER_JOINED, new Incoming.Relation("membership", true)),
            Map.entry(EventNames.MEMBER_LEFT, new Incoming.Relation("membership", false)),
            Map.entry(EventNames.GROUP_JOINED, new Incoming.Relation("group_chat", true)),
            Map.entry(EventNames.GROUP_LEFT, new Incoming.Relation("group_chat", false)),
            Map.entry("Live Room Followed", new Incoming.Relation("live_room", true)),
            Map.entry("Live Room Unfollowed", new Incoming.Relation("live_room", false)),
            Map.entry("Subscription Followed", new Incoming.Relation("subscription", true)),
            Map.entry("Subscription Unfollowed", new Incoming.Relation("subscription", false)),
            Map.entry("Dedicated CS Bound", new Incoming.Relation("dedicated_cs", true)),
            Map.entry("Dedicated CS Unbound", new Incoming.Relation("dedicated_cs", false)),
            Map.entry(EventNames.GUIDE_ADDED, new Incoming.Relation("guide_wecom", true)),
            Map.entry("Guide Removed", new Incoming.Relation("guide_wecom", false)),
            Map.entry("Official Account Followed", new Incoming.Relation("official_account", true)),
            Map.entry("Official Account Unfollowed", new Incoming.Relation("official_account", false)));

    /** All names that move a relation, for reading them back from the log. */
    static List<String> relationEventNames() {
        var names = new java.util.ArrayList<>(RELATION_EVENTS.keySet());
        names.add(EventNames.RELATION_OPENED);
        names.add(EventNames.RELATION_CLOSED);
        return names;
    }

    private Channels() {}
}
