package io.reservoir.console;

import io.reservoir.audience.Segment;
import io.reservoir.audience.SegmentAnswers;
import io.reservoir.audience.SegmentExports;
import io.reservoir.audience.Segments;
import io.reservoir.audience.Snapshot;
import io.reservoir.audience.Snapshots;
import io.reservoir.identity.Contacts;
import io.reservoir.platform.tenancy.Caller;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The saved segments: each with how it reads, its count now, its size over the last 90 days and
 * its snapshots; taking and deleting snapshots, exporting (admins), deleting a segment, and a new
 * masked sample for a segment's page.
 */
@ConsolePage
class SegmentsPage {

    static final int LISTED_SNAPSHOTS = 3;

    private final Segments segments;
    private final SegmentAnswers answers;
    private final Snapshots snapshots;
    private final SegmentExports exports;
    private final SegmentDetails details;

    SegmentsPage(
            Segments segments,
            SegmentAnswers answers,
            Snapshots snapshots,
            SegmentExports exports,
            SegmentDetails details) {
        this.segments = segments;
        this.answers = answers;
        this.snapshots = snapshots;
        this.exports = exports;
        this.details = details;
    }

    /** A segment as the list shows it; counting it records its size (at most hourly). */
    record Row(
            Segment segment,
            String text,
            int count,
            SegmentDetails.Sizes sizes,
            List<Snapshot> snapshots,
            int snapshotCount) {}

    @GetMapping("/audiences")
    String list(Caller caller, Locale locale, Model model) {
        List<Row> rows = segments.list(caller).stream()
                .map(s -> {
                    List<Snapshot> taken = snapshots.list(caller, s.id());
                    return new Row(
                            s,
                            segments.describe(caller, s.rule(), locale),
                            answers.count(caller, s.id()).count(),
                            details.sizes(caller, s.id()),
                            taken.stream().limit(LISTED_SNAPSHOTS).toList(),
                            taken.size());
                })
                .toList();
        model.addAttribute("rows", rows);
        return "console/audiences";
    }

    @PostMapping("/audiences/{id:\\d+}/snapshots")
    String snapshot(
            Caller caller,
            @PathVariable long id,
            @RequestParam(required = false) String back,
            RedirectAttributes redirect) {
        return UsersPage.Outcome.of(redirect, back(back), () -> {
            Snapshot taken = snapshots.take(caller, id);
            redirect.addFlashAttribute("snapshot", taken);
            return "audiences.snapshotTaken";
        });
    }

    @PostMapping("/audiences/snapshots/{id:\\d+}/delete")
    String deleteSnapshot(
            Caller caller,
            @PathVariable long id,
            @RequestParam(required = false) String back,
            RedirectAttributes redirect) {
        return UsersPage.Outcome.of(redirect, back(back), () -> {
            snapshots.delete(caller, id);
            return "audiences.snapshotDeleted";
        });
    }

    /** Refused, with the segments or snapshots in the way named, while something uses it. */
    @PostMapping("/audiences/{id:\\d+}/delete")
    String delete(Caller caller, @PathVariable long id, RedirectAttributes redirect) {
        return UsersPage.Outcome.of(redirect, "/audiences", () -> {
            segments.delete(caller, id);
            return "audiences.deleted";
        });
    }

    /** The members now as CSV: {@code identities=masked|md5|sha256}. Admins; audited. */
    @GetMapping("/audiences/{id:\\d+}/export")
    void export(
            Caller caller,
            @PathVariable long id,
            @RequestParam(defaultValue = "masked") String identities,
            HttpServletResponse response)
            throws IOException {
        exports.segment(caller, id, Contacts.Form.parse("identities", identities))
                .writeTo(response);
    }

    /** A snapshot's frozen members as CSV. Admins; audited. */
    @GetMapping("/audiences/snapshots/{id:\\d+}/export")
    void exportSnapshot(
            Caller caller,
            @PathVariable long id,
            @RequestParam(defaultValue = "masked") String identities,
            HttpServletResponse response)
            throws IOException {
        exports.snapshot(caller, id, Contacts.Form.parse("identities", identities))
                .writeTo(response);
    }

    /** Another masked sample of the segment's members, in place. */
    @GetMapping("/audiences/{id:\\d+}/sample")
    String sample(Caller caller, @PathVariable long id, Model model) {
        model.addAttribute("segmentId", id);
        model.addAttribute("sample", details.sample(caller, id));
        return "console/segment :: sample";
    }

    /** Back to the audience page the action came from, never elsewhere. */
    private static String back(String back) {
        return back != null && back.matches("/audiences(/\\d+)?") ? back : "/audiences";
    }
}
