package io.reservoir.audience;

import io.reservoir.identity.CustomerProfile;
import io.reservoir.identity.CustomerRef;
import io.reservoir.identity.Customers;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.roaringbitmap.RoaringBitmap;
import org.springframework.stereotype.Service;

/**
 * What a saved segment answers now (SPEC §7): how many, a sample of who, and whether one customer
 * is in it (for journeys). Evaluated from the audience index at the moment of asking; active
 * customers of the caller's workspace only.
 */
@Service
public class SegmentAnswers {

    /** Largest sample. */
    public static final int MAX_SAMPLE = 100;

    /** A segment counted at {@code at}, the evaluation taking {@code tookMs}. */
    public record Count(long segmentId, int count, Instant at, long tookMs) {}

    /**
     * Whether a customer is in a segment now.
     *
     * @param customerId the id asked about
     * @param resolvedId the profile that was evaluated: the survivor when {@code customerId} was
     *     merged into another, else {@code customerId}
     * @param status of the resolved profile; an {@code erased} one is in no segment
     */
    public record Membership(long segmentId, String customerId, String resolvedId, String status, boolean contains) {}

    private final Segments segments;
    private final Audiences audiences;
    private final SegmentSizes sizes;
    private final Customers customers;

    SegmentAnswers(Segments segments, Audiences audiences, SegmentSizes sizes, Customers customers) {
        this.segments = segments;
        this.audiences = audiences;
        this.sizes = sizes;
        this.customers = customers;
    }

    /**
     * Counts a saved segment now and records the size (at most once an hour, see
     * {@link SegmentSizes}). Operators and analysts.
     *
     * @throws ReservoirException not_found
     */
    public Count count(Caller caller, long segmentId) {
        Segment segment = segments.get(caller, segmentId);
        Instant now = audiences.now();
        long started = System.nanoTime();
        int count = audiences.select(caller.workspaceId(), segment.rule(), now).getCardinality();
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        sizes.counted(caller.workspaceId(), segmentId, count, now);
        return new Count(segmentId, count, now, tookMs);
    }

    /**
     * Whether customer {@code customerId} (a public id) is in the segment now. A profile merged
     * into another is answered for the survivor; an erased one is in no segment. Operators and
     * analysts.
     *
     * @throws ReservoirException not_found for an unknown segment or customer (another workspace's
     *     customer is unknown here)
     */
    public Membership contains(Caller caller, long segmentId, String customerId) {
        Segment segment = segments.get(caller, segmentId);
        CustomerRef asked = customers.get(caller, customerId);
        CustomerRef resolved = asked.mergedInto() == null ? asked : customers.get(caller, asked.mergedInto());
        boolean in = resolved.active()
                && audiences
                        .select(caller.workspaceId(), segment.rule(), audiences.now())
                        .contains(resolved.customerNo());
        return new Membership(segmentId, customerId, resolved.id(), resolved.status(), in);
    }

    /**
     * Whether the active customer numbered {@code customerNo} is in the segment now, for a module
     * that already holds the number (journeys); false for merged and erased numbers.
     *
     * @throws ReservoirException not_found when the workspace has no such segment
     */
    public boolean contains(long workspaceId, long segmentId, int customerNo) {
        SegmentRule rule = segments.rule(workspaceId, segmentId);
        return audiences.select(workspaceId, rule, audiences.now()).contains(customerNo);
    }

    /**
     * Up to {@code limit} members picked at random (with {@code seed}, the same ones while the
     * segment holds the same customers), in customer order, as their profiles with phone and e-mail
     * masked. Operators and analysts.
     *
     * @param seed null for a new pick each time
     * @throws ReservoirException not_found, invalid {@code limit} outside 1..{@value #MAX_SAMPLE}
     */
    public List<CustomerProfile> sample(Caller caller, long segmentId, int limit, Long seed) {
        if (limit < 1 || limit > MAX_SAMPLE) {
            throw ReservoirException.invalid("limit", "must be between 1 and " + MAX_SAMPLE);
        }
        caller.require(Role.OPERATOR, Role.ANALYST);
        Segment segment = segments.get(caller, segmentId);
        RoaringBitmap members = audiences.select(caller.workspaceId(), segment.rule(), audiences.now());
        List<CustomerProfile> profiles = new ArrayList<>();
        for (int no : pick(members, limit, seed == null ? new SplittableRandom() : new SplittableRandom(seed))) {
            String id = customers.get(caller, no).id();
            profiles.add(customers.profile(caller, id, false));
        }
        return profiles;
    }

    /** {@code k} members chosen uniformly (Floyd's algorithm over ranks), ascending. */
    static int[] pick(RoaringBitmap members, int k, SplittableRandom random) {
        int n = members.getCardinality();
        if (k >= n) {
            return members.toArray();
        }
        TreeSet<Integer> ranks = new TreeSet<>();
        for (int j = n - k; j < n; j++) {
            int r = random.nextInt(j + 1);
            ranks.add(ranks.contains(r) ? j : r);
        }
        return ranks.stream().mapToInt(members::select).toArray();
    }
}
