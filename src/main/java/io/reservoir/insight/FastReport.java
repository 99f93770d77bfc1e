package io.reservoir.insight;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The FAST+ figures of a brand for a period, as defined in {@code docs/metrics.md}: Capital by
 * layer and field, Conversion with the layer transition matrix, Connection per field and CLV by
 * layer. Amounts are exact strings in the brand's {@code currency} (two decimals); ratios have four decimals and are null when undefined.
 *
 * @param start the first instant of the period (S)
 * @param end the instant just after the period (E): "at the end of P" is just before it
 * @param computedAt when the figures were computed (closed periods are kept until late data)
 */
public record FastReport(
        long brandId,
        String period,
        Period.Kind kind,
        String timeZone,
        String currency,
        Instant start,
        Instant end,
        String previousPeriod,
        Instant computedAt,
        long capital,
        Map<String, Long> capitalByLayer,
        Map<String, Long> capitalByField,
        Conversion conversion,
        Transitions transitions,
        Map<String, Connection> connection,
        Clv clv) {

    /**
     * @param deepened customers whose layer at the end of P is deeper than at the end of P−1
     * @param previousCapital Capital at the end of P−1
     * @param rate deepened ÷ previousCapital, null when previousCapital is 0
     */
    public record Conversion(long deepened, long previousCapital, BigDecimal rate) {}

    /**
     * Customers by layer at the end of P−1 (row) and at the end of P (column), both in the order
     * of {@code layers}, {@code none} first: the "none" row is who entered, the column who left.
     */
    public record Transitions(List<String> layers, List<List<Long>> counts) {}

    /**
     * @param visitors distinct customers who visited the field in P
     * @param active of those, who held a relation in the field at some time in P
     * @param rate active ÷ visitors, null when nobody visited
     */
    public record Connection(long visitors, long active, BigDecimal rate) {}

    /** CLV at the end of P over all layered customers and per layer. */
    public record Clv(ClvFigures all, Map<String, ClvFigures> byLayer) {}

    /**
     * @param sum total CLV in the report's currency
     * @param average sum ÷ customers, rounded half up to the fen; null without customers
     * @param distribution customers per CLV bucket (major units of the currency, upper bounds included)
     */
    public record ClvFigures(long customers, String sum, String average, Map<String, Long> distribution) {}
}
