package io.reservoir.ingest;

import io.reservoir.identity.IdentityType;
import io.reservoir.identity.IdentityValue;
import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.vault.PiiVault;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The messages the projection reads from the log, as the first stage validated them. Messages this
 * node logged are kept in memory until they are projected (at most {@link #MAX_KEPT}, then the rest
 * are read back); others — logged before a restart or by another node — are read back from the
 * log: the stored payload, with the identities unsealed from the log's column.
 */
@Component
class LoggedMessages {

    /** Messages kept in memory between the stages; beyond it the projection reads them back. */
    static final int MAX_KEPT = 200_000;

    private static final Logger log = LoggerFactory.getLogger(LoggedMessages.class);

    private record Key(long workspaceId, String messageId) {}

    private final Map<Key, Incoming> kept = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final JdbcTemplate jdbc;
    private final PiiVault vault;
    private final MessageParser parser;

    LoggedMessages(JdbcTemplate jdbc, PiiVault vault, JsonMapper json, BrandDirectory brands) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.parser = new MessageParser(json, brands);
    }

    void remember(long workspaceId, List<Incoming> messages) {
        for (Incoming m : messages) {
            if (size.get() >= MAX_KEPT) {
                return;
            }
            if (kept.put(new Key(workspaceId, m.messageId()), m) == null) {
                size.incrementAndGet();
            }
        }
    }

    void forget(long workspaceId, Collection<String> messageIds) {
        for (String id : messageIds) {
            if (kept.remove(new Key(workspaceId, id)) != null) {
                size.decrementAndGet();
            }
        }
    }

    void forgetWorkspace(long workspaceId) {
        kept.keySet().removeIf(k -> {
            if (k.workspaceId() != workspaceId) {
                return false;
            }
            size.decrementAndGet();
            return true;
        });
    }

    /** The messages with these ids, in the same order: from memory, else read back from the log. */
    List<Incoming> read(long workspaceId, List<String> messageIds) {
        List<Incoming> messages = new ArrayList<>(messageIds.size());
        List<String> missing = new ArrayList<>();
        for (String id : messageIds) {
            Incoming m = kept.get(new Key(workspaceId, id));
            messages.add(m);
            if (m == null) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            Map<String, Incoming> readBack = readBack(workspaceId, missing);
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i) == null) {
                    messages.set(i, readBack.get(messageIds.get(i)));
                }
            }
        }
        return messages;
    }

    private Map<String, Incoming> readBack(long workspaceId, List<String> messageIds) {
        Map<String, Incoming> found = new HashMap<>();
        jdbc.query(
                """
                select e.message_id, e.msg_type, e.event_name, e.brand_id, e.channel, e.field,
                       e.occurred_at, e.received_at, e.identity_keys, e.payload
                  from unnest(cast(? as varchar array)) as k(id)
                  join event_log e on e.workspace_id = ? and e.message_id = k.id
                """,
                rs -> {
                    String id = rs.getString("message_id");
                    Instant occurred = SqlTime.read(rs, "occurred_at");
                    Instant received = SqlTime.read(rs, "received_at");
                    List<IdentityValue> identities = identities(rs.getString("identity_keys"));
                    String payload = rs.getString("payload");
                    Incoming message;
                    try {
                        message = parser.reread(
                                workspaceId, received, new MessageParser.Logged(id, occurred, identities, payload));
                    } catch (RuntimeException unreadable) {
                        // valid when logged, refused by today's rules (a brand since removed): its
                        // customer is still resolved and its row kept, its facts are not projected
                        log.warn("Logged message {} no longer reads as valid: {}", id, unreadable.getMessage());
                        message = new Incoming(
                                "",
                                rs.getString("msg_type"),
                                id,
                                rs.getString("event_name"),
                                occurred,
                                received,
                                rs.getLong("brand_id"),
                                rs.getString("channel"),
                                rs.getString("field"),
                                identities,
                                Map.of(),
                                Map.of(),
                                null,
                                null,
                                null,
                                payload);
                    }
                    found.put(id, message);
                },
                SqlArrays.varchars(messageIds),
                workspaceId);
        return found;
    }

    /** The identities the log keeps sealed, "type:value" per line, in order of precedence. */
    private List<IdentityValue> identities(String sealed) {
        List<IdentityValue> identities = new ArrayList<>();
        for (String line : vault.open(sealed).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                IdentityType.of(line.substring(0, colon))
                        .ifPresent(type -> identities.add(new IdentityValue(type, line.substring(colon + 1))));
            }
        }
        return identities;
    }
}
