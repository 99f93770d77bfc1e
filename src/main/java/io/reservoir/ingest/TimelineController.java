package io.reservoir.ingest;

import io.reservoir.platform.tenancy.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/customers/{id}/timeline}: the customer's events, newest first, paged. */
@RestController
class TimelineController {

    private final CustomerTimeline timeline;

    TimelineController(CustomerTimeline timeline) {
        this.timeline = timeline;
    }

    /** {@code before} is the {@code next} cursor of the previous page. */
    @GetMapping("/api/v1/customers/{id}/timeline")
    CustomerTimeline.Page timeline(
            Caller caller,
            @PathVariable String id,
            @RequestParam(required = false) String before,
            @RequestParam(defaultValue = "50") int limit) {
        return timeline.page(caller, id, before, limit);
    }
}
