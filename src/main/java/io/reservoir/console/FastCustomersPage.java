package io.reservoir.console;

import io.reservoir.audience.Snapshot;
import io.reservoir.identity.Contacts;
import io.reservoir.identity.Customers;
import io.reservoir.insight.FigureExports;
import io.reservoir.insight.FigureSnapshots;
import io.reservoir.insight.Insight;
import io.reservoir.insight.Period;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The customers behind a count of the dashboard (a FAST+ figure of a brand and period, as the
 * insight module lists them), a page at a time with masked contacts, each linking to the customer
 * 360 page, for admins, analysts and operators; admins and operators may also freeze them as a
 * segment snapshot, to use them as an audience, and admins download them (masked; audited).
 */
@ConsolePage
class FastCustomersPage {

    static final int PAGE = 50;

    private final Brands brands;
    private final Insight insight;
    private final FigureSnapshots figureSnapshots;
    private final Customers customers;
    private final Contacts contacts;
    private final FigureExports figureExports;
    private final MessageSource messages;

    FastCustomersPage(
            Brands brands,
            Insight insight,
            FigureSnapshots figureSnapshots,
            Customers customers,
            Contacts contacts,
            FigureExports figureExports,
            MessageSource messages) {
        this.brands = brands;
        this.insight = insight;
        this.figureSnapshots = figureSnapshots;
        this.customers = customers;
        this.contacts = contacts;
        this.figureExports = figureExports;
        this.messages = messages;
    }

    /** A listed customer; {@code phone} and {@code email} are masked, null when unknown or erased. */
    record Row(int position, String id, String phone, String email) {}

    @GetMapping("/dashboard/customers")
    String list(
            Caller caller,
            @RequestParam long brand,
            @RequestParam String period,
            @RequestParam String figure,
            @RequestParam(defaultValue = "1") int page,
            Locale locale,
            Model model) {
        caller.require(Role.OPERATOR, Role.ANALYST);
        Brand b = brands.get(caller, brand);
        Period p = Period.parse("period", period);
        int[] behind = insight.customers(caller, b.id(), p, figure);
        int pages = Math.max(1, (behind.length + PAGE - 1) / PAGE);
        int current = Math.min(Math.max(1, page), pages);
        int from = (current - 1) * PAGE;
        model.addAttribute("brand", b);
        model.addAttribute("period", p);
        model.addAttribute("figure", figure);
        model.addAttribute("figureTitle", title(figure, p, locale));
        model.addAttribute("snapshotName", b.name() + " · " + title(figure, p, locale));
        model.addAttribute("total", behind.length);
        model.addAttribute("page", current);
        model.addAttribute("pages", pages);
        model.addAttribute("first", behind.length == 0 ? 0 : from + 1);
        model.addAttribute("last", Math.min(behind.length, from + PAGE));
        model.addAttribute("rows", rows(caller, behind, from, PAGE));
        model.addAttribute(
                "backKind",
                p.kind() == Period.Kind.WINDOW ? null : p.kind().name().toLowerCase(Locale.ROOT));
        return "console/fast-customers";
    }

    /** All the customers behind the figure as CSV, under the rule of every customer list (admins; audited). */
    @GetMapping("/dashboard/customers.csv")
    void csv(
            Caller caller,
            @RequestParam long brand,
            @RequestParam String period,
            @RequestParam String figure,
            HttpServletResponse response)
            throws IOException {
        figureExports
                .customers(caller, brands.get(caller, brand).id(), Period.parse("period", period), figure)
                .writeTo(response);
    }

    /**
     * Freezes the customers behind the figure as a segment snapshot named {@code name} (a tag, a
     * segment selecting it and its snapshot, each audited by the audience module), then shows the
     * list again with a link to the snapshot. Operators and admins.
     */
    @PostMapping("/dashboard/customers/snapshot")
    String freeze(
            Caller caller,
            @RequestParam long brand,
            @RequestParam String period,
            @RequestParam String figure,
            @RequestParam(required = false) String name,
            RedirectAttributes redirect) {
        Brand b = brands.get(caller, brand);
        Period p = Period.parse("period", period);
        String back = UriComponentsBuilder.fromPath("/dashboard/customers")
                .queryParam("brand", b.id())
                .queryParam("period", p.text())
                .queryParam("figure", figure)
                .encode()
                .toUriString();
        return UsersPage.Outcome.of(redirect, back, () -> {
            Snapshot taken = figureSnapshots.take(caller, b.id(), p, figure, name);
            redirect.addFlashAttribute("snapshot", taken);
            return "fast.snapshot.taken";
        });
    }

    private List<Row> rows(Caller caller, int[] behind, int offset, int limit) {
        int[] slice =
                Arrays.copyOfRange(behind, Math.min(offset, behind.length), Math.min(behind.length, offset + limit));
        List<Integer> nos = Arrays.stream(slice).boxed().toList();
        Map<Integer, String> ids = customers.publicIds(caller.workspaceId(), nos);
        Map<Integer, Contacts.Contact> found = contacts.of(caller.workspaceId(), nos, Contacts.Form.MASKED);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < slice.length; i++) {
            Contacts.Contact contact = found.get(slice[i]);
            rows.add(new Row(
                    offset + i + 1,
                    ids.get(slice[i]),
                    contact == null ? null : contact.phone(),
                    contact == null ? null : contact.email()));
        }
        return rows;
    }

    /** The figure in words: "Capital · Brand KOC", "Transition: Member → left", … */
    private String title(String figure, Period period, Locale locale) {
        String[] parts = figure.split("\\.", -1);
        String words;
        if (parts.length == 1 && (parts[0].equals("capital") || parts[0].equals("deepened"))) {
            words = message("fast.figure." + parts[0], locale);
        } else if (parts.length == 3 && parts[1].equals("layer")) {
            words = message("fast.figure." + parts[0] + ".layer", locale, layer(parts[2], locale));
        } else if (parts.length == 3 && parts[0].equals("capital") && parts[1].equals("field")) {
            words = message("fast.figure.capital.field", locale, field(parts[2], locale));
        } else if (parts.length == 3 && parts[0].equals("transition")) {
            words = message(
                    "fast.figure.transition",
                    locale,
                    parts[1].equals("none") ? message("fast.matrix.entered", locale) : layer(parts[1], locale),
                    parts[2].equals("none") ? message("fast.matrix.left", locale) : layer(parts[2], locale));
        } else if (parts.length == 3 && parts[0].equals("connection")) {
            words = message("fast.figure.connection." + parts[2], locale, field(parts[1], locale));
        } else {
            throw ReservoirException.invalid("figure", "is not a figure of the dashboard: " + figure);
        }
        return words + " · " + period.text();
    }

    private String layer(String id, Locale locale) {
        return messages.getMessage("fast.layer." + id, null, id, locale);
    }

    private String field(String id, Locale locale) {
        return messages.getMessage("fast.field." + id, null, id, locale);
    }

    private String message(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }
}
