package io.reservoir.insight;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The business figures of a brand for a period (docs/metrics.md), narrowed to a channel and a
 * field when asked (null: all), each with its value a period and a year earlier.
 *
 * @param currency the ISO 4217 code of the brand's books: the unit of every {@code money} figure
 * @param productNames the name of each product of {@code topProducts} as its latest order line
 *     carried it (an order line without a name leaves its product out: it reads by its id)
 */
public record BusinessReport(
        long brandId,
        String period,
        Period.Kind kind,
        String timeZone,
        String currency,
        Instant start,
        Instant end,
        String previousPeriod,
        String yearEarlierPeriod,
        String channel,
        String field,
        Instant computedAt,
        Map<String, Figure> figures,
        Map<String, Figure> newMembersByChannel,
        Map<String, Figure> newMembersByField,
        FirstPurchase firstPurchase,
        CohortRetention cohorts,
        Map<String, List<TopProduct>> topProducts,
        Map<String, String> productNames) {

    /**
     * A figure in its unit ({@code count}, {@code money}, {@code ratio}, {@code days}) now, a period
     * earlier and a year earlier (null when undefined), with the change from each. Money is in the
     * report's currency, exact to its minor unit (two decimals).
     */
    public record Figure(
            String unit,
            BigDecimal value,
            BigDecimal previous,
            BigDecimal yearEarlier,
            Change fromPrevious,
            Change fromYearEarlier) {}

    /** {@code relative} is the change ÷ the earlier value, null when that is 0 or unknown. */
    public record Change(BigDecimal absolute, BigDecimal relative) {}

    /**
     * Members whose first purchase as a member fell in the period: how long after joining.
     *
     * @param median the lower middle of the days, null without members
     */
    public record FirstPurchase(long members, Integer median, BigDecimal average, Map<String, Long> distribution) {}

    /**
     * @param months the first day of each cohort's month
     * @param retained [cohort][months after joining] customers with a purchase day then
     * @param rates the same as shares of the cohort (null for an empty cohort)
     */
    public record CohortRetention(
            List<LocalDate> months, List<Long> sizes, List<List<Long>> retained, List<List<BigDecimal>> rates) {}

    public record TopProduct(String productId, long units, long orders, long buyers) {}
}
