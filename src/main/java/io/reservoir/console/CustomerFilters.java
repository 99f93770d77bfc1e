package io.reservoir.console;

import io.reservoir.audience.SegmentRule;
import io.reservoir.identity.IdentityType;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The filters, sort and page of the customers list as the request gives them. Brand, tier, tag,
 * segment and channel become one audience rule (evaluated by the audience engine); the date
 * ranges are whole days in the console's zone, applied to the rows read for sorting.
 *
 * @param tier {@code brandId:code} of a tier of that brand's program
 * @param channel one of {@link #CHANNELS}
 */
record CustomerFilters(
        Long brand,
        String tier,
        String tag,
        Long segment,
        String channel,
        LocalDate joinedFrom,
        LocalDate joinedTo,
        LocalDate orderFrom,
        LocalDate orderTo,
        Sort sort,
        boolean ascending,
        int page) {

    /** What the list sorts by. */
    enum Sort {
        JOINED,
        LAST_ORDER,
        NET_SPEND,
        ORDERS;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Sort parse(String id) {
            for (Sort sort : values()) {
                if (sort.id().equals(id)) {
                    return sort;
                }
            }
            throw new Invalid("sort", "choice");
        }
    }

    /**
     * Where a customer came from or is linked, as the list names it: the identities of the
     * channel's platform it holds, or orders placed in it (intake channels in {@code orderChannels}).
     */
    record Channel(String id, List<IdentityType> identities, List<String> orderChannels) {}

    static final List<Channel> CHANNELS = List.of(
            new Channel("tmall", List.of(IdentityType.TMALL_OUID, IdentityType.TAOBAO_NICK), List.of("tmall")),
            new Channel("jd", List.of(IdentityType.JD_PIN), List.of("jd")),
            new Channel("douyin", List.of(IdentityType.DOUYIN_OPENID), List.of("douyin")),
            new Channel(
                    "wechat",
                    List.of(IdentityType.WECHAT_UNIONID, IdentityType.WECHAT_OPENID),
                    List.of("wechat_miniprogram", "wechat_oa")),
            new Channel("wecom", List.of(IdentityType.WECOM_EXTERNAL_ID), List.of("wecom")),
            new Channel("app", List.of(IdentityType.APP_USER_ID), List.of("app")),
            new Channel("offline_pos", List.of(), List.of("offline_pos")),
            new Channel("web", List.of(), List.of("web")));

    /** The channel of the list an identity type belongs to, or null. */
    static String channelOf(String identityType) {
        for (Channel channel : CHANNELS) {
            for (IdentityType type : channel.identities()) {
                if (type.id().equals(identityType)) {
                    return channel.id();
                }
            }
        }
        return null;
    }

    /** The channel of the list an intake channel (of an order) belongs to, or null. */
    static String channelOfOrders(String intakeChannel) {
        for (Channel channel : CHANNELS) {
            if (channel.orderChannels().contains(intakeChannel)) {
                return channel.id();
            }
        }
        return null;
    }

    static CustomerFilters parse(Map<String, String> params) {
        String sort = blankToNull(params.get("sort"));
        String dir = blankToNull(params.get("dir"));
        int page;
        try {
            page = Math.max(1, Integer.parseInt(params.getOrDefault("page", "1").strip()));
        } catch (NumberFormatException e) {
            page = 1;
        }
        CustomerFilters filters = new CustomerFilters(
                number("brand", params.get("brand")),
                blankToNull(params.get("tier")),
                blankToNull(params.get("tag")),
                number("segment", params.get("segment")),
                blankToNull(params.get("channel")),
                date("joinedFrom", params.get("joinedFrom")),
                date("joinedTo", params.get("joinedTo")),
                date("orderFrom", params.get("orderFrom")),
                date("orderTo", params.get("orderTo")),
                sort == null ? Sort.JOINED : Sort.parse(sort),
                "asc".equals(dir),
                page);
        if (filters.channel != null && CHANNELS.stream().noneMatch(c -> c.id().equals(filters.channel))) {
            throw new Invalid("channel", "choice");
        }
        if (filters.tier != null && tierBrand(filters.tier) == null) {
            throw new Invalid("tier", "choice");
        }
        return filters;
    }

    /** Whether any filter narrows the list (sort and page do not). */
    public boolean narrowed() {
        return brand != null
                || tier != null
                || tag != null
                || segment != null
                || channel != null
                || joinedFrom != null
                || joinedTo != null
                || orderFrom != null
                || orderTo != null;
    }

    /** The audience rule of brand, tier, tag, segment and channel; null when none is set. */
    SegmentRule rule() {
        List<SegmentRule> all = new ArrayList<>();
        if (brand != null) {
            all.add(new SegmentRule.Any(List.of(
                    new SegmentRule.Relation(brand, null), new SegmentRule.Member(brand), orders(brand, null))));
        }
        if (tier != null) {
            all.add(new SegmentRule.Tier(tierBrand(tier), List.of(tier.substring(tier.indexOf(':') + 1))));
        }
        if (tag != null) {
            all.add(new SegmentRule.Tagged(tag, null));
        }
        if (segment != null) {
            all.add(new SegmentRule.InSegment(segment));
        }
        if (channel != null) {
            Channel c = CHANNELS.stream()
                    .filter(x -> x.id().equals(channel))
                    .findFirst()
                    .orElseThrow();
            List<SegmentRule> any = new ArrayList<>();
            c.identities().forEach(type -> any.add(new SegmentRule.Identity(type)));
            c.orderChannels().forEach(name -> any.add(orders(brand, name)));
            all.add(new SegmentRule.Any(any));
        }
        return all.isEmpty() ? null : all.size() == 1 ? all.get(0) : new SegmentRule.All(all);
    }

    /** Whether a joined time and a last-order time (null: never ordered) lie in the date ranges. */
    boolean dated(Instant joined, Instant lastOrder, ZoneId zone) {
        return within(joined, joinedFrom, joinedTo, zone)
                && (orderFrom == null && orderTo == null
                        || lastOrder != null && within(lastOrder, orderFrom, orderTo, zone));
    }

    /** The query string of these filters and sort, with {@code page} (for links and the CSV). */
    String query(int page) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("brand", brand);
        params.put("tier", tier);
        params.put("tag", tag);
        params.put("segment", segment);
        params.put("channel", channel);
        params.put("joinedFrom", joinedFrom);
        params.put("joinedTo", joinedTo);
        params.put("orderFrom", orderFrom);
        params.put("orderTo", orderTo);
        params.put("sort", sort.id());
        params.put("dir", ascending ? "asc" : "desc");
        UriComponentsBuilder uri = UriComponentsBuilder.newInstance();
        params.forEach((name, value) -> {
            if (value != null) {
                uri.queryParam(name, value.toString());
            }
        });
        if (page > 1) {
            uri.queryParam("page", page);
        }
        return uri.encode().build().getQuery();
    }

    /** The same filters sorted by {@code by}: descending first, ascending when already descending by it. */
    String sortedBy(String by) {
        Sort s = Sort.parse(by);
        boolean asc = s == sort && !ascending;
        return new CustomerFilters(
                        brand, tier, tag, segment, channel, joinedFrom, joinedTo, orderFrom, orderTo, s, asc, 1)
                .query(1);
    }

    private static SegmentRule orders(Long brandId, String channelName) {
        return new SegmentRule.Event(
                SegmentRule.ORDER_COMPLETED, brandId, channelName, null, SegmentRule.MAX_DAYS, null, null, null);
    }

    private static boolean within(Instant at, LocalDate from, LocalDate to, ZoneId zone) {
        LocalDate day = at.atZone(zone).toLocalDate();
        return (from == null || !day.isBefore(from)) && (to == null || !day.isAfter(to));
    }

    static Long tierBrand(String tier) {
        int colon = tier.indexOf(':');
        if (colon < 1 || colon == tier.length() - 1) {
            return null;
        }
        try {
            return Long.parseLong(tier.substring(0, colon));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long number(String field, String value) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new Invalid(field, "choice");
        }
    }

    private static LocalDate date(String field, String value) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeException e) {
            throw new Invalid(field, "date");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * A filter the list cannot read; the page says so in the user's words: the field's label
     * ({@code customers.filter.<field>}) and the reason ({@code customers.invalid.<reason>}).
     */
    static final class Invalid extends RuntimeException {
        final String field;
        final String reason;

        Invalid(String field, String reason) {
            super(field + ": " + reason, null, false, false);
            this.field = field;
            this.reason = reason;
        }
    }
}
