package io.reservoir.console;

import io.reservoir.insight.FastReport;
import io.reservoir.insight.Layer;
import io.reservoir.insight.Period;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.springframework.context.MessageSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The FAST+ figures of one brand and period as the dashboard shows them: the four cards with
 * their change against the previous period and their trend, the layers, the transition matrix
 * as a heat-map, the fields and the CLV by layer, each chart as a spec that {@code app.js} draws.
 * Every number here is read from the insight module's reports; nothing is computed anew except
 * the overall Connection (sums over the fields) and the changes between two reports.
 */
final class FastDashboard {

    /** The kinds a dashboard period may be, in the order of the filter. */
    static final List<Period.Kind> KINDS =
            List.of(Period.Kind.DAY, Period.Kind.WEEK, Period.Kind.MONTH, Period.Kind.QUARTER);

    /** Periods shown in each card's trend, the chosen one last. */
    static final int TREND = 12;

    private static final String[] LAYER_COLOURS = {"#99f6e4", "#5eead4", "#14b8a6", "#0f766e", "#134e4a"};

    /** A change against the previous period; {@code tone} is up, down, flat or none (no comparison). */
    record Delta(String text, String tone) {}

    /** One of the four cards; {@code value} is null when the figure is undefined for the period. */
    record Card(String id, String value, Delta delta, String trend) {}

    /** A layer with its Capital, its share of Capital and its CLV figures. */
    record LayerRow(String id, String name, long count, String share, FastReport.ClvFigures clv) {}

    /** A field with its Capital and its Connection. */
    record FieldRow(String id, String name, long capital, long visitors, long active, String rate) {}

    /** A cell of the transition matrix; {@code counted} is false for none → none. */
    record Cell(String from, String to, long count, boolean counted, String style, String kind) {}

    record MatrixRow(String layer, String label, List<Cell> cells) {}

    /** A chart for {@code app.js}: style trend, funnel, grouped, stacked or hbar. */
    record Chart(String style, List<String> labels, List<Series> datasets, String unit) {}

    record Series(String label, List<? extends Number> data, String colour) {}

    final FastReport report;
    final FastReport previous;
    final List<FastReport> series;
    private final MessageSource messages;
    private final Locale locale;
    private final JsonMapper json;

    FastDashboard(List<FastReport> series, MessageSource messages, Locale locale, JsonMapper json) {
        this.series = series;
        this.report = series.get(series.size() - 1);
        this.previous = series.get(series.size() - 2);
        this.messages = messages;
        this.locale = locale;
        this.json = json;
    }

    /** The sign written before the brand's amounts (¥ for CNY). */
    public String getMoneySign() {
        return BusinessFormat.sign(report.currency());
    }

    public FastReport getReport() {
        return report;
    }

    public FastReport getPrevious() {
        return previous;
    }

    /** Whether the period has anything to show: customers at either end or visits. */
    public boolean hasData() {
        return report.capital() > 0 || report.conversion().previousCapital() > 0 || visitors(report) > 0;
    }

    public boolean hasVisits() {
        return visitors(report) > 0;
    }

    public boolean hasTransitions() {
        return report.transitions().counts().stream().flatMap(List::stream).anyMatch(n -> n > 0);
    }

    // ---- the four cards

    public Card capital() {
        return new Card(
                "capital",
                Long.toString(report.capital()),
                count(report.capital() - previous.capital()),
                trend(r -> r.capital(), "fast.capital"));
    }

    public Card conversion() {
        return new Card(
                "conversion",
                percent(report.conversion().rate()),
                points(report.conversion().rate(), previous.conversion().rate()),
                trend(r -> percentValue(r.conversion().rate()), "fast.conversion"));
    }

    public Card connection() {
        return new Card(
                "connection",
                percent(overallConnection(report)),
                points(overallConnection(report), overallConnection(previous)),
                trend(r -> percentValue(overallConnection(r)), "fast.connection"));
    }

