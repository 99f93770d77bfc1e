package io.reservoir.console;

import io.reservoir.ingest.Channels;
import io.reservoir.insight.BusinessReport;
import io.reservoir.insight.FastReport;
import io.reservoir.insight.Insight;
import io.reservoir.insight.Period;
import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import org.springframework.context.MessageSource;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * The home page: the FAST+ dashboard of one brand and period (docs/metrics.md) for admins,
 * analysts and operators — the four cards with their change and trend, the layers, the
 * transition matrix, the fields and CLV by layer, every count a link to the customers behind it —
 * then the business figures, narrowed by channel and field when asked, and the workspace's brands
 * and its activity (audited changes per day) over two weeks. Brand, period kind, period, channel and
 * field are plain GET parameters, so a view can be shared as a link.
 */
@ConsolePage
class DashboardPage {

    static final int ACTIVITY_DAYS = 14;

    /** The channels the business figures may be narrowed to, as the reports order them. */
    static final List<String> CHANNELS = Channels.CHANNELS.stream().sorted().toList();

    private final Brands brands;
    private final AuditLog audit;
    private final Insight insight;
    private final MessageSource messages;
    private final JsonMapper json;
    private final Clock clock;

    DashboardPage(
            Brands brands, AuditLog audit, Insight insight, MessageSource messages, JsonMapper json, Clock clock) {
        this.brands = brands;
        this.audit = audit;
        this.insight = insight;
        this.messages = messages;
        this.json = json;
        this.clock = clock;
    }

    /**
     * What the filters chose; {@code next} is null for the current period (no figures after it),
     * {@code channel} and {@code field} are null for all.
     */
    record Choice(
            Brand brand,
            Period.Kind kind,
            Period period,
            Period previous,
            Period next,
            ZoneId zone,
            String channel,
            String field) {

        public String kindId() {
            return kind.name().toLowerCase(Locale.ROOT);
        }

        /** The input type that edits a period of this kind (quarters are typed: 2025-Q4). */
        public String inputType() {
            return switch (kind) {
                case DAY -> "date";
                case WEEK -> "week";
                case MONTH -> "month";
                default -> "text";
            };
        }
    }

    @GetMapping("/")
    String dashboard(
            Caller caller,
            @RequestParam(required = false) Long brand,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String period,
            @RequestParam(required = false) String channel,
            @RequestParam(required = false) String field,
            Locale locale,
            Model model) {
        List<Brand> list = brands.list(caller);
        model.addAttribute("brands", list);
        model.addAttribute(
                "kinds",
                FastDashboard.KINDS.stream()
                        .map(k -> k.name().toLowerCase(Locale.ROOT))
                        .toList());
        boolean figures = caller.role() != Role.GUIDE;
        model.addAttribute("figures", figures);
        if (figures && !list.isEmpty()) {
            Brand chosen = brand == null ? list.get(0) : brands.get(caller, brand);
            Choice choice =
                    choose(chosen, kind, period, model, known(channel, CHANNELS), known(field, Channels.fields()));
            model.addAttribute("choice", choice);
            Period from = choice.period();
            for (int i = 1; i < FastDashboard.TREND; i++) {
                from = from.previous();
            }
            List<FastReport> series = insight.series(caller, chosen.id(), from, choice.period());
            model.addAttribute("fast", new FastDashboard(series, messages, locale, json));
            BusinessReport business =
                    insight.business(caller, chosen.id(), choice.period(), choice.channel(), choice.field());
            model.addAttribute("business", new BusinessDashboard(business, messages, locale, json));
            model.addAttribute("channels", CHANNELS);
            model.addAttribute("fields", Channels.fields());
        }
        if (caller.role() == Role.ADMIN || caller.role() == Role.ANALYST) {
            ZoneId zone = list.isEmpty()
                    ? ZoneId.of(Brands.DEFAULT_TIME_ZONE)
                    : ZoneId.of(list.get(0).timeZone());
            SortedMap<LocalDate, Long> perDay = audit.changesPerDay(caller, zone, ACTIVITY_DAYS);
            model.addAttribute(
                    "activityLabels",
                    perDay.keySet().stream().map(LocalDate::toString).toList());
            model.addAttribute("activityCounts", perDay.values());
            model.addAttribute(
                    "activityTotal",
                    perDay.values().stream().mapToLong(Long::longValue).sum());
        }
        return "console/dashboard";
    }

    /**
     * The period the filters name: {@code period} as written (turned into the period of {@code
     * kind} holding its first day when the kind was changed), else the current period of {@code
     * kind} (month by default) in the brand's time zone. A period that cannot be read is named in
     * {@code periodError} and the current one is shown.
     */
    private Choice choose(Brand brand, String kindText, String periodText, Model model, String channel, String field) {
        ZoneId zone = ZoneId.of(brand.timeZone());
        LocalDate today = LocalDate.now(clock.withZone(zone));
        Period.Kind kind = kind(kindText);
        Period period = Period.of(kind == null ? Period.Kind.MONTH : kind, today);
        if (periodText != null && !periodText.isBlank()) {
            try {
                Period written = Period.parse("period", periodText);
                Period.Kind wanted =
                        kind != null ? kind : written.kind() == Period.Kind.WINDOW ? Period.Kind.MONTH : written.kind();
                period = written.kind() == wanted ? written : Period.of(wanted, written.first());
            } catch (ReservoirException e) {
                model.addAttribute("periodError", periodText.strip());
            }
        }
        Period next = period.next();
        return new Choice(
                brand,
                period.kind(),
                period,
                period.previous(),
                next.first().isAfter(today) ? null : next,
                zone,
                channel,
                field);
    }

    /** {@code text} if it is one of {@code known}, else null (all): an old link still opens. */
    private static String known(String text, List<String> known) {
        return text != null && known.contains(text.strip()) ? text.strip() : null;
    }

    /** {@code day}, {@code week}, {@code month} or {@code quarter}; anything else is no choice. */
    private static Period.Kind kind(String text) {
        if (text == null) {
            return null;
        }
        return FastDashboard.KINDS.stream()
                .filter(k -> k.name().equalsIgnoreCase(text.strip()))
                .findFirst()
                .orElse(null);
    }
}
