package io.reservoir.audience;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings under {@code reservoir.audience.rule-tags.*}: how often {@link RuleTags} recomputes the
 * holders of rule tags and model tags.
 *
 * @param interval each rule or model tag is recomputed when its last computation is this old (a
 *     new tag at once)
 * @param afterChange after tags, memberships or profiles of a workspace changed, its rule tags are
 *     recomputed this long after the first change (changes meanwhile wait for the same round)
 */
@Validated
@ConfigurationProperties("reservoir.audience.rule-tags")
public record RuleTagSettings(
        @NotNull @DefaultValue("15m") Duration interval,
        @NotNull @DefaultValue("1m") Duration afterChange) {

    public RuleTagSettings {
        if (interval != null && interval.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("reservoir.audience.rule-tags.interval must be 10s or more");
        }
        if (afterChange != null && afterChange.isNegative()) {
            throw new IllegalArgumentException("reservoir.audience.rule-tags.after-change may not be negative");
        }
    }
}
