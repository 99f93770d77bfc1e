package io.reservoir.platform.tenancy;

import com.fasterxml.jackson.annotation.JsonValue;
import io.reservoir.platform.errors.ReservoirException;
import java.util.Locale;

/** The kinds of API key: a workspace's two (SPEC §1) and the service provider's. */
public enum KeyKind {
    /** Ingestion only: the HTTP Basic user name of Segment-style clients on {@code /v1/**}. */
    WRITE("rsv_w_"),
    /** The whole management API, as {@code Authorization: Bearer …} on {@code /api/v1/**}. */
    MANAGEMENT("rsv_m_"),
    /** The service provider's key: only {@code /api/v1/workspaces/**}, across workspaces. */
    PROVIDER("rsv_p_");

    private final String prefix;

    KeyKind(String prefix) {
        this.prefix = prefix;
    }

    /** Generated keys start with this, so a leaked key is recognisable by secret scanners. */
    public String prefix() {
        return prefix;
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static KeyKind parse(String field, String value) {
        if (value != null) {
            for (KeyKind kind : values()) {
                if (kind.id().equalsIgnoreCase(value.strip())) {
                    return kind;
                }
            }
        }
        throw ReservoirException.invalid(field, "must be 'write', 'management' or 'provider'");
    }
}
