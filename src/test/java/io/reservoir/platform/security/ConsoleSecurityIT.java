package io.reservoir.platform.security;

import static io.reservoir.support.ConsoleSession.location;
import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.platform.tenancy.Role;
import io.reservoir.platform.tenancy.User;
import io.reservoir.platform.tenancy.Users;
import io.reservoir.support.ConsoleSession;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import io.reservoir.support.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@ReservoirIT
class ConsoleSecurityIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    Users users;

    Tenant tenant;
    ConsoleSession browser;

    @BeforeEach
    void setUp() {
        tenant = tenants.aWorkspace();
        browser = new ConsoleSession(port);
    }

    @Test
    void theFirstStartAdminSignsInWithTheConfiguredPassword() {
        var login = browser.login("admin", TestDatabase.ADMIN_PASSWORD);
        var home = browser.get("/");

        assertThat(location(login)).endsWith("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("Default workspace").contains("Default brand");
    }

    @Test
    void pagesRedirectToTheLoginUntilSignedIn() {
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
        assertThat(location(browser.get("/audit"))).endsWith("/login");
        assertThat(browser.get("/login").statusCode()).isEqualTo(200);
    }

    @Test
    void aLoginWithoutTheCsrfTokenIsRefused() {
        var reply = browser.postForm(
                "/login", Map.of("username", tenant.adminUser().username(), "password", Tenants.PASSWORD));

        assertThat(reply.statusCode()).isEqualTo(403);
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void repeatedFailuresLockTheLoginEvenForTheRightPassword() {
        String username = tenant.adminUser().username();
        for (int i = 0; i < 5; i++) {
            assertThat(location(browser.login(username, "wrong-password-" + i))).endsWith("/login?error");
        }

        var refused = browser.login(username, Tenants.PASSWORD);

        assertThat(location(refused)).endsWith("/login?throttled");
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void disablingAUserEndsTheirSessionAtTheNextRequest() {
        User operator = tenants.aUser(tenant, Role.OPERATOR);
        browser.login(operator.username(), Tenants.PASSWORD);
        assertThat(browser.get("/").statusCode()).isEqualTo(200);

        users.update(tenant.admin(), operator.id(), null, null, false);

        assertThat(location(browser.get("/"))).endsWith("/login?expired");
        assertThat(location(browser.login(operator.username(), Tenants.PASSWORD)))
                .endsWith("/login?disabled");
    }

    @Test
    void onlyAdminsManageUsersAndKeys() {
        User analyst = tenants.aUser(tenant, Role.ANALYST);
        browser.login(analyst.username(), Tenants.PASSWORD);

        assertThat(browser.get("/users").statusCode()).isEqualTo(403);
        assertThat(browser.get("/").body()).doesNotContain("href=\"/users\"");
        assertThat(browser.get("/audit").statusCode()).isEqualTo(200);
    }

    @Test
    void anAdminCreatesAKeyAndSeesItOnce() {
        browser.login(tenant.adminUser().username(), Tenants.PASSWORD);

        var created = browser.submit("/users", "/keys", Map.of("kind", "write", "name", "storefront"));
        var shown = browser.get(location(created).replace("http://localhost:" + port, ""));
        var again = browser.get("/users");

        assertThat(shown.body()).contains("storefront").containsPattern("rsv_w_[0-9A-Za-z]{32}");
        assertThat(again.body()).contains("storefront").doesNotContainPattern("rsv_w_[0-9A-Za-z]{32}");
    }

    @Test
    void signingOutEndsTheSession() {
        browser.login(tenant.adminUser().username(), Tenants.PASSWORD);

        var out = browser.submit("/", "/logout", Map.of());

        assertThat(location(out)).endsWith("/login?logout");
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
    }
}
