package io.reservoir.audience.engine;

import io.reservoir.ingest.EventNames;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings under {@code reservoir.audience.*}: what the in-memory index holds. Rules asking for
 * anything outside it (an event name not indexed, a window reaching behind the horizon, an
 * attribute with too many values) are answered by SQL instead, exactly but slower.
 *
 * @param indexedEvents event names whose recent events are kept in memory
 * @param horizonDays how far back events are kept
 * @param maxAttributeValues an attribute with more distinct values is not indexed
 * @param refresh how often the index reads what changed
 */
@Validated
@ConfigurationProperties("reservoir.audience")
public record AudienceSettings(
        @NotNull
        @DefaultValue({
            EventNames.ORDER_COMPLETED,
            EventNames.ORDER_REFUNDED,
            EventNames.LIVE_WATCHED,
            EventNames.FIELD_VISITED,
            EventNames.CONTENT_SHARED,
            EventNames.REVIEW_POSTED,
            EventNames.CHECKED_IN,
            EventNames.COUPON_APPLIED,
            EventNames.MESSAGE_CLICKED,
            "Ticket Claimed",
            EventNames.PRODUCT_ADDED,
            "Store Followed",
            EventNames.MEMBER_JOINED,
            EventNames.GROUP_JOINED
        })
        List<String> indexedEvents,

        @Min(1) @Max(3650) @DefaultValue("400") int horizonDays,
        @Min(1) @DefaultValue("10000") int maxAttributeValues,
        @NotNull @DefaultValue("200ms") Duration refresh) {}
