package io.reservoir.insight;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings under {@code reservoir.insight.*}.
 *
 * @param attributionDays how long after a share an order carrying its code is attributed to the
 *     sharer (docs/metrics.md, share attribution)
 * @param fullReloadShare a catch-up touching more than this share of a brand's customers reloads
 *     the brand whole instead of customer by customer
 */
@Validated
@ConfigurationProperties("reservoir.insight")
public record InsightSettings(
        @Min(0) @Max(365) @DefaultValue("7") int attributionDays,
        @Min(0) @Max(1) @DefaultValue("0.2") double fullReloadShare) {}
