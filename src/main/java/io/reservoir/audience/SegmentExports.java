package io.reservoir.audience;

import io.reservoir.identity.Contacts;
import io.reservoir.identity.CustomerLists;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Exports of a segment's members (evaluated now) or of a snapshot's, through {@link CustomerLists}
 * (its rule: admins only, audited before a row leaves; identities masked or hashed for an ad
 * platform's DMP, see {@link Contacts} for the exact hashing).
 */
@Service
public class SegmentExports {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Segments segments;
    private final Snapshots snapshots;
    private final Audiences audiences;
    private final CustomerLists lists;

    SegmentExports(Segments segments, Snapshots snapshots, Audiences audiences, CustomerLists lists) {
        this.segments = segments;
        this.snapshots = snapshots;
        this.audiences = audiences;
        this.lists = lists;
    }

    /**
     * Prepares the export of a segment's members now; audited as {@code segment.exported}.
     *
     * @throws ReservoirException forbidden, not_found
     */
    @Transactional
    public CustomerLists.Export segment(Caller caller, long segmentId, Contacts.Form form) {
        CustomerLists.requireMayExport(caller); // before working out the members
        Segment segment = segments.get(caller, segmentId);
        Instant now = audiences.now();
        RoaringBitmap members = audiences.select(caller.workspaceId(), segment.rule(), now);
        return lists.export(
                caller,
                members.toArray(),
                form,
                "segment-" + segmentId + "-" + STAMP.format(now),
                new CustomerLists.Audited("segment.exported", "segment", segmentId, Map.of("name", segment.name())));
    }

    /**
     * Prepares the export of a snapshot's members; audited as {@code snapshot.exported}.
     *
     * @throws ReservoirException forbidden, not_found
     */
    @Transactional
    public CustomerLists.Export snapshot(Caller caller, long snapshotId, Contacts.Form form) {
        CustomerLists.requireMayExport(caller); // before working out the members
        Snapshot snapshot = snapshots.get(caller, snapshotId);
        RoaringBitmap members = snapshots.members(caller.workspaceId(), snapshotId);
        return lists.export(
                caller,
                members.toArray(),
                form,
                "snapshot-" + snapshotId + "-" + STAMP.format(snapshot.takenAt()),
                new CustomerLists.Audited(
                        "snapshot.exported", "snapshot", snapshotId, Map.of("name", snapshot.segmentName())));
    }
}
