package io.reservoir.ingest;

import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.reads.ReadBarrier;
import io.reservoir.platform.tenancy.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Segment-compatible HTTP API (docs/events.md). Bodies are read as bytes whatever their
 * content type: browser clients send JSON as {@code text/plain} to avoid a CORS preflight. A call
 * is answered once its messages are in the event log, with their log position in the {@value
 * ReadBarrier#AFTER_HEADER} header; the caller's next reads wait for their projection.
 */
@RestController
@RequestMapping("/v1")
class SegmentController {

    static final int MAX_BATCH_BYTES = 500 * 1024;
    static final int MAX_BATCH_EVENTS = 2_500;
    private static final Map<String, Boolean> SUCCESS = Map.of("success", true);

    private final IntakeService intake;
    private final ProjectionBarrier barrier;
    private final JsonMapper json;

    SegmentController(IntakeService intake, ProjectionBarrier barrier, JsonMapper json) {
        this.intake = intake;
        this.barrier = barrier;
        this.json = json;
    }

    // Segment's libraries post to "v1/import/" and the like: the trailing slash is part of the API.
    @PostMapping({
        "/track",
        "/identify",
        "/page",
        "/screen",
        "/group",
        "/alias",
        "/track/",
        "/identify/",
        "/page/",
        "/screen/",
        "/group/",
        "/alias/"
    })
    Map<String, Boolean> single(Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        byte[] body = body(request);
        if (body.length > MessageParser.MAX_ORDER_EVENT_BYTES) { // the parser applies each event's own limit
            throw ReservoirException.tooLarge(
                    null,
                    "event is " + body.length + " bytes; at most " + MessageParser.MAX_ORDER_EVENT_BYTES
                            + " per order and " + MessageParser.MAX_EVENT_BYTES + " per other event");
        }
        String path = request.getRequestURI();
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String type = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        Intake.Accepted accepted = intake.accept(caller.workspaceId(), List.of(json.readTree(body)), type, "", null);
        barrier.acknowledged(caller, accepted, request, response);
        return SUCCESS;
    }

    @PostMapping({"/batch", "/import", "/batch/", "/import/"})
    Map<String, Boolean> batch(Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        byte[] body = body(request);
        if (body.length > MAX_BATCH_BYTES) {
            throw ReservoirException.tooLarge(
                    null, "batch is " + body.length + " bytes; at most " + MAX_BATCH_BYTES + " per call");
        }
        JsonNode root = json.readTree(body);
        if (!root.isObject()) {
            throw ReservoirException.invalid("body", "must be a JSON object with a batch array");
        }
        JsonNode batch = root.get("batch");
        if (batch == null || !batch.isArray()) {
            throw ReservoirException.invalid("batch", "is required: an array of messages");
        }
        if (batch.size() > MAX_BATCH_EVENTS) {
            throw ReservoirException.tooLarge(
                    "batch", "has " + batch.size() + " messages; at most " + MAX_BATCH_EVENTS);
        }
        Instant sentAt = null;
        JsonNode sent = root.get("sentAt");
        if (sent != null && sent.isString()) {
            sentAt = Timestamps.parse("sentAt", sent.asString());
        }
        List<JsonNode> messages = new ArrayList<>(batch.size());
        batch.forEach(messages::add);
        barrier.acknowledged(
                caller, intake.accept(caller.workspaceId(), messages, null, "batch", sentAt), request, response);
        return SUCCESS;
    }

    /**
     * The raw body, whatever the declared content type: read from the stream, so that even a
     * {@code curl -d} (sent as a form) arrives as the JSON it is.
     */
    private static byte[] body(HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readAllBytes();
        if (body.length == 0) {
            throw ReservoirException.invalid("body", "is empty: send the message as JSON");
        }
        return body;
    }
}
