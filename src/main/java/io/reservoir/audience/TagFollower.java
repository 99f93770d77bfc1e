package io.reservoir.audience;

import io.reservoir.identity.CustomerErased;
import io.reservoir.identity.CustomersMerged;
import io.reservoir.platform.storage.SqlTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps tags with the person. On a merge the survivor gets the retired profile's tags and their
 * history; where both held a tag, the more recent assignment wins. On erasure the person's tags
 * and tag history go. Plain (synchronous) listeners: they run in the merging or erasing
 * transaction. An unmerge leaves the tags with the survivor (which profile earned a tag is not
 * re-derivable), as points and memberships stay.
 */
@Component
class TagFollower {

    /** One change of one holder's tag, for the history. */
    record Change(long tagId, int customerNo, String kind, String oldValue, String newValue) {}

    private record Held(String value, Instant assignedAt) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;

    TagFollower(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventListener
    void on(CustomersMerged merged) {
        long ws = merged.workspaceId();
        Map<Long, Held> loser = held(ws, merged.loser());
        if (loser.isEmpty()) {
            return;
        }
        Map<Long, Held> winner = held(ws, merged.winner());
        jdbc.update(
                "update tag_change set customer_no = ? where workspace_id = ? and customer_no = ?",
                merged.winner(),
                ws,
                merged.loser());
        List<Change> changes = new ArrayList<>();
        for (var entry : loser.entrySet()) {
            long tagId = entry.getKey();
            Held theirs = entry.getValue();
            Held ours = winner.get(tagId);
            if (ours == null) {
                jdbc.update(
                        "update customer_tag set customer_no = ? where workspace_id = ? and tag_id = ? and customer_no = ?",
                        merged.winner(),
                        ws,
                        tagId,
                        merged.loser());
                changes.add(new Change(tagId, merged.winner(), "added", null, theirs.value()));
                continue;
            }
            if (theirs.assignedAt().isAfter(ours.assignedAt()) && !Objects.equals(theirs.value(), ours.value())) {
                jdbc.update(
                        "update customer_tag set tag_value = ?, assigned_at = ? where workspace_id = ? and tag_id = ? and customer_no = ?",
                        theirs.value(),
                        SqlTime.param(theirs.assignedAt()),
                        ws,
                        tagId,
                        merged.winner());
                changes.add(new Change(tagId, merged.winner(), "changed", ours.value(), theirs.value()));
            }
            jdbc.update(
                    "delete from customer_tag where workspace_id = ? and tag_id = ? and customer_no = ?",
                    ws,
                    tagId,
                    merged.loser());
        }
        record(jdbc, ws, changes, SqlTime.now(clock), "merge of customer " + merged.loser());
    }

    @EventListener
    void on(CustomerErased erased) {
        for (String table : List.of("customer_tag", "tag_change")) {
            jdbc.update(
                    "delete from " + table + " where workspace_id = ? and customer_no = ?",
                    erased.workspaceId(),
                    erased.customerNo());
        }
    }

    private Map<Long, Held> held(long ws, int customerNo) {
        Map<Long, Held> held = new HashMap<>();
        jdbc.query(
                "select tag_id, tag_value, assigned_at from customer_tag where workspace_id = ? and customer_no = ?",
                rs -> {
                    held.put(rs.getLong(1), new Held(rs.getString(2), SqlTime.read(rs, "assigned_at")));
                },
                ws,
                customerNo);
        return held;
    }

    /** Appends changes to the tags' history. */
    static void record(JdbcTemplate jdbc, long ws, List<Change> changes, Instant at, String cause) {
        jdbc.batchUpdate(
                """
                insert into tag_change (workspace_id, tag_id, customer_no, change_kind, old_value, new_value, changed_at, cause)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                changes.stream()
                        .map(c -> new Object[] {
                            ws,
                            c.tagId(),
                            c.customerNo(),
                            c.kind(),
                            c.oldValue(),
                            c.newValue(),
                            SqlTime.param(at),
                            cause
                        })
                        .toList());
    }
}
