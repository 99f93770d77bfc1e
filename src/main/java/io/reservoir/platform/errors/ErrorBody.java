package io.reservoir.platform.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The single error shape of every 4xx and 5xx answer: {@code {"error": {...}}}. When a request was
 * checked whole (a segment rule), {@code errors} lists every problem found, each with its field
 * and message; {@code field} and {@code message} are those of the first.
 */
public record ErrorBody(Detail error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(String code, String message, String field, List<Problem> errors) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Problem(String field, String message) {}

    public static ErrorBody of(String code, String message, String field) {
        return new ErrorBody(new Detail(code, message, field, null));
    }

    public static ErrorBody of(ReservoirException e) {
        List<Problem> problems = e.problems().isEmpty()
                ? null
                : e.problems().stream()
                        .map(p -> new Problem(p.field(), p.getMessage()))
                        .toList();
        return new ErrorBody(new Detail(e.code(), e.getMessage(), e.field(), problems));
    }
}
