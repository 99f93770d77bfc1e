package io.reservoir.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Api;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import io.reservoir.support.TestClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The Segment-compatible HTTP API: what it accepts, what it refuses, and that refusals write nothing. */
@ReservoirIT
class SegmentApiIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    Tenant tenant;
    Api api;

    @BeforeEach
    void workspace() {
        tenant = tenants.aWorkspace();
        api = Api.on(port).basic(tenant.writeKey());
    }

    @Test
    void anAcceptedEventIsInTheLogWhenSuccessIsAnswered() {
        var reply = api.post("/v1/track", "{\"userId\":\"u1\",\"event\":\"Checked In\",\"messageId\":\"m1\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("success").asBoolean()).isTrue();
        assertThat(logged("m1")).isEqualTo(1);
    }

    @Test
    void replayingTheSameBatchChangesNothing() {
        String batch = """
                {"batch": [
                  {"type": "identify", "messageId": "b1", "userId": "u1", "traits": {"phone": "13700137000"}},
                  {"type": "track", "messageId": "b2", "userId": "u1", "event": "Order Completed",
                   "properties": {"order_id": "R1", "total": 10}},
                  {"type": "track", "messageId": "b3", "userId": "u1", "event": "Order Refunded",
                   "properties": {"order_id": "R1", "total": 4}}
                ]}""";
        assertThat(api.post("/v1/batch", batch).status()).isEqualTo(200);
        String before = snapshot();

        assertThat(api.post("/v1/batch", batch).status()).isEqualTo(200);
        assertThat(api.post("/v1/import", batch).status()).isEqualTo(200);

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void theWriteKeyMayComeInTheBodyAsBrowserClientsSendIt() {
        var reply = Api.on(port)
                .send(Api.on(port)
                        .request("/v1/page")
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"writeKey\":\"" + tenant.writeKey()
                                + "\",\"anonymousId\":\"a1\",\"name\":\"Home\",\"messageId\":\"p1\"}")));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(logged("p1")).isEqualTo(1);
    }

    @Test
    void aWrongWriteKeyInTheBodyIsRefusedLikeAnyWrongKey() {
        var reply =
                Api.on(port).post("/v1/track", "{\"writeKey\":\"nope-nope-nope\",\"userId\":\"u\",\"event\":\"X\"}");

        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    void gzipBodiesAreAccepted() throws IOException {
        byte[] body = gzip(
                "{\"batch\":[{\"type\":\"track\",\"messageId\":\"g1\",\"userId\":\"u1\",\"event\":\"Live Watched\"}]}");

        var reply = api.send(api.request("/v1/batch")
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(logged("g1")).isEqualTo(1);
    }

    @Test
    void aFormEncodedBodyAsCurlSendsItIsReadAsTheJsonItIs() {
        var reply = api.send(api.request("/v1/track")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"userId\":\"u1\",\"event\":\"Checked In\",\"messageId\":\"c1\"}")));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(logged("c1")).isEqualTo(1);
    }

    @Test
    void oneBadMessageFailsTheWholeBatchNamingItsPlaceAndNothingIsWritten() {
        var reply = api.post("/v1/batch", """
                {"batch": [
                  {"type": "track", "messageId": "ok1", "userId": "u1", "event": "Checked In"},
                  {"type": "track", "messageId": "bad1", "userId": "u1", "event": "Order Completed",
                   "properties": {"order_id": "X1", "total": -5}}
                ]}""");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorField()).isEqualTo("batch[1].properties.total");
        assertThat(logged("ok1")).isZero();
        assertThat(logged("bad1")).isZero();
    }

    @Test
    void aRefundBeyondWhatWasPaidIsRefusedAndWritesNothing() {
        api.post(
                "/v1/track",
                "{\"userId\":\"u1\",\"event\":\"Order Completed\",\"properties\":{\"order_id\":\"F1\",\"total\":\"100.00\"}}");
        api.post(
                "/v1/track",
                "{\"userId\":\"u1\",\"event\":\"Order Refunded\",\"properties\":{\"order_id\":\"F1\",\"total\":\"60.00\"}}");

        var reply = api.post(
                "/v1/track",
                "{\"userId\":\"u1\",\"event\":\"Order Refunded\",\"messageId\":\"over\",\"properties\":{\"order_id\":\"F1\",\"total\":\"40.01\"}}");
        var rest = api.post(
                "/v1/track", "{\"userId\":\"u1\",\"event\":\"Order Refunded\",\"properties\":{\"order_id\":\"F1\"}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorField()).isEqualTo("properties.total");
        assertThat(logged("over")).isZero();
        assertThat(rest.status()).isEqualTo(200);
        assertThat(jdbc.queryForObject(
                        "select sum(amount_fen) from order_refund where workspace_id = ? and order_id = 'F1'",
                        Long.class,
                        ws()))
                .isEqualTo(10000L);
    }

    @Test
    void limitsAreSegmentsAndAnswer413WithTheReason() {
        String bigProperty = "x".repeat(33 * 1024);
        var event = api.post(
                "/v1/track", "{\"userId\":\"u1\",\"event\":\"Big\",\"properties\":{\"p\":\"" + bigProperty + "\"}}");
        StringBuilder batch = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < 20; i++) {
            batch.append(i == 0 ? "" : ",")
                    .append("{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"E\",\"properties\":{\"p\":\"")
                    .append("y".repeat(30 * 1024))
                    .append("\"}}");
        }
        var big = api.post("/v1/batch", batch.append("]}").toString());

        assertThat(event.status()).isEqualTo(413);
        assertThat(event.json().path("error").path("message").asString()).contains("32768");
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.json().path("error").path("message").asString()).contains("512000");
        assertThat(count()).isZero();
    }

    @Test
    void theClientsClockSkewIsCorrectedAndFarFutureTimesRefused() {
        Instant now = TestClock.now().truncatedTo(ChronoUnit.SECONDS);
        // the client's clock is an hour fast: sentAt and timestamp both say +1 h
        var skewed = api.post(
                "/v1/track",
                "{\"userId\":\"u1\",\"event\":\"E\",\"messageId\":\"s1\",\"timestamp\":\"" + now.plusSeconds(3600 - 60)
                        + "\",\"sentAt\":\"" + now.plusSeconds(3600) + "\"}");
        var future = api.post(
                "/v1/track", "{\"userId\":\"u1\",\"event\":\"E\",\"timestamp\":\"" + now.plusSeconds(3600) + "\"}");

        assertThat(skewed.status()).isEqualTo(200);
        Instant occurred = jdbc.queryForObject(
                        "select occurred_at from event_log where workspace_id = ? and message_id = 's1'",
                        java.time.OffsetDateTime.class,
                        ws())
                .toInstant();
        assertThat(occurred).isBetween(now.minusSeconds(120), now.plusSeconds(60));
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.errorField()).isEqualTo("timestamp");
    }

    @Test
    void fieldsReservoirDoesNotKnowAreKept() {
        var reply = api.post(
                "/v1/track",
                "{\"userId\":\"u1\",\"event\":\"E\",\"messageId\":\"k1\",\"_metadata\":{\"x\":1},\"sequence\":7,"
                        + "\"properties\":{\"anything\":[1,{\"deep\":true}]}}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(jdbc.queryForObject(
                        "select payload from event_log where workspace_id = ? and message_id = 'k1'",
                        String.class,
                        ws()))
                .contains("_metadata")
                .contains("\"deep\":true");
    }

    @Test
    void phoneNumbersAndEmailsNeverReachTheLogInClear() {
        api.post(
                "/v1/identify",
                "{\"userId\":\"u1\",\"messageId\":\"pii\",\"traits\":{\"phone\":\"13612345678\",\"email\":\"wang.wu@example.com\"}}");

        String payload = jdbc.queryForObject(
                "select payload from event_log where workspace_id = ? and message_id = 'pii'", String.class, ws());
        String identities = jdbc.queryForObject(
                "select identity_keys from event_log where workspace_id = ? and message_id = 'pii'",
                String.class,
                ws());
        String stored = String.join(
                "|",
                jdbc.queryForList(
                        "select coalesce(sealed_value, '') || lookup_key from customer_identity where workspace_id = ?",
                        String.class,
                        ws()));

        for (String text : new String[] {payload, identities, stored}) {
            assertThat(text).doesNotContain("13612345678").doesNotContain("wang.wu");
        }
        assertThat(payload).contains("136****5678");
    }

    private long ws() {
        return tenant.workspace().id();
    }

    private long logged(String messageId) {
        return jdbc.queryForObject(
                "select count(*) from event_log where workspace_id = ? and message_id = ?",
                Long.class,
                ws(),
                messageId);
    }

    private long count() {
        return jdbc.queryForObject("select count(*) from event_log where workspace_id = ?", Long.class, ws());
    }

    private String snapshot() {
        return String.join(
                ";",
                "events=" + count(),
                "customers="
                        + jdbc.queryForObject("select count(*) from customer where workspace_id = ?", Long.class, ws()),
                "identities="
                        + jdbc.queryForObject(
                                "select count(*) from customer_identity where workspace_id = ?", Long.class, ws()),
                "orders="
                        + jdbc.queryForObject(
                                "select count(*) from customer_order where workspace_id = ?", Long.class, ws()),
                "refunded="
                        + jdbc.queryForObject(
                                "select coalesce(sum(amount_fen), 0) from order_refund where workspace_id = ?",
                                Long.class,
                                ws()));
    }

    private static byte[] gzip(String text) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