    public Card clv() {
        String average = report.clv().all().average();
        String before = previous.clv().all().average();
        Delta delta = average == null || before == null
                ? none()
                : signed(new BigDecimal(average).subtract(new BigDecimal(before)), getMoneySign(), "");
        return new Card(
                "clv",
                average == null ? null : getMoneySign() + average,
                delta,
                trend(
                        r -> r.clv().all().average() == null
                                ? null
                                : new BigDecimal(r.clv().all().average()),
                        "fast.clv"));
    }

    /**
     * The overall Connection: active ÷ visitors summed over all fields (a customer counts once
     * in each field visited), null when nobody visited.
     */
    static BigDecimal overallConnection(FastReport r) {
        long visitors = visitors(r);
        long active = r.connection().values().stream()
                .mapToLong(FastReport.Connection::active)
                .sum();
        return visitors == 0
                ? null
                : BigDecimal.valueOf(active).divide(BigDecimal.valueOf(visitors), 4, RoundingMode.HALF_UP);
    }

    private static long visitors(FastReport r) {
        return r.connection().values().stream()
                .mapToLong(FastReport.Connection::visitors)
                .sum();
    }

    /** The fields someone visited in the period, for the Connection card. */
    public List<FieldRow> visitedFields() {
        return fields().stream().filter(f -> f.visitors() > 0).toList();
    }

    // ---- layers, fields, transitions, CLV

    public List<LayerRow> layers() {
        List<LayerRow> rows = new ArrayList<>();
        for (Layer layer : Layer.HELD) {
            long n = report.capitalByLayer().getOrDefault(layer.id(), 0L);
            rows.add(new LayerRow(
                    layer.id(),
                    layerName(layer.id()),
                    n,
                    report.capital() == 0
                            ? null
                            : percent(BigDecimal.valueOf(n)
                                    .divide(BigDecimal.valueOf(report.capital()), 4, RoundingMode.HALF_UP)),
                    report.clv().byLayer().get(layer.id())));
        }
        return rows;
    }

    public List<FieldRow> fields() {
        List<FieldRow> rows = new ArrayList<>();
        for (Map.Entry<String, FastReport.Connection> e : report.connection().entrySet()) {
            FastReport.Connection c = e.getValue();
            rows.add(new FieldRow(
                    e.getKey(),
                    fieldName(e.getKey()),
                    report.capitalByField().getOrDefault(e.getKey(), 0L),
                    c.visitors(),
                    c.active(),
                    percent(c.rate())));
        }
        return rows;
    }

    public List<MatrixRow> matrix() {
        List<String> layers = report.transitions().layers();
        long max = report.transitions().counts().stream()
                .flatMap(List::stream)
                .mapToLong(Long::longValue)
                .max()
                .orElse(0);
        List<MatrixRow> rows = new ArrayList<>();
        for (int from = 0; from < layers.size(); from++) {
            List<Cell> cells = new ArrayList<>();
            for (int to = 0; to < layers.size(); to++) {
                long n = report.transitions().counts().get(from).get(to);
                boolean counted = from != 0 || to != 0;
                String kind = !counted ? "void" : from == to ? "stayed" : to > from ? "deepened" : "shallower";
                cells.add(new Cell(layers.get(from), layers.get(to), n, counted, heat(n, max), kind));
            }
            rows.add(new MatrixRow(
                    layers.get(from), from == 0 ? message("fast.matrix.entered") : layerName(layers.get(from)), cells));
        }
        return rows;
    }

    /** The matrix's column heads: "left" for none, then the layers. */
    public List<String> matrixColumns() {
        return report.transitions().layers().stream()
                .map(l -> l.equals(Layer.NONE.id()) ? message("fast.matrix.left") : layerName(l))
                .toList();
    }

    /** A cell's background: the accent colour, stronger with more customers. */
    private static String heat(long n, long max) {
        if (n == 0 || max == 0) {
            return "";
        }
        double alpha = 0.08 + 0.72 * n / max;
        return String.format(
                Locale.ROOT, "background: rgba(15, 118, 110, %.2f);%s", alpha, alpha > 0.5 ? " color: #fff;" : "");
    }

