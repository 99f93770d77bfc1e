package io.reservoir.insight;

import io.reservoir.audience.Snapshot;
import io.reservoir.identity.Contacts;
import io.reservoir.identity.Customers;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/reports/fast}: the FAST+ figures of a brand for one period or a series, with the
 * definitions and the period boundaries in the answer (JSON, or CSV with {@code format=csv}), and
 * the customers behind each figure, masked.
 */
@RestController
@RequestMapping("/api/v1/reports/fast")
class FastReportController {

    static final int MAX_PAGE = 1000;

    private final Insight insight;
    private final FigureSnapshots snapshots;
    private final FigureExports exports;
    private final Customers customers;
    private final Contacts contacts;

    FastReportController(
            Insight insight, FigureSnapshots snapshots, FigureExports exports, Customers customers, Contacts contacts) {
        this.exports = exports;
        this.insight = insight;
        this.snapshots = snapshots;
        this.customers = customers;
        this.contacts = contacts;
    }

    record SnapshotRequest(Long brand, String period, String figure, String name) {}

    /** Freezes the customers behind a figure as a segment snapshot (a tag, a segment and its snapshot). */
    @PostMapping("/snapshots")
    @ResponseStatus(HttpStatus.CREATED)
    Snapshot snapshot(Caller caller, @RequestBody SnapshotRequest request) {
        if (request.brand() == null) {
            throw ReservoirException.invalid("brand", "is required");
        }
        if (request.figure() == null || request.figure().isBlank()) {
            throw ReservoirException.invalid("figure", "is required");
        }
        return snapshots.take(
                caller, request.brand(), Period.parse("period", request.period()), request.figure(), request.name());
    }

    /** The layer transition matrix between the ends of any two periods (rows: {@code from}). */
    @GetMapping("/transitions")
    FastReport.Transitions transitions(
            Caller caller, @RequestParam long brand, @RequestParam String from, @RequestParam String to) {
        caller.require(Role.OPERATOR, Role.ANALYST);
        return insight.transitions(caller, brand, Period.parse("from", from), Period.parse("to", to));
    }

    record One(Map<String, String> definitions, FastReport report) {}

    record Series(Map<String, String> definitions, List<FastReport> items) {}

    record Customer(String id, String phone, String email) {}

    record CustomerPage(String figure, String period, long total, int offset, List<Customer> items) {}

    /** One period ({@code period}) or a series ({@code from} and {@code to}). */
    @GetMapping
    Object fast(
            Caller caller,
            @RequestParam long brand,
            @RequestParam(required = false) String period,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "json") String format,
            HttpServletResponse response)
            throws IOException {
        caller.require(Role.OPERATOR, Role.ANALYST);
        boolean csv = csv(format);
        List<FastReport> reports;
        boolean series = period == null;
        if (series) {
            if (from == null || to == null) {
                throw ReservoirException.invalid(
                        from == null ? "period" : "to", "is required: give period, or from and to");
            }
            reports = insight.series(caller, brand, Period.parse("from", from), Period.parse("to", to));
        } else {
            reports = List.of(insight.fast(caller, brand, Period.parse("period", period)));
        }
        if (csv) {
            writeCsv(reports, response);
            return null;
        }
        return series ? new Series(FastDefinitions.ALL, reports) : new One(FastDefinitions.ALL, reports.get(0));
    }

    /** The customers behind {@code figure}, a page at a time (JSON) or all (CSV), contacts masked. */
    @GetMapping("/customers")
    Object customers(
            Caller caller,
            @RequestParam long brand,
            @RequestParam String period,
            @RequestParam String figure,
            @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(defaultValue = "json") String format,
            HttpServletResponse response)
            throws IOException {
        caller.require(Role.OPERATOR, Role.ANALYST);
        boolean csv = csv(format); // a download: admins only (CustomerLists)
        if (offset < 0) {
            throw ReservoirException.invalid("offset", "must not be negative");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw ReservoirException.invalid("limit", "must be between 1 and " + MAX_PAGE);
        }
        Period p = Period.parse("period", period);
        if (csv) {
            exports.customers(caller, brand, p, figure).writeTo(response);
            return null;
        }
        int[] behind = insight.customers(caller, brand, p, figure);
        return new CustomerPage(figure, p.text(), behind.length, offset, page(caller, behind, offset, limit));
    }

    private List<Customer> page(Caller caller, int[] behind, int offset, int limit) {
        int[] slice =
                Arrays.copyOfRange(behind, Math.min(offset, behind.length), Math.min(behind.length, offset + limit));
        List<Integer> nos = Arrays.stream(slice).boxed().toList();
        Map<Integer, String> ids = customers.publicIds(caller.workspaceId(), nos);
        Map<Integer, Contacts.Contact> found = contacts.of(caller.workspaceId(), nos, Contacts.Form.MASKED);
        List<Customer> page = new ArrayList<>();
        for (int no : slice) {
            Contacts.Contact contact = found.get(no);
            page.add(new Customer(
                    ids.get(no), contact == null ? null : contact.phone(), contact == null ? null : contact.email()));
        }
        return page;
    }

    /** Whether {@code format} asks for CSV (else JSON); any other value is refused, naming the field. */
    static boolean csv(String format) {
        return switch (format) {
            case "json" -> false;
            case "csv" -> true;
            default -> throw ReservoirException.invalid("format", "must be json or csv");
        };
    }

    private static String blank(String value) {
        return value == null ? "" : value;
    }

    /** One row per period and figure: period, figure, value. */
    private static void writeCsv(List<FastReport> reports, HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("period,start,end,figure,value");
        for (FastReport r : reports) {
            String prefix = r.period() + "," + r.start() + "," + r.end() + ",";
            out.println(prefix + "currency," + r.currency());
            out.println(prefix + "capital," + r.capital());
            r.capitalByLayer().forEach((layer, n) -> out.println(prefix + "capital.layer." + layer + "," + n));
            r.capitalByField().forEach((field, n) -> out.println(prefix + "capital.field." + field + "," + n));
            out.println(prefix + "deepened," + r.conversion().deepened());
            out.println(prefix + "previous_capital," + r.conversion().previousCapital());
            out.println(prefix + "conversion," + blank(text(r.conversion().rate())));
            List<String> layers = r.transitions().layers();
            for (int from = 0; from < layers.size(); from++) {
                for (int to = 0; to < layers.size(); to++) {
                    if (from != 0 || to != 0) {
                        out.println(prefix + "transition." + layers.get(from) + "." + layers.get(to) + ","
                                + r.transitions().counts().get(from).get(to));
                    }
                }
            }
            r.connection().forEach((field, c) -> {
                out.println(prefix + "connection." + field + ".visitors," + c.visitors());
                out.println(prefix + "connection." + field + ".active," + c.active());
                out.println(prefix + "connection." + field + "," + blank(text(c.rate())));
            });
            clvRows(out, prefix + "clv.", r.clv().all());
            r.clv().byLayer().forEach((layer, f) -> clvRows(out, prefix + "clv.layer." + layer + ".", f));
        }
        out.flush();
    }

    private static void clvRows(PrintWriter out, String prefix, FastReport.ClvFigures f) {
        out.println(prefix + "customers," + f.customers());
        out.println(prefix + "sum," + f.sum());
        out.println(prefix + "average," + blank(f.average()));
        f.distribution().forEach((bucket, n) -> out.println(prefix + "distribution." + bucket + "," + n));
    }

    private static String text(java.math.BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }
}
