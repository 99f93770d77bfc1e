package io.reservoir.console;

import io.reservoir.audience.Segment;
import io.reservoir.audience.SegmentAnswers;
import io.reservoir.audience.SegmentSizes;
import io.reservoir.audience.Snapshots;
import io.reservoir.identity.CustomerProfile;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** A saved segment's answers as the pages show them: sizes over time, a masked sample, snapshots. */
@Component
class SegmentDetails {

    static final int SIZE_DAYS = 90;
    static final int SAMPLE = 20;
    private static final DateTimeFormatter DAY_HOUR = DateTimeFormatter.ofPattern("MM-dd HH:mm");
    private static final ZoneId ZONE = ZoneId.of(Brands.DEFAULT_TIME_ZONE);

    private final SegmentAnswers answers;
    private final SegmentSizes sizes;
    private final Snapshots snapshots;

    SegmentDetails(SegmentAnswers answers, SegmentSizes sizes, Snapshots snapshots) {
        this.answers = answers;
        this.sizes = sizes;
        this.snapshots = snapshots;
    }

    /** Recorded sizes as a chart's labels and values, oldest first. */
    record Sizes(List<String> labels, List<Integer> values) {}

    /** A sampled member: public id, masked phone and e-mail, city. */
    record Member(String id, String phone, String email, String city) {}

    /** What the segment's page shows below the builder. */
    void addTo(Caller caller, Segment segment, Model model) {
        model.addAttribute("sizes", sizes(caller, segment.id()));
        model.addAttribute("sample", sample(caller, segment.id()));
        model.addAttribute("snapshots", snapshots.list(caller, segment.id()));
    }

    Sizes sizes(Caller caller, long segmentId) {
        List<SegmentSizes.Size> recorded = sizes.list(caller, segmentId, SIZE_DAYS);
        return new Sizes(
                recorded.stream().map(s -> DAY_HOUR.format(s.at().atZone(ZONE))).toList(),
                recorded.stream().map(SegmentSizes.Size::count).toList());
    }

    /** Members picked at random, phone and e-mail masked. */
    List<Member> sample(Caller caller, long segmentId) {
        return answers.sample(caller, segmentId, SAMPLE, null).stream()
                .map(p -> new Member(
                        p.id(),
                        identity(p, "phone"),
                        identity(p, "email"),
                        p.attributes().get("city")))
                .toList();
    }

    private static String identity(CustomerProfile profile, String type) {
        return profile.identities().stream()
                .filter(i -> i.type().equals(type))
                .map(CustomerProfile.Identity::value)
                .findFirst()
                .orElse(null);
    }
}
