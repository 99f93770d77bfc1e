package io.reservoir.ingest;

import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.BrandChanged;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.WorkspaceDeleting;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.JsonNode;

/**
 * Finds the brand an event names in {@code context.brand}, by id or exact name. Brands change
 * rarely, so each workspace's list is cached, re-read when a name or id is not in it and forgotten
 * when a brand's settings change on this node (its phone region and currency decide how events are
 * read). A change made on another node reaches this one within {@link #FRESH_FOR}, when the list is
 * read again.
 */
@Component
class BrandDirectory {

    static final Duration FRESH_FOR = Duration.ofSeconds(30);

    private record Known(List<Brand> brands, Instant readAt) {}

    private final Brands brands;
    private final Clock clock;
    private final Map<Long, Known> cache = new ConcurrentHashMap<>();

    BrandDirectory(Brands brands, Clock clock) {
        this.brands = brands;
        this.clock = clock;
    }

    /** The brand {@code named} (or the workspace's only brand), with its settings. */
    Brand brand(long workspaceId, String field, JsonNode named) {
        return brand(workspaceId, field, named, clock.instant());
    }

    Brand brand(long workspaceId, String field, JsonNode named, Instant now) {
        Known cached = cache.get(workspaceId);
        if (cached == null || !now.isBefore(cached.readAt().plus(FRESH_FOR))) {
            cached = new Known(load(workspaceId), now);
            cache.put(workspaceId, cached);
        }
        List<Brand> known = cached.brands();
        if (named == null || named.isNull() || named.isMissingNode()) {
            if (known.size() == 1) {
                return known.get(0);
            }
            throw ReservoirException.invalid(field, "is required: this workspace has " + known.size() + " brands");
        }
        if (!(named.isString() || named.isIntegralNumber())) {
            throw ReservoirException.invalid(field, "must be a brand id or a brand name");
        }
        String wanted = named.asString().strip();
        Brand found = find(known, wanted);
        if (found == null) {
            List<Brand> fresh = load(workspaceId);
            cache.put(workspaceId, new Known(fresh, now));
            found = find(fresh, wanted);
        }
        if (found == null) {
            throw ReservoirException.invalid(field, "'" + wanted + "' is not a brand of this workspace");
        }
        return found;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(WorkspaceDeleting deleting) {
        cache.remove(deleting.workspaceId());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(BrandChanged changed) {
        cache.remove(changed.workspaceId());
    }

    private static Brand find(List<Brand> brands, String wanted) {
        for (Brand brand : brands) {
            if (brand.name().equals(wanted) || Long.toString(brand.id()).equals(wanted)) {
                return brand;
            }
        }
        return null;
    }

    private List<Brand> load(long workspaceId) {
        return List.copyOf(brands.list(Caller.system(workspaceId)));
    }
}
