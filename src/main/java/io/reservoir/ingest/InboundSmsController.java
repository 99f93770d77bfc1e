package io.reservoir.ingest;

import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replies to text messages (上行短信), posted by the SMS provider's callback with the write key. Each
 * reply is logged as {@code SMS Replied}; a reply of {@code TD}, {@code T} or {@code 退订} also
 * withdraws the sender's SMS consent, through the same intake as every other event, so that a
 * provider's retry changes nothing.
 *
 * <p>Accepts one reply or an array of them, with Reservoir's names ({@code phone}, {@code text},
 * {@code messageId}, {@code timestamp}) or Aliyun's ({@code phone_number}, {@code content},
 * {@code sequence_id}, {@code send_time}).
 */
@RestController
@RequestMapping("/v1/inbound")
class InboundSmsController {

    /** Replies that mean "stop", compared after trimming, upper-casing and dropping punctuation. */
    static final Set<String> UNSUBSCRIBE = Set.of("TD", "T", "退订", "退订TD", "TD退订");

    private final IntakeService intake;
    private final ProjectionBarrier barrier;
    private final JsonMapper json;

    InboundSmsController(IntakeService intake, ProjectionBarrier barrier, JsonMapper json) {
        this.barrier = barrier;
        this.intake = intake;
        this.json = json;
    }

    record Reply(int index, boolean unsubscribed) {}

    @PostMapping("/sms")
    Map<String, Object> sms(
            Caller caller,
            @RequestBody JsonNode body,
            @RequestParam(required = false) String brand,
            HttpServletRequest request,
            HttpServletResponse response) {
        List<JsonNode> replies = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(replies::add);
        } else {
            replies.add(body);
        }
        if (replies.isEmpty() || replies.size() > 1_000) {
            throw ReservoirException.invalid("body", "must hold 1 to 1,000 replies");
        }
        List<JsonNode> messages = new ArrayList<>();
        int unsubscribed = 0;
        for (int i = 0; i < replies.size(); i++) {
            String at = body.isArray() ? "[" + i + "]." : "";
            JsonNode reply = replies.get(i);
            if (!reply.isObject()) {
                throw ReservoirException.invalid(body.isArray() ? "[" + i + "]" : "body", "must be an object");
            }
            String phone = first(reply, at, true, "phone", "phone_number", "mobile");
            String text = first(reply, at, true, "text", "content");
            String time = first(reply, at, false, "timestamp", "send_time");
            String id = first(reply, at, false, "messageId", "sequence_id");
            String messageId = "sms:" + (id != null ? id : digest(phone + "\n" + time + "\n" + text));
            boolean stop = isUnsubscribe(text);

            ObjectNode replied = message("track", messageId, time);
            replied.put("event", "SMS Replied");
            replied.putObject("context")
                    .put("channel", "sms")
                    .putObject("traits")
                    .put("phone", phone);
            if (brand != null) {
                ((ObjectNode) replied.get("context")).put("brand", brand);
            }
            replied.putObject("properties").put("text", text).put("unsubscribe", stop);
            messages.add(replied);
            if (stop) {
                unsubscribed++;
                ObjectNode consent = message("identify", messageId + ":consent", time);
                ObjectNode traits = consent.putObject("traits");
                traits.put("phone", phone);
                traits.putObject("consent").put("sms", false);
                if (brand != null) {
                    consent.putObject("context").put("brand", brand);
                }
                messages.add(consent);
            }
        }
        barrier.acknowledged(caller, intake.accept(caller.workspaceId(), messages, null, "", null), request, response);
        return Map.of("success", true, "replies", replies.size(), "unsubscribed", unsubscribed);
    }

    static boolean isUnsubscribe(String text) {
        String normalised = text.strip().toUpperCase(Locale.ROOT).replaceAll("[\\p{Punct}\\p{IsPunctuation}\\s]", "");
        return UNSUBSCRIBE.contains(normalised);
    }

    private ObjectNode message(String type, String messageId, String time) {
        ObjectNode message = json.createObjectNode();
        message.put("type", type);
        message.put("messageId", messageId);
        if (time != null) {
            message.put("timestamp", providerTime(time));
        }
        return message;
    }

    /** Aliyun sends "2026-11-22 10:00:00" (Beijing time); ISO-8601 passes through. */
    private static String providerTime(String time) {
        return time.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}") ? time.replace(' ', 'T') + "+08:00" : time;
    }

    private static String first(JsonNode reply, String at, boolean required, String... names) {
        for (String name : names) {
            JsonNode value = reply.get(name);
            if (value != null && !value.isNull()) {
                if (!value.isValueNode() || value.asString().isBlank()) {
                    throw ReservoirException.invalid(at + name, "must be a non-empty text");
                }
                return value.asString().strip();
            }
        }
        if (required) {
            throw ReservoirException.invalid(at + names[0], "is required");
        }
        return null;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
