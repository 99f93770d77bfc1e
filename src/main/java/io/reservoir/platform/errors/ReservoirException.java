package io.reservoir.platform.errors;

import java.util.List;
import java.util.stream.Stream;

/**
 * A failure that the API reports to the caller as {@code {"error": {"code", "message", "field"}}}.
 * Modules throw it through the static factories, or subclass it for failures of their own
 * ({@code InsufficientPoints}), so one translator renders every error alike.
 */
public class ReservoirException extends RuntimeException {

    /** At most this many problems of one request are listed. */
    public static final int MAX_PROBLEMS = 100;

    private final ErrorKind kind;
    private final String code;
    private final String field;
    private final List<ReservoirException> problems;

    protected ReservoirException(ErrorKind kind, String code, String message, String field) {
        this(kind, code, message, field, List.of());
    }

    private ReservoirException(
            ErrorKind kind, String code, String message, String field, List<ReservoirException> problems) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.field = field;
        this.problems = problems;
    }

    /** A field of the request is missing or wrong; {@code reason} says why, in plain words. */
    public static ReservoirException invalid(String field, String reason) {
        return new ReservoirException(ErrorKind.INVALID_INPUT, "invalid_field", field + ": " + reason, field);
    }

    /**
     * Every problem found in one request, each at its field (a rule with two wrong conditions). The
     * first gives the error's message and field, so a client that reads one error sees the first;
     * the answer lists them all (at most {@link #MAX_PROBLEMS}) under {@code errors}. Problems that
     * are themselves lists are flattened.
     *
     * @param problems at least one; each an {@code invalid} error
     */
    public static ReservoirException invalid(List<ReservoirException> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problems");
        }
        List<ReservoirException> flat = problems.stream()
                .flatMap(p -> p.problems.isEmpty() ? Stream.of(p) : p.problems.stream())
                .limit(MAX_PROBLEMS)
                .toList();
        ReservoirException first = flat.get(0);
        return new ReservoirException(first.kind, first.code, first.getMessage(), first.field, flat);
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

    /**
     * Reservoir cannot take the request now but will soon (the intake is behind): answered {@code 503}
     * with {@code Retry-After}, which Segment's and RudderStack's clients honour by sending again.
     */
    public static ReservoirException busy(String reason, java.time.Duration retryAfter) {
        return new Busy(reason, retryAfter);
    }

    /** A {@link #busy} answer: how long the caller should wait before sending again. */
    public static final class Busy extends ReservoirException {

        private final java.time.Duration retryAfter;

        private Busy(String reason, java.time.Duration retryAfter) {
            super(ErrorKind.UNAVAILABLE, "busy", reason, null);
            this.retryAfter = retryAfter;
        }

        public java.time.Duration retryAfter() {
            return retryAfter;
        }

        /** Whole seconds, at least one: the {@code Retry-After} header's form. */
        public String retryAfterSeconds() {
            return Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
        }
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

    /**
     * All problems of the request when they were collected ({@link #invalid(List)}), the first
     * being this error's own; empty for a single error.
     */
    public List<ReservoirException> problems() {
        return problems;
    }
}
