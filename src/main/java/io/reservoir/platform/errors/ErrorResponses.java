package io.reservoir.platform.errors;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes the error shape straight to a servlet response, for code that runs before MVC (filters). */
@Component
public class ErrorResponses {

    private final JsonMapper json;

    ErrorResponses(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletResponse response, ErrorKind kind, String code, String message) throws IOException {
        write(response, kind, code, message, null);
    }

    public void write(HttpServletResponse response, ErrorKind kind, String code, String message, String field)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(kind.status());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.writeValueAsString(ErrorBody.of(code, message, field)));
        response.flushBuffer();
    }
}
