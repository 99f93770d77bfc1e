package io.reservoir.console;

import io.reservoir.audience.RuleTags;
import io.reservoir.audience.Segments;
import io.reservoir.audience.Tag;
import io.reservoir.audience.TagHolders;
import io.reservoir.audience.TagKind;
import io.reservoir.audience.Tags;
import io.reservoir.identity.CustomerRef;
import io.reservoir.identity.Customers;
import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tags of the workspace: kind, holders per value, a rule tag's rule as text; creating a manual
 * tag, a rule tag (the rule of a saved segment, copied) or a model tag (a model and its parameters);
 * giving a manual tag to or taking it from customers pasted by id, one per line, and a tag's recent
 * history. The holders of rule and model tags are computed by Reservoir: at once when the tag is
 * created here, on demand, and then on Reservoir's schedule.
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
    private final RuleTags ruleTags;
    private final Brands brands;
    private final Refusals refusals;

    TagsPage(
            Tags tags,
            TagHolders holders,
            Segments segments,
            Customers customers,
            RuleTags ruleTags,
            Brands brands,
            Refusals refusals) {
        this.tags = tags;
        this.holders = holders;
        this.segments = segments;
        this.customers = customers;
        this.ruleTags = ruleTags;
        this.brands = brands;
        this.refusals = refusals;
    }

    /** The rule tag form as typed: the tag follows a copy of the chosen segment's rule. */
    record RuleTagForm(String name, String description, String segment) {}

    /**
     * The model tag form as typed. Blank parameters take the model's defaults; each model reads only
     * its own ({@code docs/segments.md}, "Tags").
     */
    record ModelTagForm(
            String name,
            String description,
            String model,
            String brand,
            String windowDays,
            String newDays,
            String activeDays,
            String sleepingDays,
            String churnDays,
            String minOrders) {}

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
        model.addAttribute("segments", segments.list(caller));
        model.addAttribute("brands", brands.list(caller));
        model.addAttribute("models", Tags.MODELS);
        if (!model.containsAttribute("ruleForm")) {
            model.addAttribute("ruleForm", new RuleTagForm("", "", ""));
        }
        if (!model.containsAttribute("modelForm")) {
            model.addAttribute("modelForm", new ModelTagForm("", "", Tags.MODELS.get(0), "", "", "", "", "", "", ""));
        }
        return "console/tags";
    }

    /** Creates a rule tag from a copy of a saved segment's rule, and computes its holders at once. */
    @PostMapping("/audiences/tags/rule")
    String createRuleTag(
            Caller caller,
            @ModelAttribute("ruleForm") RuleTagForm form,
            Locale locale,
            Model model,
            RedirectAttributes redirect) {
        List<ReservoirException> problems = new ArrayList<>();
        JsonNode rule = null;
        Long segmentId = read(problems, () -> ConsoleForms.optionalWholeNumber("segment", form.segment()));
        if (segmentId == null && problems.isEmpty()) {
            problems.add(ReservoirException.invalid("segment", "is required"));
        } else if (segmentId != null) {
            rule = segments.get(caller, segmentId).rule().toJson();
        }
        return created(
                caller, form.name(), TagKind.RULE, form.description(), rule, null, problems, locale, model, redirect);
    }

    /** Creates a model tag with the model and parameters chosen, and computes its holders at once. */
    @PostMapping("/audiences/tags/model")
    String createModelTag(
            Caller caller,
            @ModelAttribute("modelForm") ModelTagForm form,
            Locale locale,
            Model model,
            RedirectAttributes redirect) {
        List<ReservoirException> problems = new ArrayList<>();
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("model", form.model());
        Long brand = read(problems, () -> ConsoleForms.optionalWholeNumber("model.brand", form.brand()));
        if (brand == null && problems.isEmpty()) {
            problems.add(ReservoirException.invalid("model.brand", "is required"));
        }
        json.put("brand", brand == null ? 0 : brand);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (!"lifecycle".equals(form.model())) { // the lifecycle reads all orders; the others a window
            parameters.put("windowDays", form.windowDays());
        }
        if ("lifecycle".equals(form.model())) {
            parameters.put("newDays", form.newDays());
            parameters.put("activeDays", form.activeDays());
            parameters.put("sleepingDays", form.sleepingDays());
            parameters.put("churnDays", form.churnDays());
        }
        if ("price_sensitivity".equals(form.model())) {
            parameters.put("minOrders", form.minOrders());
        }
        parameters.forEach((name, text) -> {
            Long value = read(problems, () -> ConsoleForms.optionalWholeNumber("model." + name, text));
            if (value != null) {
                json.put(name, value);
            }
        });
        return created(
                caller, form.name(), TagKind.MODEL, form.description(), null, json, problems, locale, model, redirect);
    }

    /** Recomputes a rule or model tag's holders now. */
    @PostMapping("/audiences/tags/{id:\\d+}/recompute")
    String recompute(Caller caller, @PathVariable long id, RedirectAttributes redirect) {
        ruleTags.recompute(caller, id);
        redirect.addFlashAttribute("notice", "tags.recomputed");
        return "redirect:/audiences/tags/" + id;
    }

    private String created(
            Caller caller,
            String name,
            TagKind kind,
            String description,
            JsonNode rule,
            JsonNode modelJson,
            List<ReservoirException> problems,
            Locale locale,
            Model model,
            RedirectAttributes redirect) {
        if (problems.isEmpty()) {
            try {
                Tag tag = tags.create(caller, name, kind, description, rule, modelJson);
                ruleTags.recompute(caller, tag.id());
                redirect.addFlashAttribute("notice", "tags.createdNotice");
                return "redirect:/audiences/tags/" + tag.id();
            } catch (ReservoirException refused) {
                if (!Refusals.isForTheForm(refused)) {
                    throw refused;
                }
                problems.add(refused);
            }
        } else if (ConsoleForms.blank(name)) {
            problems.add(0, ReservoirException.invalid("name", "is required"));
        }
        model.addAttribute("problems", refusals.problems("tags", ReservoirException.invalid(problems), locale));
        model.addAttribute("failedForm", kind.id());
        return list(caller, locale, model);
    }

    private static <T> T read(List<ReservoirException> problems, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (ReservoirException e) {
            problems.add(e);
            return null;
        }
    }

    @PostMapping("/audiences/tags")
    String create(
            Caller caller,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String description,
            Locale locale,
            RedirectAttributes redirect) {
        try {
            Tag tag = tags.create(caller, name, TagKind.MANUAL, description, null);
            redirect.addFlashAttribute("notice", "tags.createdNotice");
            return "redirect:/audiences/tags/" + tag.id();
        } catch (ReservoirException refused) {
            if (refused.kind() != ErrorKind.INVALID_INPUT && refused.kind() != ErrorKind.CONFLICT) {
                throw refused;
            }
            redirect.addFlashAttribute("problems", refusals.problems("tags", refused, locale));
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
