package io.reservoir.audience.engine;

import io.reservoir.identity.ProfileRows;
import io.reservoir.ingest.EventLog;
import io.reservoir.ingest.EventLog.Reading;
import io.reservoir.ingest.LoggedEvent;
import io.reservoir.ingest.RelationRows;
import io.reservoir.loyalty.MemberRows;
import io.reservoir.platform.storage.CustomerRows;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads what the index holds from the modules that own it: the whole workspace on start, a set of
 * customers when their state changed (identity's, the intake's and loyalty's bulk readers, and the
 * tags), and the event log ({@link EventLog}) after the index's cursor. Rows are streamed, never
 * listed.
 */
@Component
class IndexLoader {

    private final JdbcTemplate jdbc;
    private final EventLog log;
    private final ProfileRows profiles;
    private final RelationRows relations;
    private final MemberRows members;
    private final Brands brands;
    private final AudienceSettings settings;

    IndexLoader(
            JdbcTemplate jdbc,
            EventLog log,
            ProfileRows profiles,
            RelationRows relations,
            MemberRows members,
            Brands brands,
            AudienceSettings settings) {
        this.jdbc = jdbc;
        this.log = log;
        this.profiles = profiles;
        this.relations = relations;
        this.members = members;
        this.brands = brands;
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
        log.scan(index.workspaceId, indexed(index).ofCustomers(customerNos), e -> addEvent(index, e));
    }

    /**
     * Indexes the events logged after the cursor; returns the customers they name, whose state
     * may have changed with them.
     */
    Set<Integer> tail(WorkspaceIndex index, int limit) {
        Set<Integer> touched = new HashSet<>();
        List<LoggedEvent> events =
                log.next(index.workspaceId, Reading.everything().after(index.logCursor), limit);
        for (LoggedEvent e : events) {
            touched.add(e.customerNo());
            if (e.isTrack()) {
                addEvent(index, e);
            }
        }
        if (!events.isEmpty()) {
            index.logCursor = events.get(events.size() - 1).seq();
        }
        return touched;
    }

    /** The newest sequence number of the workspace's log (where a fresh index starts tailing). */
    long logEnd(long workspaceId) {
        return log.end(workspaceId);
    }

    /** Indexes every tracked event up to {@code until} within the horizon. */
    void loadEvents(WorkspaceIndex index, long until) {
        index.logCursor = until;
        log.scan(index.workspaceId, indexed(index), e -> addEvent(index, e));
    }

    /** The tracked events within the horizon, up to the cursor: what the index holds. */
    private static Reading indexed(WorkspaceIndex index) {
        return Reading.everything()
                .tracks()
                .occurredAfter(Micros.instant(index.eventHorizon))
                .through(index.logCursor);
    }

    private void addEvent(WorkspaceIndex index, LoggedEvent e) {
        if (e.name() == null || !settings.indexedEvents().contains(e.name())) {
            return;
        }
        long micros = Micros.of(e.at());
        if (micros <= index.eventHorizon) {
            return;
        }
        long brand = e.brandId();
        index.event(
                e.name(),
                e.customerNo(),
                micros,
                amount(e),
                brand,
                (int) e.at().atZone(zone(index, brand)).toLocalDate().toEpochDay(),
                e.channel(),
                e.field());
    }

    /** What an order paid, or what a refund (of an order or of the customer) refunded; else 0. */
    private static long amount(LoggedEvent e) {
        if (e.order() != null) {
            return e.order().paidFen();
        }
        return e.refund() == null ? 0 : e.refund().amountFen();
    }

    private ZoneId zone(WorkspaceIndex index, long brand) {
        // events count on the brand's calendar days
        return index.zones.computeIfAbsent(
                brand,
                b -> ZoneId.of(brands.get(Caller.system(index.workspaceId), b).timeZone()));
    }

    /** Loads the state of {@code customerNos}, or of the whole workspace when null, from its owners. */
    private void state(WorkspaceIndex index, Collection<Integer> customerNos) {
        long ws = index.workspaceId;
        int maxDistinct = settings.maxAttributeValues();
        profiles.active(ws, customerNos, index.active::add);
        profiles.attributes(ws, customerNos, (no, name, value) -> index.attribute(no, name, value, maxDistinct));
        profiles.identityTypes(ws, customerNos, index::identity);
        relations.open(ws, customerNos, index::relation);
        members.memberships(ws, customerNos, index::member);
        members.balances(ws, customerNos, index::points);
        profiles.consent(ws, customerNos, index::consent);
        new CustomerRows(jdbc, ws, customerNos)
                .read(
                        "t.customer_no, t.tag_id, t.tag_value",
                        "customer_tag",
                        null,
                        rs -> index.tag(rs.getInt(1), rs.getLong(2), rs.getString(3)));
    }
}
