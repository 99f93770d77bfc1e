package io.reservoir.audience;

import io.reservoir.platform.errors.ReservoirException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a tag's holders come from (SPEC §7). */
public enum TagKind {
    /** Lists uploaded or set by operators. */
    MANUAL,
    /** Customers matching the tag's rule, kept up to date by Reservoir. */
    RULE,
    /** Computed by a model: RFM cells, lifecycle stage, churn risk. */
    MODEL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TagKind> of(String id) {
        return Arrays.stream(values()).filter(k -> k.id().equals(id)).findFirst();
    }

    public static TagKind parse(String field, String id) {
        return of(id).orElseThrow(() ->
                ReservoirException.invalid(field, "'" + id + "' is not a tag kind; one of manual, rule, model"));
    }
}
