package io.reservoir.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.platform.audit.AuditLog;
import io.reservoir.support.Api;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A management key of workspace A never sees, nor changes, workspace B's objects: only 404s. */
@ReservoirIT
class WorkspaceIsolationIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    AuditLog audit;

    Tenant a;
    Tenant b;
    Api asA;

    @BeforeEach
    void twoWorkspaces() {
        a = tenants.aWorkspace();
        b = tenants.aWorkspace();
        asA = Api.on(port).bearer(a.managementKey());
    }

    @Test
    void anotherWorkspacesBrandIsNotFound() {
        var get = asA.get("/api/v1/brands/" + b.brand().id());
        var patch = asA.patch("/api/v1/brands/" + b.brand().id(), "{\"name\":\"Taken over\"}");
        var own = asA.get("/api/v1/brands/" + a.brand().id());

        assertThat(get.status()).isEqualTo(404);
        assertThat(patch.status()).isEqualTo(404);
        assertThat(get.body()).doesNotContain(b.brand().name());
        assertThat(own.status()).isEqualTo(200);
        assertThat(Api.on(port)
                        .bearer(b.managementKey())
                        .get("/api/v1/brands/" + b.brand().id())
                        .json()
                        .path("name")
                        .asString())
                .isEqualTo(b.brand().name());
    }

    @Test
    void anotherWorkspacesUserIsNotFound() {
        long bUser = b.adminUser().id();

        assertThat(asA.get("/api/v1/users/" + bUser).status()).isEqualTo(404);
        assertThat(asA.patch("/api/v1/users/" + bUser, "{\"enabled\":false}").status())
                .isEqualTo(404);
        assertThat(asA.put("/api/v1/users/" + bUser + "/password", "{\"password\":\"new-password-123\"}")
                        .status())
                .isEqualTo(404);
        assertThat(asA.get("/api/v1/users").json().path("items").findValuesAsString("username"))
                .contains(a.adminUser().username())
                .doesNotContain(b.adminUser().username());
    }

    @Test
    void anotherWorkspacesAuditEntriesAreNotFound() {
        long bEntry = audit.page(b.admin(), null, null, 1).get(0).id();

        var get = asA.get("/api/v1/audit/" + bEntry);
        var list = asA.get("/api/v1/audit?limit=500");

        assertThat(get.status()).isEqualTo(404);
        assertThat(list.json().path("items").findValuesAsString("id")).doesNotContain(Long.toString(bEntry));
        assertThat(list.body())
                .doesNotContain(b.workspace().name())
                .doesNotContain(b.adminUser().username());
    }

    @Test
    void anotherWorkspacesKeyCannotBeRevoked() {
        var bKeys = Api.on(port)
                .bearer(b.managementKey())
                .get("/api/v1/keys")
                .json()
                .path("items");
        long bKeyId = bKeys.get(0).path("id").asLong();

        assertThat(asA.delete("/api/v1/keys/" + bKeyId).status()).isEqualTo(404);
        assertThat(Api.on(port).bearer(b.managementKey()).get("/api/v1/brands").status())
                .isEqualTo(200);
    }

    @Test
    void eachKeySeesItsOwnWorkspace() {
        assertThat(asA.get("/api/v1/workspace").json().path("id").asLong())
                .isEqualTo(a.workspace().id());
        assertThat(Api.on(port)
                        .bearer(b.managementKey())
                        .get("/api/v1/workspace")
                        .json()
                        .path("id")
                        .asLong())
                .isEqualTo(b.workspace().id());
    }
}
