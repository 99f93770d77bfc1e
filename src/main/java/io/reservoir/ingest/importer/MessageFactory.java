package io.reservoir.ingest.importer;

import io.reservoir.identity.IdentityType;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the Segment messages of an import with the brand and channel that apply: the command's
 * option first, then the row's {@code brand}/{@code channel} column, then the layout's default.
 */
final class MessageFactory {

    /** Columns that hold an identity: every identity type of docs/events.md, plus {@code user_id}. */
    static final Set<String> IDENTITY_COLUMNS = identityColumns();

    private final JsonMapper json;
    private final String brand;
    private final String channel;
    private final ZoneId zone;
    private final TimePattern timePattern;
    private final Money money;
    private final boolean integerIds;
    private final Map<String, Long> decimalIds = new TreeMap<>();

    MessageFactory(JsonMapper json, String brand, String channel) {
        this(json, brand, channel, Cells.ZONE, Money.none(), false);
    }

    /**
     * @param zone of times without an offset
     * @param integerIds read {@code 17850.0} in an identity column as {@code 17850}
     */
    MessageFactory(JsonMapper json, String brand, String channel, ZoneId zone, Money money, boolean integerIds) {
        this(json, brand, channel, zone, null, money, integerIds);
    }

    /** @param timePattern how the file writes its times, or null for the forms {@link Cells#time} reads */
    MessageFactory(
            JsonMapper json,
            String brand,
            String channel,
            ZoneId zone,
            TimePattern timePattern,
            Money money,
            boolean integerIds) {
        this.json = json;
        this.brand = brand;
        this.channel = channel;
        this.zone = zone;
        this.timePattern = timePattern;
        this.money = money;
        this.integerIds = integerIds;
    }

    /** A time cell read in the import's zone, as the file writes its times. */
    String time(String column, String value) {
        return timePattern == null ? Cells.time(column, value, zone) : timePattern.read(column, value, zone);
    }

    /** The currency of the row's amounts and their conversion into its brand's currency. */
    Money.Conversion money(Row row) {
        return money.of(row, brand != null ? brand : row.get("brand"));
    }

    /** Counts the row's identity values that look like {@code 17850.0}, for {@link #decimalIds}. */
    void countDecimalIds(Row row) {
        for (String column : IDENTITY_COLUMNS) {
            String value = row.get(column);
            if (value != null && Cells.integerRendering(value) != null) {
                decimalIds.merge(column, 1L, Long::sum);
            }
        }
    }

    /**
     * Identity values that look like a spreadsheet's rendering of a whole number ({@code 17850.0}),
     * by column and counted by row: kept as written unless {@code --integer-ids}.
     */
    Map<String, Long> decimalIds() {
        return decimalIds;
    }

    ObjectNode track(String messageId, String event, String timestamp, Row row) {
        ObjectNode message = base("track", messageId, timestamp, row);
        message.put("event", event);
        return message;
    }

    ObjectNode identify(String messageId, String timestamp, Row row) {
        return base("identify", messageId, timestamp, row);
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    ArrayNode array() {
        return json.createArrayNode();
    }

    /** Fills in brand and channel where the message does not name them itself. */
    void applyDefaults(ObjectNode message, Row row) {
        ObjectNode context = message.has("context") && message.get("context").isObject()
                ? (ObjectNode) message.get("context")
                : message.putObject("context");
        String b = brand != null ? brand : row.get("brand");
        String c = channel != null ? channel : row.get("channel");
        if (b != null && !context.has("brand")) {
            context.put("brand", b);
        }
        if (c != null && !context.has("channel")) {
            context.put("channel", c);
        }
    }

    private ObjectNode base(String type, String messageId, String timestamp, Row row) {
        ObjectNode message = json.createObjectNode();
        message.put("type", type);
        message.put("messageId", messageId);
        if (timestamp != null) {
            message.put("timestamp", timestamp);
        }
        ObjectNode context = message.putObject("context");
        String b = brand != null ? brand : row.get("brand");
        String c = channel != null ? channel : row.get("channel");
        if (b != null) {
            context.put("brand", b);
        }
        if (c != null) {
            context.put("channel", c);
        }
        return message;
    }

    /**
     * Puts the row's identity columns into {@code target} ({@code user_id} becomes the message's
     * {@code userId}); false when the row has none.
     */
    boolean identities(Row row, ObjectNode message, ObjectNode target) {
        boolean any = false;
        for (String column : IDENTITY_COLUMNS) {
            String value = row.get(column);
            if (value == null) {
                continue;
            }
            String integer = integerIds ? Cells.integerRendering(value) : null;
            if (integer != null) {
                value = integer;
            }
            if (column.equals("user_id")) {
                message.put("userId", value);
            } else {
                target.put(column, value);
            }
            any = true;
        }
        return any;
    }

    static RowRejected noIdentity() {
        return new RowRejected("identity", "no customer identity: fill one of " + String.join(", ", IDENTITY_COLUMNS));
    }

    private static Set<String> identityColumns() {
        Set<String> columns = new LinkedHashSet<>(List.of("member_no", "phone", "user_id"));
        for (IdentityType type : IdentityType.values()) {
            columns.add(type.id());
        }
        return java.util.Collections.unmodifiableSet(columns);
    }
}
