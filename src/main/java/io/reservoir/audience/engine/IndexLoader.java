package io.reservoir.audience.engine;

import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Reads the tables behind the index: the whole workspace on start, a set of customers when their
 * state changed, and the event log after the index's cursor. Rows are streamed, never listed.
 */
final class IndexLoader {

    private final JdbcTemplate jdbc;
    private final AudienceSettings settings;

    IndexLoader(JdbcTemplate jdbc, AudienceSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** Loads the state of every customer of the workspace (events: see {@link #tail}). */
    void loadAll(WorkspaceIndex index) {
        state(index, null);
    }

    /** Reloads the state of {@code customerNos} (whose rows changed) from the database. */
    void reload(WorkspaceIndex index, Collection<Integer> customerNos) {
        if (customerNos.isEmpty()) {
            return;
        }
        index.forget(customerNos);
        state(index, customerNos);
    }

    /** Reloads the events of {@code customerNos} (moved by a merge or an unmerge). */
    void reloadEvents(WorkspaceIndex index, Collection<Integer> customerNos) {
        if (customerNos.isEmpty()) {
            return;
        }
        index.forgetEvents(customerNos);
        // from the keys to the log's index by customer, as in state(): see there
        jdbc.query(
                """
                select e.seq, e.customer_no, e.event_name, e.occurred_at, e.brand_id, e.channel, e.field, o.paid_fen
                  from unnest(cast(? as integer array)) as k(no)
                  join event_log e on e.workspace_id = ? and e.customer_no = k.no
                  left join customer_order o on o.workspace_id = e.workspace_id and o.message_id = e.message_id
                 where e.msg_type = 'track' and e.occurred_at > ? and e.seq <= ?""",
                (RowCallbackHandler) rs -> addEvent(index, rs),
                SqlArrays.integers(customerNos),
                index.workspaceId,
                SqlTime.param(Micros.instant(index.eventHorizon)),
                index.logCursor);
    }

    /**
     * Indexes the events logged after the cursor; returns the customers they name, whose state
     * may have changed with them.
     */
    Set<Integer> tail(WorkspaceIndex index, int limit) {
        Set<Integer> touched = new HashSet<>();
        long[] last = {index.logCursor};
        jdbc.query(
                """
                select e.seq, e.customer_no, e.msg_type, e.event_name, e.occurred_at, e.brand_id, e.channel, e.field,
                       o.paid_fen
                  from event_log e
                  left join customer_order o on o.workspace_id = e.workspace_id and o.message_id = e.message_id
                 where e.workspace_id = ? and e.seq > ?
                 order by e.workspace_id, e.seq fetch first ? rows only
                """,
                (RowCallbackHandler) rs -> {
                    last[0] = rs.getLong("seq");
                    touched.add(rs.getInt("customer_no"));
                    if ("track".equals(rs.getString("msg_type"))) {
                        addEvent(index, rs);
                    }
                },
                index.workspaceId,
                index.logCursor,
                limit);
        index.logCursor = last[0];
        return touched;
    }

    /** The newest sequence number of the workspace's log (where a fresh index starts tailing). */
    long logEnd(long workspaceId) {
        Long end =
                jdbc.queryForObject("select max(seq) from event_log where workspace_id = ?", Long.class, workspaceId);
        return end == null ? 0 : end;
    }

    /** Indexes every tracked event up to {@code until} within the horizon. */
    void loadEvents(WorkspaceIndex index, long until) {
        events(index, " and e.seq <= ?", new Object[] {index.workspaceId, until});
        index.logCursor = until;
    }

    private void events(WorkspaceIndex index, String filter, Object[] args) {
        Object[] all = new Object[args.length + 1];
        all[0] = args[0];
        all[1] = SqlTime.param(Micros.instant(index.eventHorizon));
        System.arraycopy(args, 1, all, 2, args.length - 1);
        jdbc.query("""
                select e.seq, e.customer_no, e.event_name, e.occurred_at, e.brand_id, e.channel, e.field, o.paid_fen
                  from event_log e
                  left join customer_order o on o.workspace_id = e.workspace_id and o.message_id = e.message_id
                 where e.workspace_id = ? and e.msg_type = 'track' and e.occurred_at > ?""" + filter, (RowCallbackHandler) rs -> addEvent(index, rs), all);
    }

    private void addEvent(WorkspaceIndex index, ResultSet rs) throws SQLException {
        String name = rs.getString("event_name");
        if (name == null || !settings.indexedEvents().contains(name)) {
            return;
        }
        Instant at = SqlTime.read(rs, "occurred_at");
        long micros = Micros.of(at);
        if (micros <= index.eventHorizon) {
            return;
        }
        long brand = rs.getLong("brand_id");
        long paid = rs.getLong("paid_fen");
        index.event(
                name,
                rs.getInt("customer_no"),
                micros,
                paid,
                brand,
                (int) at.atZone(zone(index, brand)).toLocalDate().toEpochDay(),
                rs.getString("channel"),
                rs.getString("field"));
    }

    private ZoneId zone(WorkspaceIndex index, long brand) {
        ZoneId zone = index.zones.get(brand);
        if (zone == null) { // a brand created since the zones were read
            jdbc.query(
                    "select id, time_zone from brand where workspace_id = ?",
                    (RowCallbackHandler) rs -> index.zones.put(rs.getLong(1), ZoneId.of(rs.getString(2))),
                    index.workspaceId);
            zone = index.zones.computeIfAbsent(brand, b -> ZoneId.of("Asia/Shanghai"));
        }
        return zone;
    }

    /**
     * Loads the state of {@code customerNos}, or of the whole workspace when null. For a set of
     * customers the rows are reached from the keys ({@code unnest(…) join … on customer_no}):
     * {@code customer_no in (select … from unnest(…))} makes H2 rebuild the key list for every row
     * of the workspace.
     */
    private void state(WorkspaceIndex index, Collection<Integer> customerNos) {
        Rows rows = new Rows(index.workspaceId, customerNos);
        rows.read("customer_no", "customer", "t.status = 'active'", rs -> index.active.add(rs.getInt(1)));
        int maxDistinct = settings.maxAttributeValues();
        rows.read(
                "customer_no, t.name, t.attr_value",
                "customer_attribute",
                null,
                rs -> index.attribute(rs.getInt(1), rs.getString(2), rs.getString(3), maxDistinct));
        rows.read(
                "customer_no, t.id_type",
                "customer_identity",
                null,
                rs -> index.identity(rs.getInt(1), rs.getString(2)));
        rows.read(
                "customer_no, t.brand_id, t.field",
                "customer_relation",
                "t.until is null",
                rs -> index.relation(rs.getInt(1), rs.getLong(2), rs.getString(3)));
        rows.read(
                "customer_no, t.brand_id, t.tier_code",
                "loyalty_member",
                "t.left_at is null",
                rs -> index.member(rs.getInt(1), rs.getLong(2), rs.getString(3)));
        rows.read(
                "customer_no, t.brand_id, t.balance",
                "points_account",
                null,
                rs -> index.points(rs.getInt(1), rs.getLong(2), rs.getLong(3)));
        rows.read(
                "customer_no, t.channel, t.granted",
                "customer_consent",
                null,
                rs -> index.consent(rs.getInt(1), rs.getString(2), rs.getBoolean(3)));
        rows.read(
                "customer_no, t.tag_id, t.tag_value",
                "customer_tag",
                null,
                rs -> index.tag(rs.getInt(1), rs.getLong(2), rs.getString(3)));
    }

    /** The rows of one workspace, of all its customers or of some ({@code customerNos}). */
    private final class Rows {

        private final long workspaceId;
        private final Collection<Integer> customerNos;

        Rows(long workspaceId, Collection<Integer> customerNos) {
            this.workspaceId = workspaceId;
            this.customerNos = customerNos;
        }

        /** {@code select t.<columns> from <table> t where <condition>}, a row at a time. */
        void read(String columns, String table, String condition, RowCallbackHandler row) {
            String where = condition == null ? "" : " and " + condition;
            if (customerNos == null) {
                jdbc.query(
                        "select t." + columns + " from " + table + " t where t.workspace_id = ?" + where,
                        row,
                        workspaceId);
            } else {
                jdbc.query(
                        "select t." + columns + " from unnest(cast(? as integer array)) as k(no) join " + table
                                + " t on t.workspace_id = ? and t.customer_no = k.no where 1 = 1" + where,
                        row,
                        SqlArrays.integers(customerNos),
                        workspaceId);
            }
        }
    }
}
