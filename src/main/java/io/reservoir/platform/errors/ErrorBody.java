package io.reservoir.platform.errors;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The single error shape of every 4xx and 5xx answer: {@code {"error": {...}}}. */
public record ErrorBody(Detail error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(String code, String message, String field) {}

    public static ErrorBody of(String code, String message, String field) {
        return new ErrorBody(new Detail(code, message, field));
    }

    public static ErrorBody of(ReservoirException e) {
        return of(e.code(), e.getMessage(), e.field());
    }
}
