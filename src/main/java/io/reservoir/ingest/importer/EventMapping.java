package io.reservoir.ingest.importer;

import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Events of any kind. An NDJSON line that is a Segment message (it has a {@code type}) is taken as
 * it is, given the command's brand and channel where it names none. A CSV row (or a flat NDJSON
 * object) has the columns {@code type} (default {@code track}), {@code event}, {@code message_id},
 * {@code user_id}, {@code anonymous_id}, other identity columns, {@code timestamp}, {@code brand},
 * {@code channel}, {@code field}, and {@code properties.*}, {@code traits.*} and {@code context.*}
 * for the message's objects; a cell that holds a JSON array or object is read as JSON.
 *
 * <p>A message without its own id gets {@code import:events:} and a hash of its line.
 */
final class EventMapping implements RowMapping {

    private static final Set<String> PLAIN =
            Set.of("type", "event", "message_id", "messageId", "timestamp", "brand", "channel", "field", "name");

    private final MessageFactory messages;
    private final JsonMapper json;

    EventMapping(MessageFactory messages, JsonMapper json) {
        this.messages = messages;
        this.json = json;
    }

    @Override
    public void checkHeader(List<String> columns) {
        if (!columns.contains("event") && !columns.contains("type")) {
            throw ImportRefused.file("an events file needs the column event (or type); its columns are " + columns);
        }
    }

    @Override
    public Mapped map(List<Row> group) {
        Row row = group.get(0);
        if (row instanceof Row.Json line && line.node().has("type")) {
            ObjectNode message = line.node();
            if (!message.has("messageId") || message.get("messageId").isNull()) {
                message.put("messageId", "import:events:" + MessageIds.hash(line.line()));
            }
            messages.applyDefaults(message, row);
            return new Mapped.Messages(List.of(message));
        }
        String type = row.get("type") == null ? "track" : row.get("type");
        String id = row.get("message_id") != null ? row.get("message_id") : row.get("messageId");
        String timestamp = row.get("timestamp") == null ? null : messages.time("timestamp", row.get("timestamp"));
        String messageId = id != null ? id : "import:events:" + MessageIds.hash(row.raw());
        ObjectNode message = type.equals("track")
                ? messages.track(messageId, required(row, "event"), timestamp, row)
                : messages.identify(messageId, timestamp, row);
        message.put("type", type);
        if (!type.equals("track") && row.get("event") != null) {
            message.put("event", row.get("event"));
        }
        if (row.get("name") != null) {
            message.put("name", row.get("name"));
        }
        ObjectNode context = (ObjectNode) message.get("context");
        messages.identities(row, message, context.putObject("identities"));
        String field = row.get("field");
        if (field != null) {
            context.put("field", field);
        }
        for (String column : row.columns()) {
            if (PLAIN.contains(column) || MessageFactory.IDENTITY_COLUMNS.contains(column)) {
                continue;
            }
            int dot = column.indexOf('.');
            String value = row.get(column);
            if (dot <= 0 || value == null) {
                continue;
            }
            String object = column.substring(0, dot);
            if (!object.equals("properties") && !object.equals("traits") && !object.equals("context")) {
                continue;
            }
            ObjectNode target = message.has(object) ? (ObjectNode) message.get(object) : message.putObject(object);
            target.set(column.substring(dot + 1), value(column, value));
        }
        return new Mapped.Messages(List.of(message));
    }

    private JsonNode value(String column, String value) {
        if (value.startsWith("[") || value.startsWith("{")) {
            try {
                return json.readTree(value);
            } catch (RuntimeException e) {
                throw new RowRejected(column, "looks like JSON but is not: " + e.getMessage());
            }
        }
        return json.getNodeFactory().stringNode(value);
    }

    private static String required(Row row, String column) {
        String value = row.get(column);
        if (value == null) {
            throw new RowRejected(column, "is required for a track event");
        }
        return value;
    }
}
