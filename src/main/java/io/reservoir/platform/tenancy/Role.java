package io.reservoir.platform.tenancy;

import com.fasterxml.jackson.annotation.JsonValue;
import io.reservoir.platform.errors.ReservoirException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a person may do in a workspace (SPEC §1). */
public enum Role {
    /** Everything, including users, keys and brands. */
    ADMIN,
    /** Segments, offers and campaigns. */
    OPERATOR,
    /** Reads reports; changes nothing. */
    ANALYST,
    /** Sees and serves only their own customers. */
    GUIDE,
    /**
     * The service provider (ISV/TP) above the workspaces: creates, suspends, resumes and deletes
     * them, and nothing inside any of them. Given only at first start or by configuration, never
     * through the users API.
     */
    PROVIDER;

    /** The roles a workspace's own users may hold (every role but {@link #PROVIDER}). */
    public static final java.util.List<Role> IN_WORKSPACE = java.util.List.of(ADMIN, OPERATOR, ANALYST, GUIDE);

    /**
     * The role a new user is offered unless another is chosen: the one that may do least (a guide
     * sees only their own customers), so that more power is always given on purpose.
     */
    public static final Role LEAST_POWERFUL = GUIDE;

    /** Parses {@code admin}, {@code OPERATOR}, …; names the field and the allowed values otherwise. */
    public static Role parse(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ReservoirException.invalid(field, "is required; one of " + allowed());
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ReservoirException.invalid(field, "'" + value + "' is not a role; one of " + allowed());
        }
    }

    private static String allowed() {
        return Arrays.stream(values())
                .map(r -> r.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
