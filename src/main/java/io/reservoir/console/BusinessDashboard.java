package io.reservoir.console;

import io.reservoir.insight.BusinessReport;
import io.reservoir.insight.Layer;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The business figures of one brand and period as the dashboard shows them (docs/metrics.md,
 * "Business figures"): cards with their change against the previous period and a year earlier,
 * new members by channel and field, join to first purchase, cohort retention as a heat-map and
 * the top products by layer. Every number is read from {@link BusinessReport}; this only words it.
 */
final class BusinessDashboard {

    /** A figure of a card with its change against the previous period and a year earlier. */
    record Shown(String id, String value, FastDashboard.Delta vsPrevious, FastDashboard.Delta vsYearEarlier) {}

    /**
     * A card: one figure, or two compared (members and all). {@code inverse} colours a rise red,
     * for figures where less is better.
     */
    record Card(String id, boolean inverse, List<Shown> values) {}

    /** A cohort's month, size and its share retained in each month after joining. */
    record CohortRow(String month, long size, List<CohortCell> cells) {}

    record CohortCell(String rate, long retained, String style) {}

    record ProductTable(String layer, String name, List<BusinessReport.TopProduct> products) {}

    /** The cards in order, each with the figures it shows. */
    private static final List<List<String>> CARDS = List.of(
            List.of("gmv"),
            List.of("orders"),
            List.of("memberGmvShare"),
            List.of("memberAov", "aov"),
            List.of("spendPerBuyer"),
            List.of("repurchaseRate", "memberRepurchaseRate"),
            List.of("refundRate", "refundedOrderRate"),
            List.of("newMembers"));

    /** The deepest layers first: their products are the ones that matter most. */
    private static final List<Layer> PRODUCT_LAYERS =
            List.of(Layer.KOC, Layer.REPEAT, Layer.PURCHASED, Layer.MEMBER, Layer.BASIC, Layer.NONE);

    final BusinessReport report;
    private final MessageSource messages;
    private final Locale locale;
    private final JsonMapper json;

    BusinessDashboard(BusinessReport report, MessageSource messages, Locale locale, JsonMapper json) {
        this.report = report;
        this.messages = messages;
        this.locale = locale;
        this.json = json;
    }

    public BusinessReport getReport() {
        return report;
    }

    /** Whether the period has anything to show: orders, new members, first purchases or cohorts. */
    public boolean hasData() {
        return count("orders") > 0
                || count("newMembers") > 0
                || report.firstPurchase().members() > 0
                || report.cohorts().sizes().stream().anyMatch(n -> n > 0);
    }

    // ---- cards

    public List<Card> cards() {
        return CARDS.stream()
                .map(ids -> new Card(
                        ids.get(0),
                        ids.get(0).equals("refundRate"),
                        ids.stream().map(this::shown).toList()))
                .toList();
    }

    private Shown shown(String id) {
        BusinessReport.Figure f = report.figures().get(id);
        return new Shown(
                id,
                BusinessFormat.value(f.unit(), f.value(), report.currency()),
                delta(f.unit(), f.fromPrevious()),
                delta(f.unit(), f.fromYearEarlier()));
    }

    private FastDashboard.Delta delta(String unit, BusinessReport.Change change) {
        FastDashboard.Delta d = BusinessFormat.change(unit, change, report.currency());
        return d.text() != null && unit.equals("ratio")
                ? new FastDashboard.Delta(message("fast.delta.points", d.text()), d.tone())
                : d;
    }

    /** A figure's value as written on the page, for facts under a card. */
    public String value(String id) {
        BusinessReport.Figure f = report.figures().get(id);
        String text = BusinessFormat.value(f.unit(), f.value(), report.currency());
        return text == null ? "—" : text;
    }

    private long count(String id) {
        BigDecimal value = report.figures().get(id).value();
        return value == null ? 0 : value.longValue();
    }

    // ---- new members

    public boolean hasNewMembers() {
        return count("newMembers") > 0
                || report.figures().get("newMembers").previous().signum() > 0;
    }

    public String newMembersByChannelChart() {
        return newMembersChart("grouped", report.newMembersByChannel(), this::channelName);
    }

    public String newMembersByFieldChart() {
        return newMembersChart("hbar", report.newMembersByField(), this::fieldName);
    }

