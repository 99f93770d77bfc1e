package io.reservoir.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.platform.tenancy.User;
import io.reservoir.support.Api;
import io.reservoir.support.ConsoleSession;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The service provider's console page: list, create with admin and keys, suspend, resume, delete. */
@ReservoirIT
class WorkspacesPageIT {

    private static final Pattern MANAGEMENT_KEY = Pattern.compile("rsv_m_[A-Za-z0-9]{32}");

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    ConsoleSession provider;

    @BeforeEach
    void signIn() {
        User user = tenants.aProviderUser();
        provider = new ConsoleSession(port);
        HttpResponse<String> login = provider.login(user.username(), Tenants.PASSWORD);
        assertThat(ConsoleSession.location(login))
                .as("the provider lands on its page")
                .endsWith("/workspaces");
    }

    @Test
    void theProviderCreatesSuspendsResumesAndDeletesAWorkspaceFromItsPage() {
        String name = "Console client " + UUID.randomUUID().toString().substring(0, 8);
        String admin = "cc-" + UUID.randomUUID().toString().substring(0, 8);

        provider.submit(
                "/workspaces?lang=en",
                "/workspaces",
                Map.of(
                        "name",
                        name,
                        "adminUsername",
                        admin,
                        "adminPassword",
                        "client-password-1",
                        "keys",
                        "management"));
        String created = provider.get("/workspaces").body();

        assertThat(created).contains("id=\"created-workspace\"").contains(name).contains(admin);
        Matcher secret = MANAGEMENT_KEY.matcher(created);
        assertThat(secret.find()).as("the new key is shown once").isTrue();
        Api client = Api.on(port).bearer(secret.group());
        long id = client.get("/api/v1/workspace").json().path("id").asLong();
        assertThat(provider.get("/workspaces").body()).as("shown once").doesNotContain(secret.group());

        provider.submit("/workspaces", "/workspaces/" + id + "/suspended", Map.of("suspended", "true"));
        assertThat(client.get("/api/v1/brands").status()).isEqualTo(401);
        assertThat(row(provider.get("/workspaces").body(), id)).contains(">suspended</td>");

        provider.submit("/workspaces", "/workspaces/" + id + "/suspended", Map.of("suspended", "false"));
        assertThat(client.get("/api/v1/brands").status()).isEqualTo(200);
        assertThat(row(provider.get("/workspaces").body(), id)).contains(">active</td>");

        provider.submit("/workspaces", "/workspaces/" + id + "/delete", Map.of("confirm", "not the name"));
        String refused = provider.get("/workspaces").body();
        assertThat(refused).contains("Confirmation: type the workspace").contains("data-field=\"confirm\"");
        assertThat(count(id)).as("a wrong confirmation deletes nothing").isEqualTo(1);

        provider.submit("/workspaces", "/workspaces/" + id + "/delete", Map.of("confirm", name));
        assertThat(count(id)).isZero();
        assertThat(provider.get("/workspaces").body()).doesNotContain(name);
    }

    @Test
    void refusalsNameTheFieldInTheUsersLanguage() {
        Map<String, String> shortPassword = Map.of(
                "name",
                "Short " + UUID.randomUUID(),
                "adminUsername",
                "sp-" + UUID.randomUUID().toString().substring(0, 8),
                "adminPassword",
                "short");
        long before = jdbc.queryForObject("select count(*) from workspace", Long.class);

        provider.submit("/workspaces?lang=en", "/workspaces", shortPassword);
        String english = provider.get("/workspaces").body();
        provider.submit("/workspaces?lang=zh-CN", "/workspaces", shortPassword);
        String chinese = provider.get("/workspaces").body();
        provider.submit(
                "/workspaces?lang=en",
                "/workspaces",
                Map.of("adminUsername", "x-1", "adminPassword", "client-password-1"));
        String noName = provider.get("/workspaces").body();

        assertThat(english).contains("Admin password: must have 10 to 72 characters");
        assertThat(chinese).contains("管理员密码：须为 10 到 72 个字符");
        assertThat(noName).contains("Name: is required").contains("data-field=\"name\"");
        assertThat(jdbc.queryForObject("select count(*) from workspace", Long.class))
                .isEqualTo(before);
    }

    @Test
    void aWorkspaceAdminMayNotOpenTheProvidersPage() {
        Tenant tenant = tenants.aWorkspace();
        ConsoleSession admin = new ConsoleSession(port);
        admin.login(tenant.adminUser().username(), Tenants.PASSWORD);

        assertThat(admin.get("/workspaces").statusCode()).isEqualTo(403);
        assertThat(admin.get("/").body()).doesNotContain("nav-workspaces");
        assertThat(provider.get("/workspaces").body())
                .contains("nav-workspaces")
                .contains(tenant.workspace().name());
    }

    private long count(long id) {
        return jdbc.queryForObject("select count(*) from workspace where id = ?", Long.class, id);
    }

    /** The table row of one workspace. */
    private static String row(String page, long id) {
        int start = page.indexOf("data-id=\"" + id + "\"");
        assertThat(start).as("row of workspace " + id).isPositive();
        return page.substring(start, page.indexOf("</tr>", start));
    }
}
