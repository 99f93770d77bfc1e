package io.reservoir.insight;

import io.reservoir.audience.Segment;
import io.reservoir.audience.Segments;
import io.reservoir.audience.Snapshot;
import io.reservoir.audience.Snapshots;
import io.reservoir.audience.Tag;
import io.reservoir.audience.TagKind;
import io.reservoir.audience.Tags;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Freezes the customers behind a figure as a segment snapshot: a manual tag holding them, a saved
 * segment selecting the tag (so the list can be used like any audience), and its snapshot.
 */
@Service
public class FigureSnapshots {

    /** Tags take at most this many customers per call. */
    static final int CHUNK = 100_000;

    private final Insight insight;
    private final Tags tags;
    private final Segments segments;
    private final Snapshots snapshots;
    private final JsonMapper json;

    FigureSnapshots(Insight insight, Tags tags, Segments segments, Snapshots snapshots, JsonMapper json) {
        this.insight = insight;
        this.tags = tags;
        this.segments = segments;
        this.snapshots = snapshots;
        this.json = json;
    }

    /**
     * The snapshot of the customers behind {@code figure} of {@code period}, under {@code name}
     * (null: named after the figure). Operators; the tag, segment and snapshot are audited.
     */
    public Snapshot take(Caller caller, long brandId, Period period, String figure, String name) {
        caller.require(Role.OPERATOR);
        int[] customers = insight.customers(caller, brandId, period, figure);
        String label = name == null || name.isBlank() ? "FAST+ " + brandId + " " + period.text() + " " + figure : name;
        String description =
                "The customers behind " + figure + " of " + period.text() + " (FAST+, brand " + brandId + ")";
        Tag tag = tags.create(caller, label, TagKind.MANUAL, description, null);
        // each step commits on its own (the snapshot reads the tag once the index has it), so a
        // refused step — a segment name already taken, say — takes back the steps before it
        Segment segment;
        try {
            for (int from = 0; from < customers.length; from += CHUNK) {
                List<Integer> chunk = Arrays.stream(customers, from, Math.min(customers.length, from + CHUNK))
                        .boxed()
                        .toList();
                tags.assign(caller, tag.id(), null, chunk, "FAST+ " + period.text() + " " + figure);
            }
            segment = segments.create(
                    caller, label, description, json.createObjectNode().put("tag", tag.name()));
        } catch (RuntimeException refused) {
            tags.delete(caller, tag.id());
            throw refused;
        }
        try {
            return snapshots.take(caller, segment.id());
        } catch (RuntimeException refused) {
            segments.delete(caller, segment.id());
            tags.delete(caller, tag.id());
            throw refused;
        }
    }
}
