package io.reservoir.identity;

import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.csv.CsvWriter;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every download of a list of customers — a segment's or a snapshot's members, the customers
 * behind a report figure; from the API or the console — leaves through here, under one rule:
 *
 * <ul>
 *   <li><b>Admins only.</b> A file of customers is personal data leaving Reservoir, even with
 *       identities masked or hashed for an ad platform's DMP. Operators and analysts count,
 *       sample, snapshot and page through masked customers on screen; they download no list.
 *   <li><b>Audited before a row leaves</b>: who, what, in which form, how many rows. A refusal
 *       writes nothing.
 *   <li>One row per customer: public id, phone and e-mail in the chosen {@link Contacts.Form}
 *       (never in clear), UTF-8 CSV (RFC 4180, CRLF), streamed {@value #CHUNK} customers at a time.
 * </ul>
 */
@Service
public class CustomerLists {

    static final int CHUNK = 1_000;

    /** What the audit log records of an export: its action and target, and what else describes it. */
    public record Audited(String action, String targetType, Object targetId, Map<String, ?> detail) {}

    /** An export that was allowed and audited; {@link #writeTo} writes it. */
    public final class Export {

        private final long workspaceId;
        private final int[] customerNos;
        private final Contacts.Form form;
        private final String fileName;

        private Export(long workspaceId, int[] customerNos, Contacts.Form form, String fileName) {
            this.workspaceId = workspaceId;
            this.customerNos = customerNos;
            this.form = form;
            this.fileName = fileName;
        }

        /** E.g. {@code segment-12-20261123-101500-sha256.csv}. */
        public String fileName() {
            return fileName;
        }

        /** Rows after the header: one per customer. */
        public int rows() {
            return customerNos.length;
        }

        /** Writes the header and every row. Does not close {@code out}. */
        public void writeTo(OutputStream out) throws IOException {
            Writer csv = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            String suffix = form == Contacts.Form.MASKED ? "" : "_" + form.id();
            csv.write("customer_id,phone" + suffix + ",email" + suffix + "\r\n");
            for (int from = 0; from < customerNos.length; from += CHUNK) {
                List<Integer> chunk = Arrays.stream(customerNos, from, Math.min(customerNos.length, from + CHUNK))
                        .boxed()
                        .toList();
                Map<Integer, String> ids = customers.publicIds(workspaceId, chunk);
                Map<Integer, Contacts.Contact> found = contacts.of(workspaceId, chunk, form);
                for (int no : chunk) {
                    Contacts.Contact contact = found.get(no);
                    List<String> row = new ArrayList<>(3);
                    row.add(ids.get(no));
                    row.add(contact == null ? null : contact.phone());
                    row.add(contact == null ? null : contact.email());
                    csv.write(CsvWriter.line(row));
                    csv.write("\r\n");
                }
            }
            csv.flush();
        }

        /** Sends it as an HTTP download, with its row count in {@code X-Row-Count}. */
        public void writeTo(HttpServletResponse response) throws IOException {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("text/csv;charset=UTF-8");
            response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
            response.setHeader("X-Row-Count", Integer.toString(rows()));
            writeTo(response.getOutputStream());
            response.flushBuffer();
        }
    }

    private final Customers customers;
    private final Contacts contacts;
    private final AuditLog audit;

    CustomerLists(Customers customers, Contacts contacts, AuditLog audit) {
        this.customers = customers;
        this.contacts = contacts;
        this.audit = audit;
    }

    /** Whether {@code caller} may download lists of customers (for showing the download at all). */
    public static boolean mayExport(Caller caller) {
        return caller.role() == Role.ADMIN;
    }

    /** The rule, for a caller that checks it before working out whom to list. */
    public static void requireMayExport(Caller caller) {
        if (!mayExport(caller)) {
            throw ReservoirException.forbidden("only admins download lists of customers");
        }
    }

    /**
     * Prepares the download of {@code customerNos} (in that order) as {@code name}.csv, after the
     * rule allowed it and the audit log recorded it with {@code identities} and {@code rows} added
     * to its detail.
     *
     * @throws ReservoirException forbidden for anyone but an admin
     */
    @Transactional
    public Export export(Caller caller, int[] customerNos, Contacts.Form form, String name, Audited audited) {
        requireMayExport(caller);
        Map<String, Object> detail = new LinkedHashMap<>(audited.detail());
        detail.put("identities", form.id());
        detail.put("rows", customerNos.length);
        audit.record(caller, audited.action(), audited.targetType(), audited.targetId(), detail);
        String suffix = form == Contacts.Form.MASKED ? "" : "-" + form.id();
        return new Export(caller.workspaceId(), customerNos, form, name + suffix + ".csv");
    }
}
