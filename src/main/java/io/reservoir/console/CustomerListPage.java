package io.reservoir.console;

import io.reservoir.audience.Segments;
import io.reservoir.audience.Tag;
import io.reservoir.audience.Tags;
import io.reservoir.identity.Contacts;
import io.reservoir.identity.CustomerLists;
import io.reservoir.loyalty.LoyaltyProgram;
import io.reservoir.loyalty.LoyaltyPrograms;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The customers list: the workspace's customers filtered (brand, tier, tag, segment, channel,
 * joined and last-order dates), sorted and paged, each linking to the customer 360 page; the
 * filtered list as CSV for those who may export customers; and the search box ({@code q}: an
 * identity, a customer id or a bare phone number, e-mail or member number).
 */
@ConsolePage
class CustomerListPage {

    static final int PAGE = 50;

    /** Dates on the list (and its date filters) are days of the zone the console shows times in. */
    static final ZoneId ZONE = ZoneId.of(Brands.DEFAULT_TIME_ZONE);

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** A choice of a filter: its value and what the select shows. */
    record Choice(String value, String label) {}

    private final CustomerDirectory directory;
    private final CustomerSearch search;
    private final CustomerLists lists;
    private final Brands brands;
    private final LoyaltyPrograms programs;
    private final Tags tags;
    private final Segments segments;
    private final MessageSource messages;
    private final Clock clock;

    CustomerListPage(
            CustomerDirectory directory,
            CustomerSearch search,
            CustomerLists lists,
            Brands brands,
            LoyaltyPrograms programs,
            Tags tags,
            Segments segments,
            MessageSource messages,
            Clock clock) {
        this.directory = directory;
        this.search = search;
        this.lists = lists;
        this.brands = brands;
        this.programs = programs;
        this.tags = tags;
        this.segments = segments;
        this.messages = messages;
        this.clock = clock;
    }

    @GetMapping("/customers")
    String list(
            Caller caller,
            @RequestParam(required = false) String q,
            @RequestParam Map<String, String> params,
            Locale locale,
            Model model) {
        String query = q == null ? "" : q.strip();
        model.addAttribute("q", query);
        if (!query.isEmpty()) {
            String found = search(caller, query, locale, model);
            if (found != null) {
                return found;
            }
        }
        if (caller.role() == Role.GUIDE) {
            return "console/customers"; // guides serve their own customers: search only
        }
        CustomerFilters filters;
        try {
            filters = CustomerFilters.parse(params);
        } catch (CustomerFilters.Invalid e) {
            model.addAttribute("filterError", invalid(e, locale));
            filters = CustomerFilters.parse(Map.of());
        }
        ZoneId zone = ZONE;
        choices(caller, model);
        CustomerDirectory.Selection selection = directory.select(caller, filters, zone);
        List<CustomerDirectory.Listed> all = selection.customers();
        int pages = Math.max(1, (all.size() + PAGE - 1) / PAGE);
        int page = Math.min(filters.page(), pages);
        int from = (page - 1) * PAGE;
        model.addAttribute("listed", true);
        model.addAttribute("filters", filters);
        model.addAttribute("anyCustomer", selection.anyCustomer());
        model.addAttribute("total", all.size());
        model.addAttribute("page", page);
        model.addAttribute("pages", pages);
        model.addAttribute("first", all.isEmpty() ? 0 : from + 1);
        model.addAttribute("last", Math.min(all.size(), from + PAGE));
        model.addAttribute("previousQuery", filters.query(page - 1));
        model.addAttribute("nextQuery", filters.query(page + 1));
        model.addAttribute("csvQuery", filters.query(1));
        model.addAttribute(
                "sortQuery",
                Map.of(
                        "joined", filters.sortedBy("joined"),
                        "last_order", filters.sortedBy("last_order"),
                        "net_spend", filters.sortedBy("net_spend"),
                        "orders", filters.sortedBy("orders")));
        model.addAttribute(
                "rows", directory.rows(caller, all.subList(from, Math.min(all.size(), from + PAGE)), from, zone));
        return "console/customers";
    }

    /**
     * The filtered list, sorted as on screen, as CSV through {@link CustomerLists} (its rule: only
     * those who may export; audited as {@code customers.exported} with the filters).
     */
    @GetMapping("/customers.csv")
    void csv(Caller caller, @RequestParam Map<String, String> params, HttpServletResponse response) throws IOException {
        CustomerLists.requireMayExport(caller); // before working out whom to list
        CustomerFilters filters = CustomerFilters.parse(params);
        int[] nos = directory.select(caller, filters, ZONE).customers().stream()
                .mapToInt(CustomerDirectory.Listed::customerNo)
                .toArray();
        String described = filters.query(1);
        lists.export(
                        caller,
                        nos,
                        Contacts.Form.MASKED,
                        "customers-" + STAMP.format(clock.instant()),
                        new CustomerLists.Audited(
                                "customers.exported",
                                "customer_list",
                                null,
                                Map.of("filters", described == null ? "" : described)))
                .writeTo(response);
    }

    /** The view when the search decides it (one customer: the 360 page), else null to list. */
    private String search(Caller caller, String query, Locale locale, Model model) {
        try {
            List<CustomerSearch.Found> found = search.find(caller, query);
            if (found.size() == 1) {
                return "redirect:/customers/" + found.get(0).id();
            }
            if (found.isEmpty()) {
                model.addAttribute("notFound", true);
            } else {
                model.addAttribute("found", found);
            }
        } catch (CustomerSearch.Unreadable e) {
            model.addAttribute(
                    "error", messages.getMessage("customers.search." + e.reason, new Object[] {e.type}, locale));
        }
        return null;
    }

    private void choices(Caller caller, Model model) {
        List<Brand> brandList = brands.list(caller);
        List<Choice> tiers = new ArrayList<>();
        for (Brand brand : brandList) {
            programs.find(caller.workspaceId(), brand.id()).ifPresent(program -> {
                for (LoyaltyProgram.Tier tier : program.tiers().levels()) {
                    tiers.add(new Choice(
                            brand.id() + ":" + tier.code(),
                            brandList.size() > 1 ? brand.name() + " · " + tier.name() : tier.name()));
                }
            });
        }
        model.addAttribute("brands", brandList);
        model.addAttribute("tiers", tiers);
        boolean reader = caller.role() != Role.GUIDE;
        model.addAttribute(
                "tags", reader ? tags.list(caller).stream().map(Tag::name).toList() : List.of());
        model.addAttribute(
                "segments",
                reader
                        ? segments.list(caller).stream()
                                .map(s -> new Choice(Long.toString(s.id()), s.name()))
                                .toList()
                        : List.<Choice>of());
        model.addAttribute(
                "channels",
                CustomerFilters.CHANNELS.stream()
                        .map(CustomerFilters.Channel::id)
                        .toList());
    }

    private String invalid(CustomerFilters.Invalid e, Locale locale) {
        String field = messages.getMessage("customers.filter." + e.field, null, e.field, locale);
        return messages.getMessage("customers.invalid." + e.reason, new Object[] {field}, locale);
    }
}
