package io.reservoir.console;

import io.reservoir.audience.Segment;
import io.reservoir.audience.SegmentAnswers;
import io.reservoir.audience.Segments;
import io.reservoir.audience.TagHolders;
import io.reservoir.identity.CustomerProfile;
import io.reservoir.identity.Customers;
import io.reservoir.identity.ProfileSection;
import io.reservoir.ingest.CustomerTimeline;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The customer 360 view: profile, identities (masked), consent, tier and points per brand with
 * the way to the next tier, tags, the segments the customer is in now, every module's section
 * (orders, relations, …) and the timeline in readable words, older events loaded in place.
 */
@ConsolePage
class CustomersPage {

    static final int TIMELINE_PAGE = 30;

    private final Customers customers;
    private final CustomerTimeline timeline;
    private final List<ProfileSection> sections;
    private final Customer360 view;
    private final TagHolders tagHolders;
    private final Segments segments;
    private final SegmentAnswers answers;
    private final Brands brands;
    private final MessageSource messages;
    private final JsonMapper json;

    CustomersPage(
            Customers customers,
            CustomerTimeline timeline,
            List<ProfileSection> sections,
            Customer360 view,
            TagHolders tagHolders,
            Segments segments,
            SegmentAnswers answers,
            Brands brands,
            MessageSource messages,
            JsonMapper json) {
        this.customers = customers;
        this.timeline = timeline;
        this.sections = sections;
        this.view = view;
        this.tagHolders = tagHolders;
        this.segments = segments;
        this.answers = answers;
        this.brands = brands;
        this.messages = messages;
        this.json = json;
    }

    @GetMapping("/customers/{id}")
    String customer(Caller caller, @PathVariable String id, Locale locale, Model model) {
        CustomerProfile profile = customers.profile(caller, id, false);
        model.addAttribute("profile", profile);
        Map<String, Object> described = new LinkedHashMap<>();
        boolean active = "active".equals(profile.status());
        if (active) {
            for (ProfileSection section : sections) {
                described.put(
                        section.name(),
                        json.convertValue(section.describe(caller, profile.customerNo()), Object.class));
            }
        }
        model.addAttribute("sections", described);
        Map<Long, String> brandNames = new LinkedHashMap<>();
        for (Brand brand : brands.list(caller)) {
            brandNames.put(brand.id(), brand.name());
        }
        TimelineText words = new TimelineText(messages, locale);
        model.addAttribute("attributes", view.attributes(profile, words));
        model.addAttribute("identities", view.identities(profile, locale));
        model.addAttribute("consent", view.consent(profile, locale));
        model.addAttribute("standings", view.standings(described.get("membership"), brandNames, locale));
        model.addAttribute("orders", view.orders(described.get("orders"), brandNames, locale));
        boolean reader = caller.role() != Role.GUIDE;
        model.addAttribute("audiencesShown", reader && active);
        if (reader && active) {
            model.addAttribute("tags", tagHolders.of(caller, profile.customerNo()));
            List<Segment> in = new ArrayList<>();
            for (Segment segment : segments.list(caller)) {
                if (answers.contains(caller.workspaceId(), segment.id(), profile.customerNo())) {
                    in.add(segment);
                }
            }
            model.addAttribute("inSegments", in);
        }
        events(caller, id, null, locale, model);
        return "console/customer";
    }

    @GetMapping("/customers/{id}/events")
    String olderEvents(
            Caller caller, @PathVariable String id, @RequestParam String before, Locale locale, Model model) {
        events(caller, id, before, locale, model);
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

    /** A timeline row: when, and the event in words. */
    record EventRow(java.time.Instant at, TimelineText.Line line) {}

    private void events(Caller caller, String id, String before, Locale locale, Model model) {
        CustomerTimeline.Page page = timeline.page(caller, id, before, TIMELINE_PAGE);
        TimelineText words = new TimelineText(messages, locale);
        model.addAttribute("customerId", id);
        model.addAttribute(
                "events",
                page.items().stream()
                        .map(e -> new EventRow(e.occurredAt(), words.line(e)))
                        .toList());
        model.addAttribute("next", page.next());
    }
}
