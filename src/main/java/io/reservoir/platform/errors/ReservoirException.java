package io.reservoir.platform.errors;

/**
 * A failure that the API reports to the caller as {@code {"error": {"code", "message", "field"}}}.
 * Modules throw it through the static factories, or subclass it for failures of their own
 * ({@code InsufficientPoints}), so one translator renders every error alike.
 */
public class ReservoirException extends RuntimeException {

    private final ErrorKind kind;
    private final String code;
    private final String field;

    protected ReservoirException(ErrorKind kind, String code, String message, String field) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.field = field;
    }

    /** A field of the request is missing or wrong; {@code reason} says why, in plain words. */
    public static ReservoirException invalid(String field, String reason) {
        return new ReservoirException(ErrorKind.INVALID_INPUT, "invalid_field", field + ": " + reason, field);
    }

    /** An object does not exist in the caller's workspace (or exists only in another one). */
    public static ReservoirException notFound(String objectType, Object id) {
        return new ReservoirException(ErrorKind.NOT_FOUND, "not_found", objectType + " " + id + " not found", null);
    }

    /** The request collides with existing state, e.g. a name that is taken. */
    public static ReservoirException conflict(String field, String reason) {
        return new ReservoirException(ErrorKind.CONFLICT, "conflict", field + ": " + reason, field);
    }

    /** The request, or a part of it named by {@code field}, is larger than allowed. */
    public static ReservoirException tooLarge(String field, String reason) {
        return new ReservoirException(
                ErrorKind.PAYLOAD_TOO_LARGE, "payload_too_large", (field == null ? "" : field + ": ") + reason, field);
    }

    /** The caller is known but its role may not do this. */
    public static ReservoirException forbidden(String reason) {
        return new ReservoirException(ErrorKind.FORBIDDEN, "forbidden", reason, null);
    }

    public ErrorKind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    /** The request field the error is about, or {@code null}. */
    public String field() {
        return field;
    }
}
