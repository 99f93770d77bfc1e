package io.reservoir.platform.api;

import io.reservoir.platform.audit.AuditEntry;
import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.tenancy.Caller;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    /** Newest first; follow {@code next} with {@code ?before=} for older entries. */
    @GetMapping
    Page<AuditEntry> page(
            Caller caller,
            @RequestParam(required = false) Long before,
            @RequestParam(required = false) String action,
            @RequestParam(defaultValue = "50") int limit) {
        List<AuditEntry> entries = audit.page(caller, before, action, limit);
        String next = entries.size() == limit
                ? Long.toString(entries.get(entries.size() - 1).id())
                : null;
        return new Page<>(entries, next);
    }

    @GetMapping("/{id}")
    AuditEntry get(Caller caller, @PathVariable long id) {
        return audit.get(caller, id);
    }
}
