package io.reservoir.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.platform.audit.AuditLog;
import io.reservoir.support.Api;
import io.reservoir.support.ConsoleSession;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The service provider creates, lists, suspends and resumes its clients' workspaces (SPEC §1). */
@ReservoirIT
class ProviderWorkspacesIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AuditLog audit;

    Api provider;

    @BeforeEach
    void providerKey() {
        provider = Api.on(port).bearer(tenants.providerKey());
    }

    @Test
    void onlyTheProviderKeyReachesTheWorkspacesApi() {
        Tenant client = tenants.aWorkspace();
        Api management = Api.on(port).bearer(client.managementKey());

        assertThat(management.get("/api/v1/workspaces").status()).isEqualTo(403);
        assertThat(management.post("/api/v1/workspaces", "{\"name\":\"Mine\"}").status())
                .isEqualTo(403);
        assertThat(management
                        .get("/api/v1/workspaces/" + client.workspace().id())
                        .status())
                .isEqualTo(403);
        assertThat(management
                        .patch("/api/v1/workspaces/" + client.workspace().id(), "{\"suspended\":true}")
                        .status())
                .isEqualTo(403);
        assertThat(management
                        .delete("/api/v1/workspaces/" + client.workspace().id() + "?confirm=x")
                        .status())
                .isEqualTo(403);
        assertThat(Api.on(port)
                        .basic(client.writeKey())
                        .get("/api/v1/workspaces")
                        .status())
                .isEqualTo(403);
        assertThat(Api.on(port).get("/api/v1/workspaces").status()).isEqualTo(401);
        assertThat(provider.get("/api/v1/brands").status())
                .as("the provider key manages workspaces, nothing inside them")
                .isEqualTo(403);
        assertThat(Api.on(port)
                        .bearer(client.managementKey())
                        .get("/api/v1/workspace")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void theProviderCreatesAWorkspaceWithItsAdminAndKeysShownOnce() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Api.Reply created = provider.post("/api/v1/workspaces", """
                {"name": "Client %s", "admin": {"username": "client-%s", "password": "client-password-1"},
                 "keys": ["management", "write"]}
                """.formatted(tag, tag));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode body = created.json();
        long id = body.path("workspace").path("id").asLong();
        assertThat(body.path("workspace").path("status").asString()).isEqualTo("active");
        assertThat(body.path("admin").path("role").asString()).isEqualTo("admin");
        assertThat(body.path("keys").findValuesAsString("kind")).containsExactly("management", "write");
        String management = body.path("keys").get(0).path("secret").asString();
        String write = body.path("keys").get(1).path("secret").asString();

        assertThat(Api.on(port)
                        .bearer(management)
                        .get("/api/v1/workspace")
                        .json()
                        .path("id")
                        .asLong())
                .isEqualTo(id);
        assertThat(Api.on(port)
                        .basic(write)
                        .post(
                                "/v1/track",
                                Message.track("Product Viewed")
                                        .user("u1")
                                        .channel("web")
                                        .json())
                        .status())
                .isEqualTo(200);
        assertThat(Api.on(port).bearer(management).get("/api/v1/keys").body())
                .as("a secret is shown once, never listed")
                .doesNotContain(management)
                .doesNotContain(write);
        ConsoleSession admin = new ConsoleSession(port);
        assertThat(ConsoleSession.location(admin.login("client-" + tag, "client-password-1")))
                .doesNotContain("error");
        assertThat(admin.get("/").statusCode()).isEqualTo(200);
        assertThat(provider.get("/api/v1/workspaces").json().path("items").findValuesAsString("name"))
                .contains("Client " + tag);
        assertThat(provider.get("/api/v1/workspaces/" + id).json().path("name").asString())
                .isEqualTo("Client " + tag);
        assertThat(providerAudit("workspace.created", id)).isEqualTo(1);
    }

    @Test
    void refusedInputNamesTheFieldAndCreatesNothing() {
        long before = workspaces();
        String tag = UUID.randomUUID().toString().substring(0, 8);

        Api.Reply noName = provider.post("/api/v1/workspaces", """
                {"admin": {"username": "n-%s", "password": "client-password-1"}}""".formatted(tag));
        Api.Reply noAdmin = provider.post("/api/v1/workspaces", "{\"name\": \"No admin\"}");
        Api.Reply shortPassword = provider.post("/api/v1/workspaces", """
                {"name": "Short %s", "admin": {"username": "s-%s", "password": "short"}}""".formatted(tag, tag));
        Api.Reply badKey = provider.post("/api/v1/workspaces", """
                {"name": "Key %s", "admin": {"username": "k-%s", "password": "client-password-1"},
                 "keys": ["management", "provider"]}""".formatted(tag, tag));
        Api.Reply unknownKey = provider.post("/api/v1/workspaces", """
                {"name": "Key %s", "admin": {"username": "k-%s", "password": "client-password-1"},
                 "keys": ["root"]}""".formatted(tag, tag));
        Api.Reply takenUsername = provider.post("/api/v1/workspaces", """
                {"name": "Taken %s", "admin": {"username": "admin", "password": "client-password-1"}}""".formatted(tag));

        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.errorField()).isEqualTo("name");
        assertThat(noAdmin.errorField()).isEqualTo("admin");
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.errorField()).isEqualTo("admin.password");
        assertThat(badKey.errorField()).isEqualTo("keys[1]");
        assertThat(unknownKey.errorField()).isEqualTo("keys[0]");
        assertThat(takenUsername.status()).isEqualTo(409);
        assertThat(takenUsername.errorField()).isEqualTo("admin.username");
        assertThat(workspaces()).as("a refused request creates nothing").isEqualTo(before);
    }

    @Test
    void aSuspendedWorkspaceIsRefusedAtOnceAndResumingRestoresAccess() {
        Tenant client = tenants.aWorkspace();
        Tenant other = tenants.aWorkspace();
        long id = client.workspace().id();
        Api management = Api.on(port).bearer(client.managementKey());
        Api write = Api.on(port).basic(client.writeKey());
        ConsoleSession session = new ConsoleSession(port);
        session.login(client.adminUser().username(), Tenants.PASSWORD);
        assertThat(session.get("/").statusCode()).isEqualTo(200);
        assertThat(write.post(
                                "/v1/track",
                                Message.track("Product Viewed")
                                        .user("u1")
                                        .channel("web")
                                        .json())
                        .status())
                .isEqualTo(200);

        Api.Reply suspended = provider.patch("/api/v1/workspaces/" + id, "{\"suspended\": true}");

        assertThat(suspended.status()).as(suspended.body()).isEqualTo(200);
        assertThat(suspended.json().path("status").asString()).isEqualTo("suspended");
        assertThat(management.get("/api/v1/brands").status()).isEqualTo(401);
        assertThat(write.post(
                                "/v1/track",
                                Message.track("Product Viewed")
                                        .user("u2")
                                        .channel("web")
                                        .json())
                        .status())
                .isEqualTo(401);
        var refreshed = session.get("/");
        assertThat(refreshed.statusCode()).as("the open session ends").isEqualTo(302);
        assertThat(ConsoleSession.location(refreshed)).contains("/login");
        assertThat(ConsoleSession.location(
                        new ConsoleSession(port).login(client.adminUser().username(), Tenants.PASSWORD)))
                .as("a new login is refused")
                .contains("/login?disabled");
        assertThat(jdbc.queryForObject("select count(*) from event_log where workspace_id = ?", Long.class, id))
                .as("its data is kept")
                .isEqualTo(1);
        assertThat(Api.on(port)
                        .bearer(other.managementKey())
                        .get("/api/v1/brands")
                        .status())
                .as("other workspaces go on")
                .isEqualTo(200);

        Api.Reply resumed = provider.patch("/api/v1/workspaces/" + id, "{\"suspended\": false}");

        assertThat(resumed.json().path("status").asString()).isEqualTo("active");
        assertThat(management.get("/api/v1/brands").status()).isEqualTo(200);
        assertThat(write.post(
                                "/v1/track",
                                Message.track("Product Viewed")
                                        .user("u3")
                                        .channel("web")
                                        .json())
                        .status())
                .isEqualTo(200);
        ConsoleSession again = new ConsoleSession(port);
        assertThat(ConsoleSession.location(again.login(client.adminUser().username(), Tenants.PASSWORD)))
                .doesNotContain("error")
                .doesNotContain("disabled");
        assertThat(again.get("/").statusCode()).isEqualTo(200);
        assertThat(providerAudit("workspace.suspended", id)).isEqualTo(1);
        assertThat(providerAudit("workspace.resumed", id)).isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "select count(*) from audit_log where workspace_id = ? and action = 'workspace.suspended'",
                        Long.class,
                        id))
                .as("the client's own log shows the suspension too")
                .isEqualTo(1);
    }

    @Test
    void theProviderRenamesAWorkspaceButCannotSuspendOrDeleteItsOwn() {
        Tenant client = tenants.aWorkspace();
        long home = jdbc.queryForObject("select min(id) from workspace", Long.class);

        Api.Reply renamed = provider.patch(
                "/api/v1/workspaces/" + client.workspace().id(),
                "{\"name\": \"Renamed " + client.workspace().id() + "\"}");
        Api.Reply ownSuspended = provider.patch("/api/v1/workspaces/" + home, "{\"suspended\": true}");
        String homeName =
                provider.get("/api/v1/workspaces/" + home).json().path("name").asString();
        Api.Reply ownDeleted = provider.delete("/api/v1/workspaces/" + home + "?confirm=" + encode(homeName));
        Api.Reply blankName =
                provider.patch("/api/v1/workspaces/" + client.workspace().id(), "{\"name\": \" \"}");
        Api.Reply missing = provider.get("/api/v1/workspaces/987654321");

        assertThat(renamed.json().path("name").asString())
                .isEqualTo("Renamed " + client.workspace().id());
        assertThat(ownSuspended.status()).isEqualTo(409);
        assertThat(ownSuspended.errorField()).isEqualTo("suspended");
        assertThat(ownDeleted.status()).isEqualTo(409);
        assertThat(blankName.status()).isEqualTo(400);
        assertThat(blankName.errorField()).isEqualTo("name");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(provider.get("/api/v1/workspaces/" + home)
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("active");
    }

    static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private long workspaces() {
        return jdbc.queryForObject("select count(*) from workspace", Long.class);
    }

    private long providerAudit(String action, long workspaceId) {
        return jdbc.queryForObject("""
                select count(*) from audit_log
                 where workspace_id = (select min(id) from workspace) and action = ? and target_id = ?
                """, Long.class, action, Long.toString(workspaceId));
    }
}
