package io.reservoir.audience;

import io.reservoir.identity.Contacts;
import io.reservoir.identity.Customers;
import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Exports of a segment's members (evaluated now) or of a snapshot's, as CSV: one row per customer
 * with its public id, phone and e-mail, masked or hashed for an ad platform's DMP (see
 * {@link Contacts} for the exact hashing). Admins only: even hashed, a phone number is personal
 * data. Every export is audited (who, what, in which form, how many rows) before a row leaves.
 *
 * <p>The members are fixed when the export is prepared; the rows are then read and written
 * {@value #CHUNK} customers at a time, so an export of any size streams in little memory.
 */
@Service
public class SegmentExports {

    static final int CHUNK = 1_000;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** An export that was allowed and audited; {@link #writeTo} writes it. */
    public final class Export {

        private final long workspaceId;
        private final RoaringBitmap members;
        private final Contacts.Form form;
        private final String fileName;

        private Export(long workspaceId, RoaringBitmap members, Contacts.Form form, String fileName) {
            this.workspaceId = workspaceId;
            this.members = members;
            this.form = form;
            this.fileName = fileName;
        }

        /** E.g. {@code segment-12-20261123-101500-sha256.csv}. */
        public String fileName() {
            return fileName;
        }

        /** Rows after the header: one per member. */
        public int rows() {
            return members.getCardinality();
        }

        /** Writes the header and every row as UTF-8 CSV (RFC 4180, CRLF). Does not close {@code out}. */
        public void writeTo(OutputStream out) throws IOException {
            Writer csv = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            String suffix = form == Contacts.Form.MASKED ? "" : "_" + form.id();
            csv.write("customer_id,phone" + suffix + ",email" + suffix + "\r\n");
            List<Integer> chunk = new ArrayList<>(CHUNK);
            for (IntIterator it = members.getIntIterator(); it.hasNext(); ) {
                chunk.add(it.next());
                if (chunk.size() == CHUNK || !it.hasNext()) {
                    writeChunk(csv, chunk);
                    chunk.clear();
                }
            }
            csv.flush();
        }

        private void writeChunk(Writer csv, List<Integer> chunk) throws IOException {
            Map<Integer, String> ids = customers.publicIds(workspaceId, chunk);
            Map<Integer, Contacts.Contact> found = contacts.of(workspaceId, chunk, form);
            for (int no : chunk) {
                Contacts.Contact contact = found.get(no);
                csv.write(cell(ids.get(no)));
                csv.write(',');
                csv.write(cell(contact == null ? null : contact.phone()));
                csv.write(',');
                csv.write(cell(contact == null ? null : contact.email()));
                csv.write("\r\n");
            }
        }
    }

    private final Segments segments;
    private final Snapshots snapshots;
    private final Audiences audiences;
    private final Customers customers;
    private final Contacts contacts;
    private final AuditLog audit;

    SegmentExports(
            Segments segments,
            Snapshots snapshots,
            Audiences audiences,
            Customers customers,
            Contacts contacts,
            AuditLog audit) {
        this.segments = segments;
        this.snapshots = snapshots;
        this.audiences = audiences;
        this.customers = customers;
        this.contacts = contacts;
        this.audit = audit;
    }

    /**
     * Prepares the export of a segment's members now. Admins only; audited as
     * {@code segment.exported}.
     *
     * @throws ReservoirException forbidden, not_found
     */
    @Transactional
    public Export segment(Caller caller, long segmentId, Contacts.Form form) {
        caller.requireAdmin();
        Segment segment = segments.get(caller, segmentId);
        Instant now = audiences.now();
        RoaringBitmap members = audiences.select(caller.workspaceId(), segment.rule(), now);
        Export export = new Export(
                caller.workspaceId(), members, form, "segment-" + segmentId + "-" + STAMP.format(now) + suffix(form));
        audited(caller, "segment.exported", "segment", segmentId, segment.name(), form, export.rows());
        return export;
    }

    /**
     * Prepares the export of a snapshot's members. Admins only; audited as
     * {@code snapshot.exported}.
     *
     * @throws ReservoirException forbidden, not_found
     */
    @Transactional
    public Export snapshot(Caller caller, long snapshotId, Contacts.Form form) {
        caller.requireAdmin();
        Snapshot snapshot = snapshots.get(caller, snapshotId);
        RoaringBitmap members = snapshots.members(caller.workspaceId(), snapshotId);
        Export export = new Export(
                caller.workspaceId(),
                members,
                form,
                "snapshot-" + snapshotId + "-" + STAMP.format(snapshot.takenAt()) + suffix(form));
        audited(caller, "snapshot.exported", "snapshot", snapshotId, snapshot.segmentName(), form, export.rows());
        return export;
    }

    private void audited(
            Caller caller, String action, String type, long id, String name, Contacts.Form form, int rows) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("name", name);
        detail.put("identities", form.id());
        detail.put("rows", rows);
        audit.record(caller, action, type, id, detail);
    }

    private static String suffix(Contacts.Form form) {
        return (form == Contacts.Form.MASKED ? "" : "-" + form.id()) + ".csv";
    }

    /** One CSV field: quoted when it holds a comma, a quote or a line break. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        if (value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
