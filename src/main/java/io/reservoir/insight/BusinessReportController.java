package io.reservoir.insight;

import io.reservoir.platform.csv.CsvWriter;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/reports/business} (every business figure at once) and one endpoint per report:
 * {@code member-gmv-share}, {@code aov}, {@code repurchase}, {@code new-members},
 * {@code first-purchase}, {@code cohorts}, {@code top-products}, {@code refunds}; filtered by
 * {@code channel} and {@code field}, of one period or a series of them, as JSON with the definitions
 * and the period boundaries, or CSV.
 */
@RestController
@RequestMapping("/api/v1/reports")
class BusinessReportController {

    /** Report name → the figures it shows. */
    static final Map<String, List<String>> REPORTS = Map.of(
            "member-gmv-share", List.of("orders", "gmv", "memberOrders", "memberGmv", "memberGmvShare"),
            "aov", List.of("orders", "gmv", "aov", "memberOrders", "memberGmv", "memberAov", "buyers", "spendPerBuyer"),
            "repurchase",
                    List.of(
                            "buyers",
                            "repeatBuyers",
                            "repurchaseRate",
                            "memberBuyers",
                            "memberRepeatBuyers",
                            "memberRepurchaseRate"),
            "new-members", List.of("newMembers"),
            "first-purchase", List.of("firstPurchases"),
            "cohorts", List.of(),
            "top-products", List.of(),
            "refunds", List.of("orders", "paid", "refunded", "refundRate", "refundedOrderRate"));

    private final Insight insight;

    BusinessReportController(Insight insight) {
        this.insight = insight;
    }