    /** This period against the previous one, leaving out what is 0 in both. */
    private String newMembersChart(
            String style,
            Map<String, BusinessReport.Figure> figures,
            java.util.function.Function<String, String> name) {
        List<String> labels = new ArrayList<>();
        List<Long> now = new ArrayList<>();
        List<Long> before = new ArrayList<>();
        figures.forEach((id, f) -> {
            if (f.value().signum() > 0 || f.previous().signum() > 0) {
                labels.add(name.apply(id));
                now.add(f.value().longValue());
                before.add(f.previous().longValue());
            }
        });
        return spec(new FastDashboard.Chart(
                style,
                labels,
                List.of(
                        new FastDashboard.Series(report.period(), now, "#0f766e"),
                        new FastDashboard.Series(report.previousPeriod(), before, "#cbd5e1")),
                null));
    }

    // ---- join to first purchase

    public String firstPurchaseChart() {
        Map<String, Long> buckets = report.firstPurchase().distribution();
        return spec(new FastDashboard.Chart(
                "grouped",
                buckets.keySet().stream()
                        .map(b -> message("business.firstPurchase.bucket." + b))
                        .toList(),
                List.of(new FastDashboard.Series(
                        message("business.firstPurchase.members"), List.copyOf(buckets.values()), "#14b8a6")),
                null));
    }

    // ---- cohorts

    public boolean hasCohorts() {
        return report.cohorts().sizes().stream().anyMatch(n -> n > 0);
    }

    /** The most months after joining any cohort has: the table's columns. */
    public List<Integer> cohortColumns() {
        int most =
                report.cohorts().retained().stream().mapToInt(List::size).max().orElse(0);
        return java.util.stream.IntStream.range(0, most).boxed().toList();
    }

    public List<CohortRow> cohortRows() {
        BusinessReport.CohortRetention c = report.cohorts();
        DateTimeFormatter month = DateTimeFormatter.ofPattern("yyyy-MM");
        List<CohortRow> rows = new ArrayList<>();
        for (int m = 0; m < c.months().size(); m++) {
            List<CohortCell> cells = new ArrayList<>();
            for (int k = 0; k < c.retained().get(m).size(); k++) {
                BigDecimal rate = c.rates().get(m).get(k);
                cells.add(new CohortCell(
                        FastDashboard.percent(rate), c.retained().get(m).get(k), heat(rate)));
            }
            rows.add(new CohortRow(c.months().get(m).format(month), c.sizes().get(m), cells));
        }
        return rows;
    }

    /** A cell's background: the accent colour, stronger with a larger share retained. */
    private static String heat(BigDecimal rate) {
        if (rate == null || rate.signum() == 0) {
            return "";
        }
        double alpha = 0.08 + 0.72 * Math.min(1, rate.doubleValue());
        return String.format(
                Locale.ROOT, "background: rgba(15, 118, 110, %.2f);%s", alpha, alpha > 0.5 ? " color: #fff;" : "");
    }

    // ---- top products

    /** The layers whose buyers bought something, deepest first. */
    public List<ProductTable> productTables() {
        return PRODUCT_LAYERS.stream()
                .filter(l ->
                        !report.topProducts().getOrDefault(l.id(), List.of()).isEmpty())
                .map(l -> new ProductTable(
                        l.id(), productLayerName(l), report.topProducts().get(l.id())))
                .toList();
    }

    /** The layers whose buyers bought nothing, in words. */
    public String layersWithoutProducts() {
        return String.join(
                " · ",
                PRODUCT_LAYERS.stream()
                        .filter(l -> report.topProducts()
                                .getOrDefault(l.id(), List.of())
                                .isEmpty())
                        .map(this::productLayerName)
                        .toList());
    }

    private String productLayerName(Layer layer) {
        return layer == Layer.NONE ? message("business.products.noLayer") : message("fast.layer." + layer.id());
    }

    // ---- filters and words

    public String channelName(String id) {
        return messages.getMessage("business.channel." + id, null, id, locale);
    }

    public String fieldName(String id) {
        return id.equals("none")
                ? message("business.newMembers.noField")
                : messages.getMessage("fast.field." + id, null, id, locale);
    }

    private String spec(FastDashboard.Chart chart) {
        return json.writeValueAsString(chart);
    }

    private String message(String key, Object... args) {
        return messages.getMessage(key, args, locale);
    }
}
