package io.reservoir.ingest;

import io.reservoir.identity.CustomerRef;
import io.reservoir.identity.Customers;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.tenancy.Caller;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A customer's events, newest first, from the event log: for the API and the console. */
@Service
public class CustomerTimeline {

    static final int MAX_PAGE = 200;

    private final Customers customers;
    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    CustomerTimeline(Customers customers, JdbcTemplate jdbc, JsonMapper json) {
        this.customers = customers;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One logged event as the timeline shows it (phone numbers and e-mails masked as logged). */
    public record Event(
            String messageId,
            String type,
            String event,
            Instant occurredAt,
            long brandId,
            String channel,
            String field,
            JsonNode properties,
            JsonNode traits) {}

    /** A page of events; {@code next} is the cursor of the following page, null at the end. */
    public record Page(List<Event> items, String next) {}

    /** {@code before} is the {@code next} cursor of the previous page. */
    @Transactional(readOnly = true)
    public Page page(Caller caller, String id, String before, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ReservoirException.invalid("limit", "must be between 1 and " + MAX_PAGE);
        }
        CustomerRef customer = customers.get(caller, id);
        Cursor cursor = Cursor.parse(before);
        List<Row> rows = jdbc.query(
                """
                select seq, message_id, msg_type, event_name, occurred_at, brand_id, channel, field, payload
                  from event_log
                 where workspace_id = ? and customer_no = ?
                   and (? or occurred_at < ? or (occurred_at = ? and seq < ?))
                 order by occurred_at desc, seq desc
                 fetch first ? rows only
                """,
                (rs, n) -> new Row(rs.getLong("seq"), SqlTime.read(rs, "occurred_at"), event(rs)),
                caller.workspaceId(),
                customer.customerNo(),
                cursor == null,
                cursor == null ? null : SqlTime.param(cursor.at()),
                cursor == null ? null : SqlTime.param(cursor.at()),
                cursor == null ? 0L : cursor.seq(),
                limit);
        String next = rows.size() == limit
                ? new Cursor(rows.get(limit - 1).at(), rows.get(limit - 1).seq()).toString()
                : null;
        return new Page(rows.stream().map(Row::event).toList(), next);
    }

    private Event event(java.sql.ResultSet rs) throws java.sql.SQLException {
        JsonNode payload = json.readTree(rs.getString("payload"));
        return new Event(
                rs.getString("message_id"),
                rs.getString("msg_type"),
                rs.getString("event_name"),
                SqlTime.read(rs, "occurred_at"),
                rs.getLong("brand_id"),
                rs.getString("channel"),
                rs.getString("field"),
                payload.get("properties"),
                payload.get("traits"));
    }

    private record Row(long seq, Instant at, Event event) {}

    private record Cursor(Instant at, long seq) {
        static Cursor parse(String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            int dash = text.lastIndexOf('_');
            try {
                return new Cursor(Instant.parse(text.substring(0, dash)), Long.parseLong(text.substring(dash + 1)));
            } catch (RuntimeException e) {
                throw ReservoirException.invalid("before", "is not a cursor from a previous page");
            }
        }

        @Override
        public String toString() {
            return at + "_" + seq;
        }
    }
}
