package io.reservoir.insight;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Puts the business figures of a period, its predecessor and its year-earlier twin into a report. */
final class BusinessReports {

    static final int TOP_PRODUCTS = 10;

    private BusinessReports() {}

    record Three(BusinessFigures now, BusinessFigures previous, BusinessFigures yearEarlier) {}

    static BusinessReport report(
            BrandFacts facts,
            Period period,
            String channel,
            String field,
            Three f,
            Cohorts cohorts,
            java.time.Instant at) {
        ZoneId zone = facts.days.zone;
        Map<String, BusinessReport.Figure> figures = new LinkedHashMap<>();
        figures.put("orders", count(f, x -> x.orders));
        figures.put("gmv", money(f, x -> x.netFen));
        figures.put("paid", money(f, x -> x.paidFen));
        figures.put("refunded", money(f, x -> x.paidFen - x.netFen));
        figures.put("refundRate", ratio(f, x -> x.paidFen - x.netFen, x -> x.paidFen));
        figures.put("refundedOrderRate", ratio(f, x -> x.refundedOrders, x -> x.orders));
        figures.put("memberOrders", count(f, x -> x.memberOrders));
        figures.put("memberGmv", money(f, x -> x.memberNetFen));
        figures.put("memberGmvShare", ratio(f, x -> x.memberNetFen, x -> x.netFen));
        figures.put("aov", average(f, x -> x.netFen, x -> x.orders));
        figures.put("memberAov", average(f, x -> x.memberNetFen, x -> x.memberOrders));
        figures.put("spendPerBuyer", average(f, x -> x.netFen, x -> x.buyers));
        figures.put("buyers", count(f, x -> x.buyers));
        figures.put("repeatBuyers", count(f, x -> x.repeatBuyers));
        figures.put("repurchaseRate", ratio(f, x -> x.repeatBuyers, x -> x.buyers));
        figures.put("memberBuyers", count(f, x -> x.memberBuyers));
        figures.put("memberRepeatBuyers", count(f, x -> x.memberRepeatBuyers));
        figures.put("memberRepurchaseRate", ratio(f, x -> x.memberRepeatBuyers, x -> x.memberBuyers));
        figures.put("newMembers", count(f, x -> x.newMembers));
        figures.put("firstPurchases", count(f, x -> (long) x.firstPurchaseDays.size()));

        Map<String, BusinessReport.Figure> byChannel = new LinkedHashMap<>();
        for (int c = 0; c < FactLoader.CHANNELS.size(); c++) {
            int code = c;
            byChannel.put(FactLoader.CHANNELS.get(c), count(f, x -> x.newMembersByChannel.getOrDefault(code, 0L)));
        }
        Map<String, BusinessReport.Figure> byField = new LinkedHashMap<>();
        for (int i = 0; i < FactLoader.FIELDS.size(); i++) {
            int code = i;
            if (code != FactLoader.MEMBERSHIP) {
                byField.put(FactLoader.FIELDS.get(i), count(f, x -> x.newMembersByField[code]));
            }
        }
        byField.put("none", count(f, x -> x.newMembersByField[FactLoader.FIELDS.size()]));

        Map<String, List<BusinessReport.TopProduct>> top = topProducts(f.now, facts.products);
        return new BusinessReport(
                facts.brandId,
                period.text(),
                period.kind(),
                zone.getId(),
                facts.currency,
                period.start(zone),
                period.end(zone),
                period.previous().text(),
                period.yearEarlier().text(),
                channel,
                field,
                at,
                figures,
                byChannel,
                byField,
                firstPurchase(f.now),
                cohorts(cohorts),
                top,
                facts.products.names(top.values().stream()
                        .flatMap(List::stream)
                        .map(BusinessReport.TopProduct::productId)
                        .toList()));
    }

