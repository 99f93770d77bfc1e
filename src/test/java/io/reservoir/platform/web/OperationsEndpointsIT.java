package io.reservoir.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Api;
import io.reservoir.support.ReservoirIT;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Health, metrics and API docs answer without a key; nothing else of the actuator does. */
@ReservoirIT
class OperationsEndpointsIT {

    @LocalServerPort
    int port;

    @Test
    void healthIsUp() {
        var health = Api.on(port).get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheusMetricsAreExposed() {
        var metrics = Api.on(port).get("/actuator/prometheus");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("hikaricp_connections");
    }

    @Test
    void openApiDocsDescribeTheManagementApiAndItsKeys() {
        var docs = Api.on(port).get("/v3/api-docs");

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().path("paths").has("/api/v1/brands")).isTrue();
        assertThat(docs.json().path("paths").has("/api/v1/audit")).isTrue();
        assertThat(docs.json().path("components").path("securitySchemes").has("managementKey"))
                .isTrue();
        assertThat(Api.on(port).get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void otherActuatorEndpointsAreNotPublic() {
        assertThat(Api.on(port).get("/actuator/env").status()).isIn(302, 401, 404);
        assertThat(Api.on(port).get("/actuator/env").body()).doesNotContain("spring.datasource");
    }
}
