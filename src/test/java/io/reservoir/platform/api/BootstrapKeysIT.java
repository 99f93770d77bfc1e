package io.reservoir.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Api;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/** First start with RESERVOIR_BOOTSTRAP_*_KEY: the keys work exactly as given, each for its door. */
@ReservoirIT
class BootstrapKeysIT {

    @LocalServerPort
    int port;

    @Test
    void bootstrapManagementKeyListsTheDefaultBrand() {
        var reply = Api.on(port).bearer(TestDatabase.MANAGEMENT_KEY).get("/api/v1/brands");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("items").findValuesAsString("name")).contains("Default brand");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/brands", "/api/v1/users", "/api/v1/keys", "/api/v1/audit", "/api/v1/workspace"})
    void writeKeyCannotReadAnything(String path) {
        var asBearer = Api.on(port).bearer(TestDatabase.WRITE_KEY).get(path);
        var asBasic = Api.on(port).basic(TestDatabase.WRITE_KEY).get(path);

        assertThat(asBearer.status()).isEqualTo(403);
        assertThat(asBasic.status()).isEqualTo(403);
        assertThat(asBearer.errorCode()).isEqualTo("forbidden");
        assertThat(asBearer.body()).doesNotContain("Default brand");
    }

    @Test
    void writeKeyCannotChangeAnything() {
        var reply = Api.on(port).bearer(TestDatabase.WRITE_KEY).post("/api/v1/brands", "{\"name\":\"Sneaky\"}");
        var brands = Api.on(port).bearer(TestDatabase.MANAGEMENT_KEY).get("/api/v1/brands");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(brands.json().path("items").findValuesAsString("name")).doesNotContain("Sneaky");
    }

    @Test
    void writeKeyPassesTheIngestionDoorButManagementApiDoesNot() {
        // /v1/unknown has no handler yet: past authentication it answers 404, before it 401.
        var withWriteKey = Api.on(port).basic(TestDatabase.WRITE_KEY).get("/v1/unknown");
        var withoutKey = Api.on(port).get("/v1/unknown");

        assertThat(withWriteKey.status()).isEqualTo(404);
        assertThat(withoutKey.status()).isEqualTo(401);
    }

    @Test
    void unknownAndMalformedKeysAnswerAlikeWithoutRevealingAnything() {
        var unknown = Api.on(port).bearer("rsv_m_doesnotexist0000000000000000").get("/api/v1/brands");
        var garbage = Api.on(port).bearer("%%%").get("/api/v1/brands");
        var basicGarbage = Api.on(port).request("/api/v1/brands").header("Authorization", "Basic !!!");
        var none = Api.on(port).get("/api/v1/brands");

        assertThat(unknown.status()).isEqualTo(401);
        assertThat(garbage.body()).isEqualTo(unknown.body());
        assertThat(Api.on(port).send(basicGarbage).body()).isEqualTo(unknown.body());
        assertThat(none.body()).isEqualTo(unknown.body());
        assertThat(unknown.errorCode()).isEqualTo("unauthorized");
    }
}
