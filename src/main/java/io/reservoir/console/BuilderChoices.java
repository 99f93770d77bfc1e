package io.reservoir.console;

import io.reservoir.audience.Segment;
import io.reservoir.audience.SegmentRule;
import io.reservoir.audience.Segments;
import io.reservoir.audience.Tag;
import io.reservoir.audience.Tags;
import io.reservoir.identity.ConsentChannel;
import io.reservoir.identity.IdentityType;
import io.reservoir.ingest.Channels;
import io.reservoir.ingest.EventNames;
import io.reservoir.loyalty.LoyaltyProgram;
import io.reservoir.loyalty.LoyaltyPrograms;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/** What the builder's inputs offer: the workspace's brands and their tiers, tags, segments, and the fixed lists. */
@Component
class BuilderChoices {

    /** Events operators select on most; the input takes any other name too. */
    static final List<String> EVENTS = List.of(
            SegmentRule.ORDER_COMPLETED,
            EventNames.ORDER_REFUNDED,
            EventNames.MEMBER_JOINED,
            EventNames.MEMBER_LEFT,
            EventNames.FIELD_VISITED,
            EventNames.PRODUCT_VIEWED,
            EventNames.PRODUCT_ADDED,
            EventNames.LIVE_WATCHED,
            EventNames.CHECKED_IN,
            EventNames.CONTENT_SHARED,
            EventNames.REVIEW_POSTED,
            "Store Followed",
            EventNames.GROUP_JOINED,
            EventNames.COUPON_APPLIED,
            "Ticket Claimed",
            EventNames.MESSAGE_CLICKED,
            "Signed In");

    private final Brands brands;
    private final LoyaltyPrograms programs;
    private final Tags tags;
    private final Segments segments;

    BuilderChoices(Brands brands, LoyaltyPrograms programs, Tags tags, Segments segments) {
        this.brands = brands;
        this.programs = programs;
        this.tags = tags;
        this.segments = segments;
    }

    /** A tier a tier condition can tick. */
    record TierOption(String code, String name) {}

    /**
     * @param tiers the tiers of each brand's program by brand id (as the inputs post it)
     * @param segments the saved segments a rule may refer to (not the one being edited)
     */
    record Choices(
            List<Brand> brands,
            Map<String, List<TierOption>> tiers,
            List<Tag> tags,
            List<Segment> segments,
            List<String> kinds,
            List<String> identityTypes,
            List<String> consentChannels,
            List<String> channels,
            List<String> fields,
            List<String> ops,
            List<String> events,
            int maxDepth) {

        /** How the event list names an event to the reader: in Chinese by its Chinese name. */
        public String eventLabel(String event, Locale locale) {
            return locale.getLanguage().equals("zh") ? EventNames.chinese(event) : event;
        }

        /** What a row of each kind shows first in the inputs that cannot be blank. */
        Map<String, Map<String, String>> defaults() {
            String brand = brands.isEmpty() ? "" : Long.toString(brands.get(0).id());
            return Map.of(
                    "member", Map.of("brand", brand),
                    "tier", Map.of("brand", brand),
                    "relation", Map.of("brand", brand),
                    "points", Map.of("brand", brand),
                    "tag", Map.of("tag", tags.isEmpty() ? "" : tags.get(0).name()),
                    "consent", Map.of("channel", consentChannels.get(0), "granted", "true"),
                    "attribute", Map.of("op", ops.get(0)),
                    "identity", Map.of("identity", identityTypes.get(0)),
                    "event", Map.of("days", "30"),
                    "segment",
                            Map.of(
                                    "segment",
                                    segments.isEmpty()
                                            ? ""
                                            : Long.toString(segments.get(0).id())));
        }

        /** The brand's tiers, and codes ticked that its program no longer has. */
        public List<TierOption> tiersOf(String brand, List<String> ticked) {
            List<TierOption> options = new ArrayList<>(tiers.getOrDefault(brand, List.of()));
            for (String code : ticked) {
                if (options.stream().noneMatch(o -> o.code().equals(code))) {
                    options.add(new TierOption(code, code));
                }
            }
            return options;
        }
    }

    Choices of(Caller caller, Long editedSegment) {
        List<Brand> all = brands.list(caller);
        Map<String, List<TierOption>> tiers = new LinkedHashMap<>();
        for (Brand brand : all) {
            tiers.put(
                    Long.toString(brand.id()),
                    programs.find(caller.workspaceId(), brand.id())
                            .map(p -> p.tiers().levels().stream()
                                    .map((LoyaltyProgram.Tier t) -> new TierOption(t.code(), t.name()))
                                    .toList())
                            .orElse(List.of()));
        }
        return new Choices(
                all,
                tiers,
                tags.list(caller),
                segments.list(caller).stream()
                        .filter(s -> !Objects.equals(s.id(), editedSegment))
                        .toList(),
                RuleForm.KINDS,
                Arrays.stream(IdentityType.values()).map(IdentityType::id).toList(),
                Arrays.stream(ConsentChannel.values()).map(ConsentChannel::id).toList(),
                Channels.CHANNELS.stream().sorted().toList(),
                Channels.fields(),
                Arrays.stream(SegmentRule.Attribute.Op.values())
                        .map(SegmentRule.Attribute.Op::id)
                        .toList(),
                EVENTS,
                RuleForm.MAX_DEPTH);
    }
}
