package io.reservoir.console;

import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.SortedMap;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The home page. Until the insight module brings the FAST+ figures, it shows the workspace's
 * brands and its activity (audited changes per day) over the last two weeks.
 */
@ConsolePage
class DashboardPage {

    static final int ACTIVITY_DAYS = 14;

    private final Brands brands;
    private final AuditLog audit;

    DashboardPage(Brands brands, AuditLog audit) {
        this.brands = brands;
        this.audit = audit;
    }

    @GetMapping("/")
    String dashboard(Caller caller, Model model) {
        var list = brands.list(caller);
        model.addAttribute("brands", list);
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
}
