package io.reservoir.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.audience.Segment;
import io.reservoir.audience.Segments;
import io.reservoir.audience.Snapshots;
import io.reservoir.platform.tenancy.Role;
import io.reservoir.platform.tenancy.User;
import io.reservoir.support.Api;
import io.reservoir.support.ConsoleSession;
import io.reservoir.support.DemoBrand;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one rule of every download of customers (segment, snapshot, the customers behind a FAST+
 * figure; API and console): admins only, each download audited before a row leaves, a refusal
 * writing nothing, and the console offering the downloads only to those who may use them.
 */
@ReservoirIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomerListsIT {

    static final String EXPORT_ACTIONS =
            "action in ('segment.exported', 'snapshot.exported', 'report.customers_exported')";

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    DemoBrand demoBrand;

    @Autowired
    Segments segments;

    @Autowired
    Snapshots snapshots;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    Tenant tenant;
    long segmentId;
    long snapshotId;

    @BeforeAll
    void brandWithAudiences() {
        tenant = tenants.aWorkspace();
        demoBrand.simulate(tenant, 60);
        Segment phones = segments.create(tenant.admin(), "phones", json.readTree("{\"identity\": \"phone\"}"));
        segmentId = phones.id();
        snapshotId = snapshots.take(tenant.admin(), segmentId).id();
    }

    /** Every console path that downloads customers. */
    List<String> consoleDownloads() {
        return List.of(
                "/audiences/" + segmentId + "/export?identities=masked",
                "/audiences/snapshots/" + snapshotId + "/export?identities=sha256",
                "/dashboard/customers.csv?brand=" + tenant.brand().id() + "&period=2025-10&figure=capital");
    }

    /** Every API path that downloads customers. */
    List<String> apiDownloads() {
        return List.of(
                "/api/v1/segments/" + segmentId + "/export?identities=md5",
                "/api/v1/snapshots/" + snapshotId + "/export",
                "/api/v1/reports/fast/customers?brand=" + tenant.brand().id()
                        + "&period=2025-10&figure=capital&format=csv");
    }

    @Test
    void onlyAdminsDownloadCustomersFromTheConsoleAndEachDownloadIsAudited() {
        for (Role role : Role.IN_WORKSPACE) {
            User user = tenants.aUser(tenant, role);
            ConsoleSession session = new ConsoleSession(port);
            session.login(user.username(), Tenants.PASSWORD);
            for (String path : consoleDownloads()) {
                long audited = audited();
                HttpResponse<String> download = session.get(path);
                if (role == Role.ADMIN) {
                    assertThat(download.statusCode()).as(path).isEqualTo(200);
                    assertThat(download.body().lines().count()).as(path).isGreaterThan(1);
                    assertThat(audited()).as(path + " is audited").isEqualTo(audited + 1);
                } else {
                    assertThat(download.statusCode()).as(role + " " + path).isEqualTo(403);
                    assertThat(audited())
                            .as(role + " " + path + ": a refusal writes nothing")
                            .isEqualTo(audited);
                }
            }
        }
    }

    @Test
    void theApiDownloadsCustomersForManagementKeysOnlyWithTheRowCountAndAnAuditEntry() {
        Api management = Api.on(port).bearer(tenant.managementKey());
        Api write = Api.on(port).bearer(tenant.writeKey());
        for (String path : apiDownloads()) {
            long audited = audited();
            Api.Reply download = management.get(path);
            assertThat(download.status()).as(path).isEqualTo(200);
            long rows = download.body().lines().count() - 1;
            assertThat(rows).as(path).isPositive();
            if (download.headers().firstValue("X-Row-Count").isPresent()) {
                assertThat(download.headers().firstValue("X-Row-Count")).hasValue(Long.toString(rows));
            }
            assertThat(audited()).as(path + " is audited").isEqualTo(audited + 1);

            assertThat(write.get(path).status()).as("a write key on " + path).isIn(401, 403);
            assertThat(audited()).isEqualTo(audited + 1);
        }
    }

    @Test
    void theConsoleOffersDownloadsOnlyToThoseWhoMayDownload() {
        String drill = "/dashboard/customers?brand=" + tenant.brand().id() + "&period=2025-10&figure=capital";
        for (Role role : List.of(Role.ADMIN, Role.OPERATOR, Role.ANALYST)) {
            User user = tenants.aUser(tenant, role);
            ConsoleSession session = new ConsoleSession(port);
            session.login(user.username(), Tenants.PASSWORD);
            boolean offered = role == Role.ADMIN;
            assertThat(session.get(drill).body().contains("id=\"download-csv\""))
                    .as(role + " on the customers behind a figure")
                    .isEqualTo(offered);
            assertThat(session.get("/audiences/" + segmentId).body().contains("id=\"export-card\""))
                    .as(role + " on the segment page")
                    .isEqualTo(offered);
        }
    }

    private long audited() {
        return jdbc.queryForObject(
                "select count(*) from audit_log where workspace_id = ? and " + EXPORT_ACTIONS,
                Long.class,
                tenant.workspace().id());
    }
}
