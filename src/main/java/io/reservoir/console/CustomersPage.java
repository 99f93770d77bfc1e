package io.reservoir.console;

import io.reservoir.identity.CustomerProfile;
import io.reservoir.identity.CustomerRef;
import io.reservoir.identity.Customers;
import io.reservoir.identity.IdentityValue;
import io.reservoir.identity.ProfileSection;
import io.reservoir.ingest.CustomerTimeline;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * Customer search and the customer 360 view: profile, identities (masked), consent, every
 * module's section (orders, relations, …, as plain maps for the template) and the timeline, older events loaded in place.
 */
@ConsolePage
class CustomersPage {

    static final int TIMELINE_PAGE = 30;

    private final Customers customers;
    private final CustomerTimeline timeline;
    private final List<ProfileSection> sections;
    private final JsonMapper json;

    CustomersPage(Customers customers, CustomerTimeline timeline, List<ProfileSection> sections, JsonMapper json) {
        this.customers = customers;
        this.timeline = timeline;
        this.sections = sections;
        this.json = json;
    }

    /** {@code q} is an identity ({@code phone:138…}, {@code member_no:M1}) or a customer id. */
    @GetMapping("/customers")
    String search(Caller caller, @RequestParam(required = false) String q, Model model) {
        String query = q == null ? "" : q.strip();
        model.addAttribute("q", query);
        if (query.isEmpty()) {
            return "console/customers";
        }
        try {
            List<CustomerRef> found = query.contains(":")
                    ? customers.findByIdentity(caller, IdentityValue.parse("q", query)).stream()
                            .toList()
                    : List.of(customers.get(caller, query));
            if (found.size() == 1) {
                return "redirect:/customers/" + found.get(0).id();
            }
            model.addAttribute("notFound", true);
        } catch (ReservoirException e) {
            model.addAttribute("error", e.getMessage());
        }
        return "console/customers";
    }

    @GetMapping("/customers/{id}")
    String customer(Caller caller, @PathVariable String id, Model model) {
        CustomerProfile profile = customers.profile(caller, id, false);
        model.addAttribute("profile", profile);
        Map<String, Object> described = new LinkedHashMap<>();
        if ("active".equals(profile.status())) {
            for (ProfileSection section : sections) {
                described.put(
                        section.name(),
                        json.convertValue(section.describe(caller, profile.customerNo()), Object.class));
            }
        }
        model.addAttribute("sections", described);
        events(caller, id, null, model);
        return "console/customer";
    }

    @GetMapping("/customers/{id}/events")
    String olderEvents(Caller caller, @PathVariable String id, @RequestParam String before, Model model) {
        events(caller, id, before, model);
        return "console/customer :: events";
    }

    @PostMapping("/customers/{id}/unmerge")
    String unmerge(Caller caller, @PathVariable String id, RedirectAttributes flash) {
        customers.unmerge(caller, id);
        flash.addFlashAttribute("done", "unmerged");
        return "redirect:/customers/" + id;
    }

    @PostMapping("/customers/{id}/erase")
    String erase(Caller caller, @PathVariable String id, RedirectAttributes flash) {
        customers.erase(caller, id);
        flash.addFlashAttribute("done", "erased");
        return "redirect:/customers/" + id;
    }

    private void events(Caller caller, String id, String before, Model model) {
        CustomerTimeline.Page page = timeline.page(caller, id, before, TIMELINE_PAGE);
        model.addAttribute("customerId", id);
        model.addAttribute("events", page.items());
        model.addAttribute("next", page.next());
    }
}
