package io.reservoir.platform.web;

import io.reservoir.platform.errors.ErrorBody;
import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ReservoirException;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

/** Translates every failure of a REST controller into the one error shape, in one place. */
@RestControllerAdvice(annotations = RestController.class)
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(ReservoirException.class)
    ResponseEntity<ErrorBody> reservoir(ReservoirException e) {
        if (e instanceof ReservoirException.Busy busy) {
            return ResponseEntity.status(e.kind().status())
                    .header("Retry-After", busy.retryAfterSeconds())
                    .body(ErrorBody.of(e));
        }
        return ResponseEntity.status(e.kind().status()).body(ErrorBody.of(e));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ErrorBody> invalid(MethodArgumentNotValidException e) {
        FieldError first = e.getBindingResult().getFieldError();
        if (first == null) {
            return error(
                    ErrorKind.INVALID_INPUT,
                    "invalid_input",
                    e.getBindingResult().getAllErrors().stream()
                            .map(error -> error.getDefaultMessage())
                            .collect(Collectors.joining("; ")),
                    null);
        }
        return error(
                ErrorKind.INVALID_INPUT,
                "invalid_field",
                first.getField() + ": " + first.getDefaultMessage(),
                first.getField());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLarge tooLarge) {
                return error(ErrorKind.PAYLOAD_TOO_LARGE, "payload_too_large", tooLarge.getMessage(), null);
            }
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamReadException malformed) {
                return error(
                        ErrorKind.INVALID_INPUT,
                        "malformed_json",
                        "request body is not valid JSON: " + malformed.getOriginalMessage(),
                        null);
            }
            if (cause instanceof JacksonException mapping) {
                String field = mapping.getPath().stream()
                        .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining("."))
                        .replace(".[", "[");
                // a value a type refused when it was built (an unknown name of a closed set) says why itself
                String reason = mapping.getCause() instanceof IllegalArgumentException refused
                        ? refused.getMessage()
                        : mapping.getOriginalMessage();
                return error(
                        ErrorKind.INVALID_INPUT,
                        "invalid_field",
                        (field.isEmpty() ? "body" : field) + ": " + reason,
                        field.isEmpty() ? null : field);
            }
        }
        return error(ErrorKind.INVALID_INPUT, "malformed_json", "request body is missing or not readable JSON", null);
    }

    /** A body a controller read itself (CSV uploads, raw JSON) that grew past the limit. */
    @ExceptionHandler(BodyTooLarge.class)
    ResponseEntity<ErrorBody> tooLarge(BodyTooLarge e) {
        return error(ErrorKind.PAYLOAD_TOO_LARGE, "payload_too_large", e.getMessage(), null);
    }

    /** JSON a controller parsed itself (bodies read as bytes). */
    @ExceptionHandler(JacksonException.class)
    ResponseEntity<ErrorBody> json(JacksonException e) {
        return error(
                ErrorKind.INVALID_INPUT,
                "malformed_json",
                "request body is not valid JSON: " + e.getOriginalMessage(),
                null);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ErrorBody> missingParameter(MissingServletRequestParameterException e) {
        return error(
                ErrorKind.INVALID_INPUT, "invalid_field", e.getParameterName() + ": is required", e.getParameterName());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorBody> typeMismatch(MethodArgumentTypeMismatchException e) {
        String type = e.getRequiredType() == null
                ? "value"
                : e.getRequiredType().getSimpleName().toLowerCase();
        return error(
                ErrorKind.INVALID_INPUT,
                "invalid_field",
                e.getName() + ": '" + e.getValue() + "' is not a valid " + type,
                e.getName());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody> method(HttpRequestMethodNotSupportedException e) {
        return error(ErrorKind.METHOD_NOT_ALLOWED, "method_not_allowed", e.getMessage(), null);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> mediaType(HttpMediaTypeNotSupportedException e) {
        return error(
                ErrorKind.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "send the body as application/json", null);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ErrorBody> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return error(ErrorKind.NOT_ACCEPTABLE, "not_acceptable", "this resource answers in application/json", null);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorBody> noResource(NoResourceFoundException e) {
        return error(ErrorKind.NOT_FOUND, "not_found", "no such resource: /" + e.getResourcePath(), null);
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ErrorBody> unauthenticated(AuthenticationException e) {
        return error(ErrorKind.UNAUTHORIZED, "unauthorized", "not signed in", null);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ErrorBody> denied(AccessDeniedException e) {
        return error(ErrorKind.FORBIDDEN, "forbidden", "not allowed", null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e) {
        String reference = UUID.randomUUID().toString();
        log.error("Unexpected failure, reference {}", reference, e);
        return error(ErrorKind.INTERNAL, "internal_error", "unexpected failure; reference " + reference, null);
    }

    private static ResponseEntity<ErrorBody> error(ErrorKind kind, String code, String message, String field) {
        return ResponseEntity.status(kind.status()).body(ErrorBody.of(code, message, field));
    }
}
