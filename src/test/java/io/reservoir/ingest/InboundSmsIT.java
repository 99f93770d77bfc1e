package io.reservoir.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Api;
import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** SMS replies posted by the provider's callback: TD/T/退订 withdraw SMS consent, retries change nothing. */
@ReservoirIT
class InboundSmsIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    Tenant tenant;
    Events events;
    Api sms;

    @BeforeEach
    void workspace() {
        tenant = tenants.aWorkspace();
        events = new Events(port, tenant, jdbc);
        sms = Api.on(port).basic(tenant.writeKey());
    }

    @Test
    void replyingTdWithdrawsSmsConsentOfTheCustomerWithThatPhone() {
        events.send(Message.identify()
                .user("u1")
                .at("2026-01-01T00:00:00Z")
                .trait("phone", "13800138000")
                .traits("{\"consent\": {\"sms\": true}}"));
        int customer = events.customerOf("app_user_id", "u1");

        Api.Reply reply = sms.post("/v1/inbound/sms", """
                {"phone":"+86 138 0013 8000","text":" td ","messageId":"r1","timestamp":"2026-02-01T08:00:00Z"}""");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("unsubscribed").asInt()).isEqualTo(1);
        assertThat(smsConsent(customer)).isFalse();
        assertThat(events.count(
                        "from event_log where workspace_id = ? and customer_no = ? and event_name = 'SMS Replied'",
                        customer))
                .isEqualTo(1);
    }

    @Test
    void aliyunBatchesAreUnderstoodAndOnlyStopWordsUnsubscribe() {
        Api.Reply reply = sms.post("/v1/inbound/sms", """
                [{"phone_number":"13900000001","content":"退订","sequence_id":11,"send_time":"2026-02-01 10:00:00"},
                 {"phone_number":"13900000002","content":"好的，谢谢","sequence_id":12,"send_time":"2026-02-01 10:01:00"},
                 {"phone_number":"13900000003","content":"T。","sequence_id":13,"send_time":"2026-02-01 10:02:00"}]""");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("replies").asInt()).isEqualTo(3);
        assertThat(reply.json().get("unsubscribed").asInt()).isEqualTo(2);
        assertThat(events.count("from customer_consent where workspace_id = ? and channel = 'sms' and granted = false"))
                .isEqualTo(2);
        assertThat(events.count("from event_log where workspace_id = ? and event_name = 'SMS Replied'"))
                .isEqualTo(3);
        assertThat(jdbc.queryForObject(
                                "select occurred_at from event_log where workspace_id = ? and message_id = 'sms:11'",
                                java.time.OffsetDateTime.class,
                                events.workspaceId())
                        .toInstant())
                .as("send_time is Beijing time")
                .isEqualTo(java.time.Instant.parse("2026-02-01T02:00:00Z"));
    }

    @Test
    void aRetriedCallbackChangesNothing() {
        String body = "{\"phone\":\"13700000000\",\"text\":\"TD\",\"messageId\":\"r9\"}";
        assertThat(sms.post("/v1/inbound/sms", body).status()).isEqualTo(200);
        assertThat(sms.post("/v1/inbound/sms", body).status()).isEqualTo(200);

        assertThat(events.count("from event_log where workspace_id = ?")).isEqualTo(2);
    }

    @Test
    void aReplyWithoutPhoneIsRefusedNamingTheFieldAndWritesNothing() {
        Api.Reply reply =
                sms.post("/v1/inbound/sms", "[{\"phone\":\"13700000000\",\"text\":\"TD\"},{\"text\":\"TD\"}]");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorField()).isEqualTo("[1].phone");
        assertThat(events.count("from event_log where workspace_id = ?")).isZero();
    }

    private Boolean smsConsent(int customer) {
        return jdbc.queryForObject(
                "select granted from customer_consent where workspace_id = ? and customer_no = ? and channel = 'sms'",
                Boolean.class,
                events.workspaceId(),
                customer);
    }
}
