package io.reservoir.audience;

import io.reservoir.audience.SegmentTemplates.Text;
import io.reservoir.identity.Contacts;
import io.reservoir.identity.Customers;
import io.reservoir.platform.tenancy.Caller;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Snapshots: {@code POST /api/v1/segments/{id}/snapshots} freezes a segment's members;
 * {@code /api/v1/snapshots/{id}} reads one, its members page by page, or exports them.
 */
@RestController
class SnapshotsController {

    private final Snapshots snapshots;
    private final Segments segments;
    private final Customers customers;
    private final SegmentExports exports;

    SnapshotsController(Snapshots snapshots, Segments segments, Customers customers, SegmentExports exports) {
        this.snapshots = snapshots;
        this.segments = segments;
        this.customers = customers;
        this.exports = exports;
    }

    record SnapshotView(
            long id, long segmentId, String segmentName, Instant takenAt, int size, JsonNode rule, Text text) {}

    record Items(List<SnapshotView> items) {}

    /** Customer ids in ascending order of their numbers; {@code next} is the cursor for {@code after}. */
    record Members(List<String> items, Integer next) {}

    @PostMapping("/api/v1/segments/{id}/snapshots")
    @ResponseStatus(HttpStatus.CREATED)
    SnapshotView take(Caller caller, @PathVariable long id) {
        return view(caller, snapshots.take(caller, id));
    }

    @GetMapping("/api/v1/segments/{id}/snapshots")
    Items list(Caller caller, @PathVariable long id) {
        return new Items(
                snapshots.list(caller, id).stream().map(s -> view(caller, s)).toList());
    }

    @GetMapping("/api/v1/snapshots/{id}")
    SnapshotView get(Caller caller, @PathVariable long id) {
        return view(caller, snapshots.get(caller, id));
    }

    @GetMapping("/api/v1/snapshots/{id}/members")
    Members members(
            Caller caller,
            @PathVariable long id,
            @RequestParam(required = false) Integer after,
            @RequestParam(defaultValue = "1000") int limit) {
        int[] page = snapshots.members(caller, id, after, limit);
        Map<Integer, String> ids = customers.publicIds(
                caller.workspaceId(), Arrays.stream(page).boxed().toList());
        return new Members(
                Arrays.stream(page).mapToObj(ids::get).toList(), page.length == limit ? page[page.length - 1] : null);
    }

    /** The frozen members as CSV: {@code ?identities=masked|md5|sha256}. Admins; audited. */
    @GetMapping("/api/v1/snapshots/{id}/export")
    void export(
            Caller caller,
            @PathVariable long id,
            @RequestParam(defaultValue = "masked") String identities,
            HttpServletResponse response)
            throws IOException {
        exports.snapshot(caller, id, Contacts.Form.parse("identities", identities))
                .writeTo(response);
    }

    @DeleteMapping("/api/v1/snapshots/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable long id) {
        snapshots.delete(caller, id);
    }

    private SnapshotView view(Caller caller, Snapshot snapshot) {
        return new SnapshotView(
                snapshot.id(),
                snapshot.segmentId(),
                snapshot.segmentName(),
                snapshot.takenAt(),
                snapshot.size(),
                snapshot.rule().toJson(),
                SegmentsController.text(segments, caller, snapshot.rule()));
    }
}