    public List<String> clvBuckets() {
        return List.copyOf(report.clv().all().distribution().keySet());
    }

    // ---- charts

    public String funnelChart() {
        List<LayerRow> layers = layers();
        return spec(new Chart(
                "funnel",
                layers.stream().map(LayerRow::name).toList(),
                List.of(new Series(
                        message("fast.capital"),
                        layers.stream().map(LayerRow::count).toList(),
                        "#14b8a6")),
                null));
    }

    public String connectionChart() {
        List<FieldRow> fields = fields();
        return spec(new Chart(
                "grouped",
                fields.stream()
                        .map(f -> f.rate() == null ? f.name() : f.name() + " · " + f.rate())
                        .toList(),
                List.of(
                        new Series(
                                message("fast.visitors"),
                                fields.stream().map(FieldRow::visitors).toList(),
                                "#cbd5e1"),
                        new Series(
                                message("fast.active"),
                                fields.stream().map(FieldRow::active).toList(),
                                "#0f766e")),
                null));
    }

    public String fieldCapitalChart() {
        List<FieldRow> fields = fields();
        return spec(new Chart(
                "hbar",
                fields.stream().map(FieldRow::name).toList(),
                List.of(new Series(
                        message("fast.capital"),
                        fields.stream().map(FieldRow::capital).toList(),
                        "#14b8a6")),
                null));
    }

    public String clvChart() {
        List<Series> stacks = new ArrayList<>();
        int i = 0;
        for (Layer layer : Layer.HELD) {
            FastReport.ClvFigures f = report.clv().byLayer().get(layer.id());
            stacks.add(new Series(
                    layerName(layer.id()), List.copyOf(f.distribution().values()), LAYER_COLOURS[i++]));
        }
        return spec(new Chart(
                "stacked",
                clvBuckets().stream().map(b -> message("fast.clv.bucket." + b)).toList(),
                stacks,
                null));
    }

    private String trend(Function<FastReport, ? extends Number> value, String label) {
        List<Number> values = new ArrayList<>();
        for (FastReport r : series) {
            values.add(value.apply(r));
        }
        return spec(new Chart(
                "trend",
                series.stream().map(FastReport::period).toList(),
                List.of(new Series(message(label), values, "#0f766e")),
                null));
    }

    private String spec(Chart chart) {
        return json.writeValueAsString(chart);
    }

    // ---- words and numbers

    public String layerName(String id) {
        return message("fast.layer." + id);
    }

    public String fieldName(String id) {
        return messages.getMessage("fast.field." + id, null, id, locale);
    }

    private String message(String key, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    /** A ratio of four decimals as a percentage with two, or null. */
    static String percent(BigDecimal ratio) {
        return ratio == null ? null : ratio.movePointRight(2).setScale(2, RoundingMode.HALF_UP) + "%";
    }

    private static BigDecimal percentValue(BigDecimal ratio) {
        return ratio == null ? null : ratio.movePointRight(2).setScale(2, RoundingMode.HALF_UP);
    }

    private static Delta count(long change) {
        return signed(BigDecimal.valueOf(change), "", "");
    }

    private Delta points(BigDecimal now, BigDecimal before) {
        if (now == null || before == null) {
            return none();
        }
        BigDecimal change = now.subtract(before).movePointRight(2).setScale(2, RoundingMode.HALF_UP);
        Delta d = signed(change, "", "");
        return new Delta(message("fast.delta.points", d.text()), d.tone());
    }

    private static Delta signed(BigDecimal change, String prefix, String suffix) {
        int sign = change.signum();
        String digits = prefix + change.abs().toPlainString() + suffix;
        return switch (sign) {
            case 1 -> new Delta("+" + digits, "up");
            case -1 -> new Delta("−" + digits, "down");
            default -> new Delta("±" + digits, "flat");
        };
    }

    private static Delta none() {
        return new Delta(null, "none");
    }
}