    private static BusinessReport.FirstPurchase firstPurchase(BusinessFigures f) {
        List<Integer> days = new ArrayList<>(f.firstPurchaseDays);
        Collections.sort(days);
        Map<String, Long> distribution = new LinkedHashMap<>();
        for (int b = 0; b < BusinessFigures.FIRST_PURCHASE_BUCKETS.length; b++) {
            distribution.put(BusinessFigures.FIRST_PURCHASE_BUCKETS[b], f.firstPurchaseBuckets[b]);
        }
        long sum = days.stream().mapToLong(Integer::longValue).sum();
        return new BusinessReport.FirstPurchase(
                days.size(),
                days.isEmpty() ? null : days.get((days.size() - 1) / 2),
                days.isEmpty()
                        ? null
                        : BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(days.size()), 1, RoundingMode.HALF_UP),
                distribution);
    }

    private static BusinessReport.CohortRetention cohorts(Cohorts c) {
        List<java.time.LocalDate> months = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        List<List<Long>> retained = new ArrayList<>();
        List<List<BigDecimal>> rates = new ArrayList<>();
        for (int m = 0; m < Cohorts.MONTHS; m++) {
            months.add(c.month(m));
            sizes.add(c.sizes[m]);
            List<Long> row = new ArrayList<>();
            List<BigDecimal> rateRow = new ArrayList<>();
            for (int k = 0; k < Cohorts.MONTHS - m; k++) {
                row.add(c.retained[m][k]);
                rateRow.add(Insight.ratio(c.retained[m][k], c.sizes[m]));
            }
            retained.add(row);
            rates.add(rateRow);
        }
        return new BusinessReport.CohortRetention(months, sizes, retained, rates);
    }

    private static Map<String, List<BusinessReport.TopProduct>> topProducts(BusinessFigures f, Products products) {
        Map<String, List<BusinessReport.TopProduct>> top = new LinkedHashMap<>();
        for (Layer layer : Layer.values()) {
            List<BusinessReport.TopProduct> list = new ArrayList<>();
            f.products
                    .get(layer.ordinal())
                    .forEach((code, tally) ->
                            list.add(new BusinessReport.TopProduct(products.id(code), tally[0], tally[1], tally[2])));
            list.sort((a, b) -> a.units() != b.units()
                    ? Long.compare(b.units(), a.units())
                    : a.productId().compareTo(b.productId()));
            top.put(layer.id(), List.copyOf(list.subList(0, Math.min(TOP_PRODUCTS, list.size()))));
        }
        return top;
    }

    private static BusinessReport.Figure count(Three f, Function<BusinessFigures, Long> of) {
        return figure("count", f, x -> BigDecimal.valueOf(of.apply(x)));
    }

    private static BusinessReport.Figure money(Three f, Function<BusinessFigures, Long> fen) {
        return figure("money", f, x -> BigDecimal.valueOf(fen.apply(x), 2));
    }

    private static BusinessReport.Figure ratio(
            Three f, Function<BusinessFigures, Long> part, Function<BusinessFigures, Long> whole) {
        return figure("ratio", f, x -> Insight.ratio(part.apply(x), whole.apply(x)));
    }

    /** minor units ÷ count, half up to the minor unit, as money. */
    private static BusinessReport.Figure average(
            Three f, Function<BusinessFigures, Long> fen, Function<BusinessFigures, Long> count) {
        return figure(
                "money",
                f,
                x -> count.apply(x) == 0
                        ? null
                        : BigDecimal.valueOf(fen.apply(x))
                                .divide(BigDecimal.valueOf(count.apply(x)), 0, RoundingMode.HALF_UP)
                                .movePointLeft(2));
    }

    private static BusinessReport.Figure figure(String unit, Three f, Function<BusinessFigures, BigDecimal> of) {
        BigDecimal now = of.apply(f.now);
        BigDecimal previous = of.apply(f.previous);
        BigDecimal yearEarlier = of.apply(f.yearEarlier);
        return new BusinessReport.Figure(
                unit, now, previous, yearEarlier, change(now, previous), change(now, yearEarlier));
    }

    static BusinessReport.Change change(BigDecimal now, BigDecimal earlier) {
        if (now == null || earlier == null) {
            return null;
        }
        BigDecimal absolute = now.subtract(earlier);
        BigDecimal relative = earlier.signum() == 0 ? null : absolute.divide(earlier.abs(), 4, RoundingMode.HALF_UP);
        return new BusinessReport.Change(absolute, relative);
    }
}
