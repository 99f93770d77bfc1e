package io.reservoir.audience;

import io.reservoir.audience.SegmentTemplates.Text;
import io.reservoir.platform.tenancy.Caller;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/segments}: counting a rule before saving it, saved segments, and the standard
 * audiences as templates. A wrong rule answers 400 naming every problem at its JSON path under
 * {@code rule} and writes nothing.
 */
@RestController
@RequestMapping("/api/v1/segments")
class SegmentsController {

    private final Segments segments;
    private final Audiences audiences;
    private final SegmentTemplates templates;

    SegmentsController(Segments segments, Audiences audiences, SegmentTemplates templates) {
        this.segments = segments;
        this.audiences = audiences;
        this.templates = templates;
    }

    record CountView(int count, Text text, long tookMs) {}

    record SegmentBody(String name, String description, JsonNode rule) {}

    record SegmentView(
            long id, String name, String description, JsonNode rule, Text text, Instant createdAt, Instant updatedAt) {}

    record Items<T>(List<T> items) {}

    record TemplateView(String id, Text name, Text description, JsonNode rule, Text text) {}

    record FromTemplate(Long brand, String name) {}

    /** The body is a rule; answers how many customers it selects now and how it reads. */
    @PostMapping("/count")
    CountView count(Caller caller, @RequestBody JsonNode rule) {
        SegmentRule checked = segments.check(caller, rule);
        long started = System.nanoTime();
        int count = audiences.select(caller, checked).getCardinality();
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        return new CountView(count, text(caller, checked), tookMs);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    SegmentView create(Caller caller, @RequestBody SegmentBody body) {
        return view(caller, segments.create(caller, body.name(), body.description(), body.rule()));
    }

    @GetMapping
    Items<SegmentView> list(Caller caller) {
        return new Items<>(
                segments.list(caller).stream().map(s -> view(caller, s)).toList());
    }

    @GetMapping("/{id}")
    SegmentView get(Caller caller, @PathVariable long id) {
        return view(caller, segments.get(caller, id));
    }

    /** Renames, describes and/or gives a new rule; a missing field stays as it is. */
    @PutMapping("/{id}")
    SegmentView update(Caller caller, @PathVariable long id, @RequestBody SegmentBody body) {
        return view(caller, segments.update(caller, id, body.name(), body.description(), body.rule()));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable long id) {
        segments.delete(caller, id);
    }

    /** The standard audiences, written for {@code brand} (optional when the workspace has one). */
    @GetMapping("/templates")
    Items<TemplateView> templates(Caller caller, @RequestParam(required = false) Long brand) {
        return new Items<>(templates.list(caller, brand).stream()
                .map(t -> new TemplateView(
                        t.id(), t.name(), t.description(), t.rule().toJson(), text(caller, t.rule())))
                .toList());
    }

    /** Saves a segment from a template: {@code {"brand": 1, "name": "…"}}, both optional. */
    @PostMapping("/templates/{templateId}")
    @ResponseStatus(HttpStatus.CREATED)
    SegmentView fromTemplate(
            Caller caller, @PathVariable String templateId, @RequestBody(required = false) FromTemplate body) {
        FromTemplate given = body == null ? new FromTemplate(null, null) : body;
        return view(caller, templates.create(caller, templateId, given.brand(), given.name()));
    }

    private SegmentView view(Caller caller, Segment segment) {
        return new SegmentView(
                segment.id(),
                segment.name(),
                segment.description(),
                segment.rule().toJson(),
                text(caller, segment.rule()),
                segment.createdAt(),
                segment.updatedAt());
    }

    private Text text(Caller caller, SegmentRule rule) {
        return text(segments, caller, rule);
    }

    /** How a rule reads, in both languages. */
    static Text text(Segments segments, Caller caller, SegmentRule rule) {
        return new Text(
                segments.describe(caller, rule, Locale.ENGLISH),
                segments.describe(caller, rule, Locale.SIMPLIFIED_CHINESE));
    }
}
