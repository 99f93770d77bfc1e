package io.reservoir.platform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reservoir.audience.TagKind;
import io.reservoir.audience.Tags;
import io.reservoir.audience.engine.AudienceIndex;
import io.reservoir.insight.Insight;
import io.reservoir.support.Api;
import io.reservoir.support.DemoBrand;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deleting a workspace leaves none of its rows in any table that has a {@code workspace_id}
 * column (found in the database's metadata, so a new module's tables are covered by
 * construction) and not one row of another workspace less; the in-memory state forgets it.
 */
@ReservoirIT
class WorkspaceDeletionIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    DemoBrand demoBrand;

    @Autowired
    Tags tags;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    AudienceIndex audienceIndex;

    @Autowired
    Insight insight;

    @Test
    void deletingAWorkspaceRemovesEveryRowOfItAndNoRowOfAnother() throws SQLException {
        Tenant doomed = filled();
        Tenant kept = filled();
        long ws = doomed.workspace().id();
        List<String> tables = tablesWithWorkspaceId();
        Map<String, Long> doomedBefore = settled(tables, doomed);
        Map<String, Long> keptBefore = settled(tables, kept);
        Api provider = Api.on(port).bearer(tenants.providerKey());

        Api.Reply unconfirmed = provider.delete("/api/v1/workspaces/" + ws);
        Api.Reply misconfirmed = provider.delete("/api/v1/workspaces/" + ws + "?confirm=Workspace");

        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(unconfirmed.errorField()).isEqualTo("confirm");
        assertThat(misconfirmed.errorField()).isEqualTo("confirm");
        assertThat(rows(tables, ws))
                .as("an unconfirmed deletion deletes nothing")
                .isEqualTo(doomedBefore);
        assertThat(doomedBefore.entrySet().stream()
                        .filter(e -> e.getValue() > 0)
                        .map(Map.Entry::getKey))
                .as("the doomed workspace had rows in every module's tables")
                .contains(
                        "app_user",
                        "api_key",
                        "brand",
                        "audit_log", // platform
                        "customer",
                        "customer_identity",
                        "customer_attribute", // identity
                        "event_log",
                        "customer_order",
                        "customer_relation", // ingest
                        "loyalty_program",
                        "loyalty_member",
                        "points_entry",
                        "points_account", // loyalty
                        "tag",
                        "customer_tag",
                        "segment",
                        "segment_snapshot",
                        "segment_snapshot_member"); // audience
        assertThat(audienceIndex.holds(ws)).isTrue();
        assertThat(insight.holds(ws)).isTrue();

        Api.Reply deleted = provider.delete("/api/v1/workspaces/" + ws + "?confirm="
                + ProviderWorkspacesIT.encode(doomed.workspace().name()));

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(rows(tables, ws).entrySet().stream()
                        .filter(e -> e.getValue() > 0)
                        .map(e -> e.getKey() + "=" + e.getValue()))
                .as("rows of the deleted workspace left in any table")
                .isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from workspace where id = ?", Long.class, ws))
                .isZero();
        assertThat(rows(tables, kept.workspace().id()))
                .as("the other workspace keeps every row")
                .isEqualTo(keptBefore);
        assertThat(audienceIndex.holds(ws)).as("the audience index forgets it").isFalse();
        assertThat(insight.holds(ws)).as("insight forgets its facts").isFalse();
        assertThat(provider.get("/api/v1/workspaces/" + ws).status()).isEqualTo(404);
        assertThat(Api.on(port)
                        .bearer(doomed.managementKey())
                        .get("/api/v1/brands")
                        .status())
                .isEqualTo(401);
        assertThat(Api.on(port)
                        .bearer(kept.managementKey())
                        .get("/api/v1/brands")
                        .status())
                .isEqualTo(200);
        assertThat(jdbc.queryForObject("""
                        select count(*) from audit_log where workspace_id = (select min(id) from workspace)
                           and action = 'workspace.deleted' and target_id = ?
                        """, Long.class, Long.toString(ws)))
                .as("the provider's log records the deletion")
                .isEqualTo(1);
    }

    /** A workspace with data in every module: simulated customers and orders, points, tags, a snapshot. */
    private Tenant filled() {
        Tenant tenant = tenants.aWorkspace();
        long ws = tenant.workspace().id();
        Api api = Api.on(port).bearer(tenant.managementKey());
        Api.Reply program = api.put("/api/v1/loyalty/programs/" + tenant.brand().id(), """
                {"pointsPerYuan": 1, "expiry": "end_of_next_year", "joining": {"giftPoints": 50}}
                """);
        assertThat(program.status()).as(program.body()).isEqualTo(200);
        demoBrand.simulate(tenant, 40);
        List<Integer> some = jdbc.queryForList(
                        "select customer_no from customer where workspace_id = ? order by customer_no",
                        Integer.class,
                        ws)
                .subList(0, 3);
        var vip = tags.create(tenant.admin(), "vip", TagKind.MANUAL, null, null);
        tags.assign(tenant.admin(), vip.id(), null, some, "upload");
        Api.Reply segment = api.post("/api/v1/segments", "{\"name\": \"VIP\", \"rule\": {\"tag\": \"vip\"}}");
        assertThat(segment.status()).as(segment.body()).isEqualTo(201);
        Api.Reply snapshot =
                api.post("/api/v1/segments/" + segment.json().path("id").asLong() + "/snapshots", "");
        assertThat(snapshot.status()).as(snapshot.body()).isEqualTo(201);
        assertThat(api.post("/api/v1/segments/count", "{\"tag\": \"vip\"}").status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/reports/fast?brand=" + tenant.brand().id() + "&period=2025-11")
                        .status())
                .isEqualTo(200);
        return tenant;
    }

    /** The rows once the loyalty schedule has read the whole log and nothing changes any more. */
    private Map<String, Long> settled(List<String> tables, Tenant tenant) {
        long ws = tenant.workspace().id();
        AtomicReference<Map<String, Long>> last = new AtomicReference<>(Map.of());
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(700))
                .until(() -> {
                    Map<String, Long> now = rows(tables, ws);
                    boolean same = now.equals(last.get());
                    last.set(now);
                    Long cursor = jdbc
                            .queryForList("select event_seq from points_cursor where workspace_id = ?", Long.class, ws)
                            .stream()
                            .findFirst()
                            .orElse(-1L);
                    Long end = jdbc.queryForObject(
                            "select max(seq) from event_log where workspace_id = ?", Long.class, ws);
                    return same && end != null && cursor >= end && now.get("points_entry") > 0;
                });
        return last.get();
    }

    private Map<String, Long> rows(List<String> tables, long ws) {
        Map<String, Long> rows = new TreeMap<>();
        for (String table : tables) {
            rows.put(
                    table,
                    jdbc.queryForObject("select count(*) from " + table + " where workspace_id = ?", Long.class, ws));
        }
        return rows;
    }

    /** Every table of the schema with a {@code workspace_id} column, from the database's metadata. */
    private List<String> tablesWithWorkspaceId() throws SQLException {
        TreeSet<String> tables = new TreeSet<>();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            try (ResultSet columns = meta.getColumns(null, connection.getSchema(), "%", "%")) {
                while (columns.next()) {
                    if ("workspace_id".equalsIgnoreCase(columns.getString("COLUMN_NAME"))) {
                        tables.add(columns.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
        }
        assertThat(tables).as("tables found in the metadata").hasSizeGreaterThan(25);
        return List.copyOf(tables);
    }
}
