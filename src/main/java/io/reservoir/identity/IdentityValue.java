package io.reservoir.identity;

/**
 * One identifier of a person in canonical form ({@link IdentityType#normalise}).
 *
 * <p>{@code toString} masks personal data so that an identity can be logged.
 */
public record IdentityValue(IdentityType type, String value) {

    /** Normalises {@code raw}; the {@code field} names the request field for errors. */
    public static IdentityValue of(IdentityType type, String field, String raw) {
        return new IdentityValue(type, type.normalise(field, raw));
    }

    /** Normalises {@code raw}, reading a phone without country code in {@code phoneRegion}. */
    public static IdentityValue of(IdentityType type, String field, String raw, String phoneRegion) {
        return new IdentityValue(type, type.normalise(field, raw, phoneRegion));
    }

    /** Parses {@code type:value}, e.g. {@code phone:13800138000}. */
    public static IdentityValue parse(String field, String typed) {
        int colon = typed == null ? -1 : typed.indexOf(':');
        if (colon < 1) {
            throw io.reservoir.platform.errors.ReservoirException.invalid(
                    field, "must be type:value, e.g. phone:13800138000");
        }
        IdentityType type = IdentityType.parse(field, typed.substring(0, colon));
        return of(type, field, typed.substring(colon + 1));
    }

    @Override
    public String toString() {
        return type.id() + ":" + (type.personalData() ? "***" : value);
    }
}
