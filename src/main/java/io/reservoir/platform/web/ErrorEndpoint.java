package io.reservoir.platform.web;

import io.reservoir.platform.errors.ErrorBody;
import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ErrorResponses;
import io.reservoir.platform.errors.ReservoirException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers what reaches the servlet container's error page — unknown paths, unsupported methods,
 * failures outside any controller — in the same error shape as the controllers, or as an HTML
 * page for a browser on the console.
 */
@Controller
class ErrorEndpoint implements ErrorController {

    private final ErrorResponses errors;

    ErrorEndpoint(ErrorResponses errors) {
        this.errors = errors;
    }

    @RequestMapping(value = "/error", produces = MediaType.TEXT_HTML_VALUE)
    ModelAndView page(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Resolved error = resolve(request, response);
        if (isApi(request)) {
            errors.write(response, error.kind(), error.code(), error.message(), error.field());
            return null;
        }
        var page = new ModelAndView("error", HttpStatus.valueOf(error.kind().status()));
        page.addObject("status", error.kind().status());
        page.addObject("code", error.code());
        page.addObject("message", error.message());
        return page;
    }

    @RequestMapping("/error")
    ResponseEntity<ErrorBody> json(HttpServletRequest request, HttpServletResponse response) {
        Resolved error = resolve(request, response);
        return ResponseEntity.status(error.kind().status())
                .body(ErrorBody.of(error.code(), error.message(), error.field()));
    }

    private static boolean isApi(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return uri instanceof String path && (path.startsWith("/api/") || path.startsWith("/v1/"));
    }

    private record Resolved(ErrorKind kind, String code, String message, String field) {}

    private static Resolved resolve(HttpServletRequest request, HttpServletResponse response) {
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        // The container hands over what left the servlet, usually a ServletException around ours.
        for (Throwable t = exception instanceof Throwable thrown ? thrown : null; t != null; t = t.getCause()) {
            if (t instanceof ReservoirException e) {
                return new Resolved(e.kind(), e.code(), e.getMessage(), e.field());
            }
        }
        Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = statusAttribute instanceof Integer code ? code : 500;
        ErrorKind kind = Arrays.stream(ErrorKind.values())
                .filter(k -> k.status() == status)
                .findFirst()
                .orElse(status >= 500 ? ErrorKind.INTERNAL : ErrorKind.INVALID_INPUT);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String message = switch (kind) {
            case NOT_FOUND -> "no such resource: " + uri;
            case METHOD_NOT_ALLOWED -> "method not allowed on " + uri;
            // Spring names the types of an endpoint that takes more than JSON (a CSV upload) in Accept.
            case UNSUPPORTED_MEDIA_TYPE ->
                "send the body as "
                        + (response.getHeader("Accept") == null
                                ? "application/json"
                                : response.getHeader("Accept").replace(", ", " or "));
            case PAYLOAD_TOO_LARGE -> "request body is too large";
            case INTERNAL -> "unexpected failure";
            default -> HttpStatus.valueOf(status).getReasonPhrase();
        };
        return new Resolved(kind, kind.name().toLowerCase(), message, null);
    }
}
