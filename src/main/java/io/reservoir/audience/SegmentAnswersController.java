package io.reservoir.audience;

import io.reservoir.identity.Contacts;
import io.reservoir.identity.CustomerProfile;
import io.reservoir.platform.tenancy.Caller;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/segments/{id}/…}: what a saved segment answers now: its count (and its sizes over
 * time), a masked sample, whether a customer is in it, and the export of its members as CSV.
 */
@RestController
@RequestMapping("/api/v1/segments/{id}")
class SegmentAnswersController {

    private final SegmentAnswers answers;
    private final SegmentSizes sizes;
    private final SegmentExports exports;

    SegmentAnswersController(SegmentAnswers answers, SegmentSizes sizes, SegmentExports exports) {
        this.answers = answers;
        this.sizes = sizes;
        this.exports = exports;
    }

    record Sample(int limit, List<CustomerProfile> items) {}

    record Sizes(List<SegmentSizes.Size> items) {}

    /** Counts now; the size is recorded at most once an hour. */
    @GetMapping("/count")
    SegmentAnswers.Count count(Caller caller, @PathVariable long id) {
        return answers.count(caller, id);
    }

    /** Up to {@code limit} members at random (the same ones for the same {@code seed}), masked. */
    @GetMapping("/sample")
    Sample sample(
            Caller caller,
            @PathVariable long id,
            @RequestParam(defaultValue = "20") int limit,
            @RequestParam(required = false) Long seed) {
        return new Sample(limit, answers.sample(caller, id, limit, seed));
    }

    /** Whether the customer (a merged one: its survivor) is in the segment now. */
    @GetMapping("/contains/{customerId}")
    SegmentAnswers.Membership contains(Caller caller, @PathVariable long id, @PathVariable String customerId) {
        return answers.contains(caller, id, customerId);
    }

    /** The recorded sizes of the last {@code days} days, oldest first. */
    @GetMapping("/sizes")
    Sizes sizes(Caller caller, @PathVariable long id, @RequestParam(defaultValue = "90") int days) {
        return new Sizes(sizes.list(caller, id, days));
    }

    /** The members now as CSV: {@code ?identities=masked|md5|sha256}. Admins; audited. */
    @GetMapping("/export")
    void export(
            Caller caller,
            @PathVariable long id,
            @RequestParam(defaultValue = "masked") String identities,
            HttpServletResponse response)
            throws IOException {
        exports.segment(caller, id, Contacts.Form.parse("identities", identities))
                .writeTo(response);
    }
}
