package io.reservoir.console;

import io.reservoir.audience.Segments;
import io.reservoir.audience.Tag;
import io.reservoir.audience.TagHolders;
import io.reservoir.audience.TagKind;
import io.reservoir.audience.Tags;
import io.reservoir.identity.CustomerRef;
import io.reservoir.identity.Customers;
import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The tags of the workspace: kind, holders per value, a rule tag's rule as text; creating a manual
 * tag, giving it to or taking it from customers pasted by id, one per line, and a tag's recent
 * history. Rule and model tags are computed by Reservoir and only shown here.
 */
@ConsolePage
class TagsPage {

    /** Customer ids one paste may hold. */
    static final int MAX_IDS = 10_000;

    static final int HISTORY = 50;

    private final Tags tags;
    private final TagHolders holders;
    private final Segments segments;
    private final Customers customers;

    TagsPage(Tags tags, TagHolders holders, Segments segments, Customers customers) {
        this.tags = tags;
        this.holders = holders;
        this.segments = segments;
        this.customers = customers;
    }

    /**
     * A tag with its holders.
     *
     * @param ruleText how a rule tag's rule reads; null for the other kinds
     */
    record TagRow(Tag tag, List<TagHolders.Count> counts, long holders, String ruleText) {}

    /** A change of the history, with the customer's public id. */
    record HistoryRow(String customerId, TagHolders.Change change) {}

    @GetMapping("/audiences/tags")
    String list(Caller caller, Locale locale, Model model) {
        Map<Long, List<TagHolders.Count>> counts = holders.counts(caller);
        model.addAttribute(
                "rows",
                tags.list(caller).stream()
                        .map(t -> row(caller, t, counts.getOrDefault(t.id(), List.of()), locale))
                        .toList());
        return "console/tags";
    }

    @PostMapping("/audiences/tags")
    String create(
            Caller caller,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String description,
            RedirectAttributes redirect) {
        try {
            Tag tag = tags.create(caller, name, TagKind.MANUAL, description, null);
            redirect.addFlashAttribute("notice", "tags.createdNotice");
            return "redirect:/audiences/tags/" + tag.id();
        } catch (ReservoirException refused) {
            if (refused.kind() != ErrorKind.INVALID_INPUT && refused.kind() != ErrorKind.CONFLICT) {
                throw refused;
            }
            redirect.addFlashAttribute("failure", refused.getMessage());
            return "redirect:/audiences/tags";
        }
    }

    @GetMapping("/audiences/tags/{id:\\d+}")
    String tag(Caller caller, @PathVariable long id, Locale locale, Model model) {
        Tag tag = tags.get(caller, id);
        model.addAttribute("row", row(caller, tag, holders.counts(caller).getOrDefault(id, List.of()), locale));
        List<TagHolders.Change> history = holders.history(caller, id, null, null, HISTORY);
        Map<Integer, String> ids = customers.publicIds(
                caller.workspaceId(),
                history.stream().map(TagHolders.Change::customerNo).distinct().toList());
        model.addAttribute(
                "history",
                history.stream()
                        .map(c -> new HistoryRow(ids.get(c.customerNo()), c))
                        .toList());
        return "console/tag";
    }

    /** Gives the tag, with {@code value} when one is typed, to the customers pasted. */
    @PostMapping("/audiences/tags/{id:\\d+}/assign")
    String assign(
            Caller caller,
            @PathVariable long id,
            @RequestParam(required = false) String value,
            @RequestParam(name = "customers", required = false) String pasted,
            RedirectAttributes redirect) {
        return UsersPage.Outcome.of(redirect, "/audiences/tags/" + id, () -> {
            Tag tag = manual(caller, id);
            Tags.Update update = tags.assign(
                    caller, tag.id(), ConsoleForms.optionalText(value), customerNos(caller, pasted), "console");
            redirect.addFlashAttribute("update", update);
            return "tags.assigned";
        });
    }

    @PostMapping("/audiences/tags/{id:\\d+}/remove")
    String remove(
            Caller caller,
            @PathVariable long id,
            @RequestParam(name = "customers", required = false) String pasted,
            RedirectAttributes redirect) {
        return UsersPage.Outcome.of(redirect, "/audiences/tags/" + id, () -> {
            Tag tag = manual(caller, id);
            Tags.Update update = tags.remove(caller, tag.id(), customerNos(caller, pasted), "console");
            redirect.addFlashAttribute("update", update);
            return "tags.removed";
        });
    }

    private TagRow row(Caller caller, Tag tag, List<TagHolders.Count> counts, Locale locale) {
        return new TagRow(
                tag,
                counts,
                counts.stream().mapToLong(TagHolders.Count::members).sum(),
                tag.rule() == null ? null : segments.describe(caller, tag.rule(), locale));
    }

    /** Only manual tags are changed by hand; Reservoir computes the others. */
    private Tag manual(Caller caller, long id) {
        Tag tag = tags.get(caller, id);
        if (tag.kind() != TagKind.MANUAL) {
            throw ReservoirException.conflict(
                    "tag", "'" + tag.name() + "' is a " + tag.kind().id() + " tag; Reservoir computes who holds it");
        }
        return tag;
    }

    /**
     * The customer numbers of the public ids pasted (one per line; commas and spaces separate too).
     *
     * @throws ReservoirException invalid {@code customers} naming the ids that are no customer of
     *     the workspace; nothing is changed then
     */
    private List<Integer> customerNos(Caller caller, String pasted) {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : (pasted == null ? "" : pasted).split("[\\s,;]+")) {
            if (!id.isBlank()) {
                ids.add(id.strip());
            }
        }
        if (ids.isEmpty()) {
            throw ReservoirException.invalid("customers", "is empty; paste customer ids, one per line");
        }
        if (ids.size() > MAX_IDS) {
            throw ReservoirException.invalid("customers", "has more than " + MAX_IDS + " ids; paste fewer at a time");
        }
        List<Integer> nos = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String id : ids) {
            try {
                CustomerRef ref = customers.get(caller, id);
                nos.add(ref.customerNo());
            } catch (ReservoirException e) {
                if (e.kind() != ErrorKind.NOT_FOUND) {
                    throw e;
                }
                unknown.add(id);
            }
        }
        if (!unknown.isEmpty()) {
            throw ReservoirException.invalid(
                    "customers",
                    "no customer of this workspace has the id "
                            + String.join(", ", unknown.subList(0, Math.min(10, unknown.size())))
                            + (unknown.size() > 10 ? " (and " + (unknown.size() - 10) + " more)" : "")
                            + "; nothing was changed");
        }
        return nos;
    }
}
