package io.reservoir.console;

import io.reservoir.audience.Segment;
import io.reservoir.audience.SegmentTemplates;
import io.reservoir.audience.Segments;
import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The segment builder: a rule composed of condition rows and groups (or edited as JSON), counted
 * live as it changes, with its text form; saved as a new segment or over a saved one. A new
 * segment can start from one of the standard audiences written for a brand.
 *
 * <p>The page posts the whole form for every answer: {@code builder/count} (the live count, and
 * each row's problem), {@code builder/rows} (a row added, removed, or shown with the inputs of its
 * new kind or brand) and {@code builder/mode} (rows ⇄ JSON). Nothing is kept between requests.
 */
@ConsolePage
class SegmentBuilderPage {

    private final Brands brands;
    private final Segments segments;
    private final SegmentTemplates templates;
    private final RulePreviews previews;
    private final BuilderChoices choices;
    private final SegmentDetails details;
    private final JsonMapper json;

    SegmentBuilderPage(
            Brands brands,
            Segments segments,
            SegmentTemplates templates,
            RulePreviews previews,
            BuilderChoices choices,
            SegmentDetails details,
            JsonMapper json) {
        this.brands = brands;
        this.segments = segments;
        this.templates = templates;
        this.previews = previews;
        this.choices = choices;
        this.details = details;
        this.json = json;
    }

    /** A new segment; with {@code template}, the standard audience written for {@code brand}. */
    @GetMapping("/audiences/new")
    String create(
            Caller caller,
            @RequestParam(required = false) String template,
            @RequestParam(required = false) Long brand,
            Locale locale,
            Model model) {
        List<Brand> all = brands.list(caller);
        Brand chosen = brand != null ? brands.get(caller, brand) : all.isEmpty() ? null : all.get(0);
        RuleEditor editor = RuleEditor.start(chosen == null ? null : Long.toString(chosen.id()));
        String name = "";
        String description = "";
        if (chosen != null) {
            List<SegmentTemplates.Template> list = templates.list(caller, chosen.id());
            Map<String, String> texts = new LinkedHashMap<>();
            list.forEach(t -> texts.put(t.id(), segments.describe(caller, t.rule(), locale)));
            model.addAttribute("templates", list);
            model.addAttribute("templateTexts", texts);
            model.addAttribute("templateBrand", chosen);
            if (template != null) {
                SegmentTemplates.Template loaded = list.stream()
                        .filter(t -> t.id().equals(template))
                        .findFirst()
                        .orElseThrow(() -> ReservoirException.notFound("segment template", template));
                editor = RuleEditor.of(loaded.rule(), json);
                name = words(loaded.name(), locale) + " · " + chosen.name();
                description = words(loaded.description(), locale);
                model.addAttribute("loadedTemplate", loaded.id());
            }
        }
        return show(caller, null, name, description, editor, locale, model);
    }

    @GetMapping("/audiences/{id:\\d+}")
    String edit(Caller caller, @PathVariable long id, Locale locale, Model model) {
        Segment segment = segments.get(caller, id);
        details.addTo(caller, segment, model);
        return show(
                caller,
                segment,
                segment.name(),
                segment.description(),
                RuleEditor.of(segment.rule(), json),
                locale,
                model);
    }

    @PostMapping("/audiences")
    String saveNew(
            Caller caller,
            @RequestParam MultiValueMap<String, String> params,
            Locale locale,
            Model model,
            RedirectAttributes redirect) {
        RuleEditor editor = RuleEditor.posted(params);
        try {
            Segment saved = segments.create(
                    caller, params.getFirst("name"), params.getFirst("description"), ruleToSave(editor));
            redirect.addFlashAttribute("notice", "audiences.saved");
            return "redirect:/audiences/" + saved.id();
        } catch (ReservoirException refused) {
            model.addAttribute("failure", refusal(refused));
            return show(caller, null, params.getFirst("name"), params.getFirst("description"), editor, locale, model);
        }
    }

