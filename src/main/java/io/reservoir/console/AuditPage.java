package io.reservoir.console;

import io.reservoir.platform.audit.AuditEntry;
import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.tenancy.Caller;
import java.util.List;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log, newest first; "older" loads the next page in place (htmx). */
@ConsolePage
class AuditPage {

    static final int PAGE = 50;

    private final AuditLog audit;

    AuditPage(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/audit")
    String page(Caller caller, @RequestParam(required = false) String action, Model model) {
        rows(caller, null, action, model);
        return "console/audit";
    }

    @GetMapping("/audit/rows")
    String more(Caller caller, @RequestParam Long before, @RequestParam(required = false) String action, Model model) {
        rows(caller, before, action, model);
        return "console/audit :: rows";
    }

    private void rows(Caller caller, Long before, String action, Model model) {
        String filter = action == null || action.isBlank() ? null : action.strip();
        List<AuditEntry> entries = audit.page(caller, before, filter, PAGE);
        model.addAttribute("entries", entries);
        model.addAttribute("action", filter);
        model.addAttribute(
                "next", entries.size() == PAGE ? entries.get(entries.size() - 1).id() : null);
    }
}