    /**
     * All the figures ({@code /business}) or one report's ({@code name}), of one period ({@code
     * period}) or a series ({@code from} and {@code to}, as the FAST+ series: {@code items}, oldest
     * first).
     */
    @GetMapping({
        "/business",
        "/{name:member-gmv-share|aov|repurchase|new-members|first-purchase|cohorts|top-products|refunds}"
    })
    Object report(
            Caller caller,
            @PathVariable(required = false) String name,
            @RequestParam long brand,
            @RequestParam(required = false) String period,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String channel,
            @RequestParam(required = false) String field,
            @RequestParam(defaultValue = "json") String format,
            HttpServletResponse response)
            throws IOException {
        caller.require(Role.OPERATOR, Role.ANALYST);
        boolean csv = FastReportController.csv(format);
        boolean series = period == null && (from != null || to != null);
        List<BusinessReport> reports;
        if (series) {
            if (from == null || to == null) {
                throw ReservoirException.invalid(
                        from == null ? "period" : "to", "is required: give period, or from and to");
            }
            reports = insight.business(
                    caller, brand, Period.parse("from", from), Period.parse("to", to), blank(channel), blank(field));
        } else {
            reports = List.of(
                    insight.business(caller, brand, Period.parse("period", period), blank(channel), blank(field)));
        }
        if (csv) {
            csv(reports, name, series, response);
            return null;
        }
        if (!series) {
            BusinessReport r = reports.get(0);
            if (name == null) {
                return Map.of("definitions", BusinessDefinitions.ALL, "report", r);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("report", name);
            answer.putAll(answer(name, r, true));
            return answer;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        if (name != null) {
            answer.put("report", name);
        }
        answer.put("definitions", BusinessDefinitions.ALL);
        answer.put(
                "items",
                name == null
                        ? reports
                        : reports.stream().map(r -> answer(name, r, false)).toList());
        return answer;
    }

    /** What one report ({@code name}) says of one period. */
    private static Map<String, Object> answer(String name, BusinessReport r, boolean definitions) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("brandId", r.brandId());
        answer.put("period", r.period());
        answer.put("kind", r.kind());
        answer.put("timeZone", r.timeZone());
        answer.put("currency", r.currency());
        answer.put("start", r.start());
        answer.put("end", r.end());
        answer.put("previousPeriod", r.previousPeriod());
        answer.put("yearEarlierPeriod", r.yearEarlierPeriod());
        answer.put("channel", r.channel());
        answer.put("field", r.field());
        answer.put("computedAt", r.computedAt());
        if (definitions) {
            answer.put("definitions", BusinessDefinitions.ALL);
        }
        Map<String, BusinessReport.Figure> figures = new LinkedHashMap<>();
        REPORTS.get(name).forEach(key -> figures.put(key, r.figures().get(key)));
        if (!figures.isEmpty()) {
            answer.put("figures", figures);
        }
        switch (name) {
            case "new-members" -> {
                answer.put("byChannel", r.newMembersByChannel());
                answer.put("byField", r.newMembersByField());
            }
            case "first-purchase" -> answer.put("firstPurchase", r.firstPurchase());
            case "cohorts" -> answer.put("cohorts", r.cohorts());
            case "top-products" -> answer.put("topProducts", r.topProducts());
            default -> {}
        }
        return answer;
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * The figures of the report {@code name} (all when null) as rows, one period after another; a
     * series' cohorts and top products start each row with its period.
     */
    private static void csv(List<BusinessReport> reports, String name, boolean series, HttpServletResponse response)
            throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        PrintWriter out = response.getWriter();
        boolean all = name == null;
        if (all || !REPORTS.get(name).isEmpty() || name.equals("new-members")) {
            out.println(
                    "period,figure,unit,value,previous,year_earlier,change,relative_change,year_on_year_change,year_on_year_relative_change");
            for (BusinessReport r : reports) {
                r.figures().forEach((key, f) -> {
                    if (all || REPORTS.get(name).contains(key)) {
                        figureRow(out, r, key, f);
                    }
                });
                if (all || name.equals("new-members")) {
                    r.newMembersByChannel().forEach((k, f) -> figureRow(out, r, "newMembers.channel." + k, f));
                    r.newMembersByField().forEach((k, f) -> figureRow(out, r, "newMembers.field." + k, f));
                }
                if (all || name.equals("first-purchase")) {
                    r.firstPurchase()
                            .distribution()
                            .forEach((bucket, n) -> out.println(
                                    r.period() + ",firstPurchase.days." + bucket + ",count," + n + ",,,,,,"));
                }
            }
        }
        String lead = series ? "period," : "";
        if (!all && name.equals("cohorts")) {
            out.println(lead + "cohort_month,size,months_after,retained,rate");
            for (BusinessReport r : reports) {
                String at = series ? r.period() + "," : "";
                var c = r.cohorts();
                for (int m = 0; m < c.months().size(); m++) {
                    for (int k = 0; k < c.retained().get(m).size(); k++) {
                        out.println(at + c.months().get(m) + "," + c.sizes().get(m) + "," + k + ","
                                + c.retained().get(m).get(k) + ","
                                + text(c.rates().get(m).get(k)));
                    }
                }
            }
        }
        if (!all && name.equals("top-products")) {
            out.println(lead + "layer,rank,product_id,units,orders,buyers");
            for (BusinessReport r : reports) {
                String at = series ? r.period() + "," : "";
                r.topProducts().forEach((layer, list) -> {
                    for (int i = 0; i < list.size(); i++) {
                        var p = list.get(i);
                        out.println(at + layer + "," + (i + 1) + "," + CsvWriter.line(List.of(p.productId())) + ","
                                + p.units() + "," + p.orders() + "," + p.buyers());
                    }
                });
            }
        }
        out.flush();
    }

    /** A money figure's unit in a file is the currency's code: a flat file has no report around it. */
    private static void figureRow(PrintWriter out, BusinessReport r, String key, BusinessReport.Figure f) {
        out.println(String.join(
                ",",
                r.period(),
                key,
                f.unit().equals("money") ? r.currency() : f.unit(),
                text(f.value()),
                text(f.previous()),
                text(f.yearEarlier()),
                f.fromPrevious() == null ? "" : text(f.fromPrevious().absolute()),
                f.fromPrevious() == null ? "" : text(f.fromPrevious().relative()),
                f.fromYearEarlier() == null ? "" : text(f.fromYearEarlier().absolute()),
                f.fromYearEarlier() == null ? "" : text(f.fromYearEarlier().relative())));
    }

    private static String text(BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }
}