    @PostMapping("/audiences/{id:\\d+}")
    String save(
            Caller caller,
            @PathVariable long id,
            @RequestParam MultiValueMap<String, String> params,
            Locale locale,
            Model model,
            RedirectAttributes redirect) {
        Segment segment = segments.get(caller, id);
        RuleEditor editor = RuleEditor.posted(params);
        String description = params.getFirst("description");
        try {
            segments.update(
                    caller, id, params.getFirst("name"), description == null ? "" : description, ruleToSave(editor));
            redirect.addFlashAttribute("notice", "audiences.saved");
            return "redirect:/audiences/" + id;
        } catch (ReservoirException refused) {
            model.addAttribute("failure", refusal(refused));
            details.addTo(caller, segment, model);
            return show(caller, segment, params.getFirst("name"), description, editor, locale, model);
        }
    }

    /** The live count of the rule as posted, and every row's problem (as out-of-band swaps). */
    @PostMapping("/audiences/builder/count")
    String count(Caller caller, @RequestParam MultiValueMap<String, String> params, Locale locale, Model model) {
        fragmentModel(caller, RuleEditor.posted(params), params, locale, model);
        return "console/segment :: countUpdate";
    }

    /** The rows after {@code op} ({@code add:<group>}, {@code group:<group>}, {@code remove:<row>}). */
    @PostMapping("/audiences/builder/rows")
    String rows(
            Caller caller,
            @RequestParam MultiValueMap<String, String> params,
            @RequestParam(required = false) String op,
            Locale locale,
            Model model) {
        List<Brand> all = brands.list(caller);
        String brand = all.isEmpty() ? null : Long.toString(all.get(0).id());
        RuleEditor editor =
                new RuleEditor(RuleEditor.ROWS, RuleForm.apply(RuleForm.read(params), op, brand), null, null);
        fragmentModel(caller, editor, params, locale, model);
        return "console/segment :: rowsUpdate";
    }

    /** The rule in the other editor: {@code to=json} or {@code to=rows}. */
    @PostMapping("/audiences/builder/mode")
    String mode(
            Caller caller,
            @RequestParam MultiValueMap<String, String> params,
            @RequestParam String to,
            Locale locale,
            Model model) {
        fragmentModel(caller, RuleEditor.posted(params).switchTo(to, json), params, locale, model);
        return "console/segment :: editorUpdate";
    }

    private void fragmentModel(
            Caller caller, RuleEditor editor, MultiValueMap<String, String> params, Locale locale, Model model) {
        Long segmentId = ConsoleForms.optionalWholeNumber("segmentId", params.getFirst("segmentId"));
        if (segmentId != null) {
            segments.get(caller, segmentId);
        }
        BuilderChoices.Choices offered = choices.of(caller, segmentId);
        RuleEditor shown = editor.withDefaults(offered);
        model.addAttribute("editor", shown);
        model.addAttribute("preview", previews.of(caller, shown, segmentId, locale));
        model.addAttribute("choices", offered);
    }

    private String show(
            Caller caller,
            Segment segment,
            String name,
            String description,
            RuleEditor editor,
            Locale locale,
            Model model) {
        Long segmentId = segment == null ? null : segment.id();
        model.addAttribute("segment", segment);
        model.addAttribute("name", name);
        model.addAttribute("description", description);
        BuilderChoices.Choices offered = choices.of(caller, segmentId);
        RuleEditor shown = editor.withDefaults(offered);
        model.addAttribute("editor", shown);
        model.addAttribute("preview", previews.of(caller, shown, segmentId, locale));
        model.addAttribute("choices", offered);
        return "console/segment";
    }

    private JsonNode ruleToSave(RuleEditor editor) {
        JsonNode rule = editor.rule(json);
        if (rule == null) {
            throw ReservoirException.invalid("rule", "has no condition; add one");
        }
        return rule;
    }

    /** What the page says about a refused save; other failures are errors. */
    private static String refusal(ReservoirException refused) {
        if (refused.kind() != ErrorKind.INVALID_INPUT && refused.kind() != ErrorKind.CONFLICT) {
            throw refused;
        }
        return refused.getMessage();
    }

    private static String words(SegmentTemplates.Text text, Locale locale) {
        return locale.getLanguage().equals("zh") ? text.zh() : text.en();
    }
}
