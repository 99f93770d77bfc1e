package io.reservoir.ingest;

import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.WorkspaceDeleting;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.JsonNode;

/**
 * Finds the brand an event names in {@code context.brand}, by id or exact name. Brands change
 * rarely, so each workspace's list is cached and re-read only when a name or id is not in it.
 */
@Component
class BrandDirectory {

    private final Brands brands;
    private final Map<Long, List<Brand>> cache = new ConcurrentHashMap<>();

    BrandDirectory(Brands brands) {
        this.brands = brands;
    }

    long resolve(long workspaceId, String field, JsonNode named) {
        List<Brand> known = cache.computeIfAbsent(workspaceId, this::load);
        if (named == null || named.isNull() || named.isMissingNode()) {
            if (known.size() == 1) {
                return known.get(0).id();
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
            cache.put(workspaceId, fresh);
            found = find(fresh, wanted);
        }
        if (found == null) {
            throw ReservoirException.invalid(field, "'" + wanted + "' is not a brand of this workspace");
        }
        return found.id();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(WorkspaceDeleting deleting) {
        cache.remove(deleting.workspaceId());
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
