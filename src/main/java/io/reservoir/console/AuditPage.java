package io.reservoir.console;

import io.reservoir.platform.audit.AuditEntry;
import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.tenancy.Caller;
import java.util.List;
import java.util.Locale;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The audit log, newest first, each entry a sentence in the user's language; filtered by action
 * and by person; "older" loads the next page in place (htmx).
 */
@ConsolePage
class AuditPage {

    static final int PAGE = 50;

    private final AuditLog audit;
    private final AuditSentences sentences;

    AuditPage(AuditLog audit, AuditSentences sentences) {
        this.audit = audit;
        this.sentences = sentences;
    }

    /** An entry with how it reads. */
    record Row(AuditEntry entry, String sentence) {}

    /** A choice of the action filter: the action's code and its label. */
    record Choice(String action, String label) {}

    @GetMapping("/audit")
    String page(
            Caller caller,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String actor,
            Locale locale,
            Model model) {
        rows(caller, null, action, actor, locale, model);
        model.addAttribute(
                "actions",
                audit.actions(caller).stream()
                        .map(a -> new Choice(a, sentences.label(a, locale)))
                        .toList());
        model.addAttribute("actors", audit.actors(caller));
        return "console/audit";
    }

    @GetMapping("/audit/rows")
    String more(
            Caller caller,
            @RequestParam Long before,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String actor,
            Locale locale,
            Model model) {
        rows(caller, before, action, actor, locale, model);
        return "console/audit :: rows";
    }

    private void rows(Caller caller, Long before, String action, String actor, Locale locale, Model model) {
        String actionFilter = ConsoleForms.optionalText(action);
        String actorFilter = ConsoleForms.optionalText(actor);
        List<AuditEntry> entries = audit.page(caller, before, actionFilter, actorFilter, PAGE);
        model.addAttribute(
                "entries",
                entries.stream()
                        .map(e -> new Row(e, sentences.sentence(e, locale)))
                        .toList());
        model.addAttribute("action", actionFilter);
        model.addAttribute("actor", actorFilter);
        model.addAttribute(
                "next", entries.size() == PAGE ? entries.get(entries.size() - 1).id() : null);
    }
}
