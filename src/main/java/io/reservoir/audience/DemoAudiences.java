package io.reservoir.audience;

import io.reservoir.ingest.BrandSimulating;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The standard audiences a simulated demo brand comes with: every {@link SegmentTemplates
 * template} saved for each simulated brand under its default name, so that Audiences counts people
 * on the first day. A segment of that name that exists already is left as it is, so a second
 * simulation adds nothing.
 */
@Component
class DemoAudiences {

    private final SegmentTemplates templates;
    private final Segments segments;
    private final Brands brands;

    DemoAudiences(SegmentTemplates templates, Segments segments, Brands brands) {
        this.templates = templates;
        this.segments = segments;
        this.brands = brands;
    }

    @EventListener
    void save(BrandSimulating simulating) {
        Caller system = Caller.system(simulating.workspaceId());
        Set<String> saved = segments.list(system).stream().map(Segment::name).collect(Collectors.toSet());
        for (long brandId : simulating.brandIds()) {
            Brand brand = brands.get(system, brandId);
            for (SegmentTemplates.Template template : templates.list(system, brandId)) {
                if (saved.add(SegmentTemplates.defaultName(template, brand))) {
                    templates.create(system, template.id(), brandId, null);
                }
            }
        }
    }
}
