package io.reservoir.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Api;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The management API end to end: changes land, are audited, and bad input writes nothing. */
@ReservoirIT
class ManagementApiIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    Tenant tenant;
    Api api;

    @BeforeEach
    void workspace() {
        tenant = tenants.aWorkspace();
        api = Api.on(port).bearer(tenant.managementKey());
    }

    @Test
    void creatingABrandIsAuditedWithTheKeyAsActor() {
        var created = api.post("/api/v1/brands", "{\"name\":\"天猫旗舰店\",\"timeZone\":\"Asia/Hong_Kong\"}");

        assertThat(created.status()).isEqualTo(201);
        long id = created.json().path("id").asLong();
        assertThat(api.get("/api/v1/brands/" + id).json().path("timeZone").asString())
                .isEqualTo("Asia/Hong_Kong");
        JsonNode latest = api.get("/api/v1/audit?limit=1").json().path("items").get(0);
        assertThat(latest.path("action").asString()).isEqualTo("brand.created");
        assertThat(latest.path("targetId").asString()).isEqualTo(Long.toString(id));
        assertThat(latest.path("actorKind").asString()).isEqualTo("api_key");
        assertThat(latest.path("detail").path("name").asString()).isEqualTo("天猫旗舰店");
    }

    @Test
    void renamingABrandRecordsBeforeAndAfter() {
        long id = tenant.brand().id();

        var renamed = api.patch("/api/v1/brands/" + id, "{\"name\":\"Renamed\"}");

        assertThat(renamed.status()).isEqualTo(200);
        JsonNode latest = api.get("/api/v1/audit?limit=1").json().path("items").get(0);
        assertThat(latest.path("action").asString()).isEqualTo("brand.updated");
        assertThat(latest.path("detail").path("name").path("from").asString())
                .isEqualTo(tenant.brand().name());
        assertThat(latest.path("detail").path("name").path("to").asString()).isEqualTo("Renamed");
    }

    @Test
    void duplicateBrandNameIsAConflictAndWritesNothing() {
        int before = auditCount();

        var reply = api.post("/api/v1/brands", "{\"name\":\"" + tenant.brand().name() + "\"}");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.errorField()).isEqualTo("name");
        assertThat(auditCount()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} → {1} on {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"name\": |malformed_json|",
                "{}|invalid_field|name",
                "{\"name\":\"  \"}|invalid_field|name",
                "{\"name\":\"X\",\"timeZone\":\"Mars/Olympus\"}|invalid_field|timeZone",
                "{\"name\":[1,2]}|invalid_field|name",
                "[]|invalid_field|",
                "not json at all|malformed_json|"
            })
    void badBrandInputIsRefusedWithTheReasonAndWritesNothing(String body, String code, String field) {
        int brands = api.get("/api/v1/brands").json().path("items").size();
        int audit = auditCount();

        var reply = api.post("/api/v1/brands", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo(code);
        assertThat(reply.json().path("error").path("message").asString()).isNotBlank();
        if (field != null) {
            assertThat(reply.errorField()).isEqualTo(field);
        }
        assertThat(api.get("/api/v1/brands").json().path("items").size()).isEqualTo(brands);
        assertThat(auditCount()).isEqualTo(audit);
    }

    @Test
    void oversizedBodiesAreRefusedBeforeParsingAndWriteNothing() {
        int audit = auditCount();
        String huge = "{\"name\":\"" + "x".repeat(1_100_000) + "\"}";
        // Without Content-Length (chunked), the limit is enforced while reading.
        var chunked = api.send(api.request("/api/v1/brands")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(huge.getBytes()))));
        var declared = api.post("/api/v1/brands", huge);

        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.errorCode()).isEqualTo("payload_too_large");
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.errorCode()).isEqualTo("payload_too_large");
        assertThat(auditCount()).isEqualTo(audit);
    }

    @Test
    void usersAreCreatedWithoutTheirPasswordEverBeingShown() {
        var created = api.post(
                "/api/v1/users",
                "{\"username\":\"Op-" + tenant.brand().id()
                        + "\",\"role\":\"operator\",\"password\":\"operator-pass-1\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("username").asString())
                .isEqualTo("op-" + tenant.brand().id());
        assertThat(created.json().path("role").asString()).isEqualTo("operator");
        assertThat(created.body()).doesNotContain("operator-pass-1").doesNotContain("password");
        assertThat(api.get("/api/v1/audit?limit=5").body()).doesNotContain("operator-pass-1");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"username\":\"x1\",\"role\":\"boss\",\"password\":\"long-enough-1\"}|role",
                "{\"username\":\"x2\",\"role\":\"admin\",\"password\":\"short\"}|password",
                "{\"username\":\"bad name!\",\"role\":\"admin\",\"password\":\"long-enough-1\"}|username",
                "{\"role\":\"admin\",\"password\":\"long-enough-1\"}|username"
            })
    void badUserInputNamesTheField(String body, String field) {
        var reply = api.post("/api/v1/users", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorField()).isEqualTo(field);
    }

    @Test
    void theLastAdminCannotBeDisabledOrDemoted() {
        long admin = tenant.adminUser().id();

        var disable = api.patch("/api/v1/users/" + admin, "{\"enabled\":false}");
        var demote = api.patch("/api/v1/users/" + admin, "{\"role\":\"analyst\"}");

        assertThat(disable.status()).isEqualTo(409);
        assertThat(disable.errorField()).isEqualTo("enabled");
        assertThat(demote.status()).isEqualTo(409);
        assertThat(api.get("/api/v1/users/" + admin).json().path("enabled").asBoolean())
                .isTrue();
    }

    @Test
    void anIssuedKeyIsShownOnceWorksAtOnceAndStopsWhenRevoked() {
        var issued = api.post("/api/v1/keys", "{\"kind\":\"management\",\"name\":\"ci\"}");
        String secret = issued.json().path("secret").asString();
        long id = issued.json().path("key").path("id").asLong();

        assertThat(issued.status()).isEqualTo(201);
        assertThat(secret).startsWith("rsv_m_").hasSize(38);
        assertThat(api.get("/api/v1/keys").body()).doesNotContain(secret);
        assertThat(Api.on(port).bearer(secret).get("/api/v1/brands").status()).isEqualTo(200);

        assertThat(api.delete("/api/v1/keys/" + id).json().path("revokedAt").isNull())
                .isFalse();
        assertThat(Api.on(port).bearer(secret).get("/api/v1/brands").status()).isEqualTo(401);
        assertThat(api.get("/api/v1/audit?action=key.revoked&limit=1")
                        .json()
                        .path("items")
                        .get(0)
                        .path("targetId")
                        .asString())
                .isEqualTo(Long.toString(id));
    }

    @Test
    void auditPagesFollowTheCursorWithoutGapsOrRepeats() {
        for (int i = 0; i < 5; i++) {
            api.post("/api/v1/brands", "{\"name\":\"Paged " + i + "\"}");
        }
        var first = api.get("/api/v1/audit?limit=3").json();
        var second = api.get(
                        "/api/v1/audit?limit=3&before=" + first.path("next").asString())
                .json();
        var all = api.get("/api/v1/audit?limit=6").json().path("items");

        assertThat(first.path("items").findValuesAsString("id"))
                .containsExactlyElementsOf(all.findValuesAsString("id").subList(0, 3));
        assertThat(second.path("items").findValuesAsString("id"))
                .containsExactlyElementsOf(all.findValuesAsString("id").subList(3, 6));
    }

    @Test
    void unknownPathsAndMethodsAnswerInTheErrorShape() {
        var missing = api.get("/api/v1/nothing-here");
        var method = api.put("/api/v1/brands", "{}");
        var badLimit = api.get("/api/v1/audit?limit=100000");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("not_found");
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.errorCode()).isEqualTo("method_not_allowed");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.errorField()).isEqualTo("limit");
    }

    private int auditCount() {
        return api.get("/api/v1/audit?limit=500").json().path("items").size();
    }
}
