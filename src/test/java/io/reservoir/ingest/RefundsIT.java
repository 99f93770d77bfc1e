package io.reservoir.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.ingest.EventLog.Reading;
import io.reservoir.support.Api;
import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Refunds that come before their order (they wait for it, and are reported while they do) and
 * returns that name no order (customer-level refunds): kept whole, and counted in the 360 view.
 */
@ReservoirIT
class RefundsIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventLog log;

    Tenant tenant;
    Events events;
    Api api;

    @BeforeEach
    void workspace() {
        tenant = tenants.aWorkspace();
        events = new Events(port, tenant, jdbc);
        api = Api.on(port).bearer(tenant.managementKey());
    }

    private Message refund(String messageId, String user, String orderId, String total) {
        Message refund = Message.track(EventNames.ORDER_REFUNDED).id(messageId).user(user);
        if (orderId != null) {
            refund.property("order_id", orderId);
        }
        return total == null ? refund : refund.property("total", total);
    }

    private JsonNode waiting() {
        Api.Reply reply =
                api.get("/api/v1/refunds/waiting?brand=" + tenant.brand().id());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private JsonNode orders(String user) {
        String id = api.get("/api/v1/customers?identity=app_user_id:" + user)
                .json()
                .path("items")
                .get(0)
                .path("id")
                .asString();
        return api.get("/api/v1/customers/" + id).json().path("orders");
    }

    // Regression: a refund of an unknown order was stored and then shown nowhere until its order came.
    @Test
    void aRefundBeforeItsOrderWaitsReportedAndCountsOnceTheOrderArrives() {
        events.send(refund("early", "u1", "W1", "30.00"));

        JsonNode waiting = waiting();
        assertThat(waiting.path("count").asLong()).isEqualTo(1);
        assertThat(waiting.path("amount").asString()).isEqualTo("30.00");
        JsonNode first = waiting.path("refunds").get(0);
        assertThat(first.path("messageId").asString()).isEqualTo("early");
        assertThat(first.path("orderId").asString()).isEqualTo("W1");
        assertThat(first.path("amount").asString()).isEqualTo("30.00");
        assertThat(first.path("customerId").asString()).isNotBlank();
        assertThat(first.path("refundedAt").isMissingNode()).isFalse();
        assertThat(orders("u1").path("waiting").asString()).isEqualTo("30.00");
        assertThat(orders("u1").path("net").asString()).isEqualTo("0.00");

        events.send(Message.order("W1", "100.00").user("u1"));

        assertThat(waiting().path("count").asLong()).isZero();
        JsonNode orders = orders("u1");
        assertThat(orders.path("waiting").asString()).isEqualTo("0.00");
        assertThat(orders.path("refunded").asString()).isEqualTo("30.00");
        assertThat(orders.path("net").asString()).isEqualTo("70.00");
    }

    @Test
    void theWaitingListIsPagedOldestFirst() {
        for (int i = 1; i <= 3; i++) {
            events.send(refund("w" + i, "u1", "P" + i, i + ".00").at("2026-03-0" + i + "T02:00:00Z"));
        }

        Api.Reply page =
                api.get("/api/v1/refunds/waiting?brand=" + tenant.brand().id() + "&limit=2");
        Api.Reply rest =
                api.get("/api/v1/refunds/waiting?brand=" + tenant.brand().id() + "&limit=2&offset="
                        + page.json().path("next").asInt());

        assertThat(page.json().path("count").asLong()).isEqualTo(3);
        assertThat(page.json().path("amount").asString()).isEqualTo("6.00");
        assertThat(page.json().path("refunds").findValuesAsString("messageId")).containsExactly("w1", "w2");
        assertThat(rest.json().path("refunds").findValuesAsString("messageId")).containsExactly("w3");
        assertThat(rest.json().path("next").isNumber()).isFalse();
        assertThat(api.get("/api/v1/refunds/waiting?brand=" + tenant.brand().id() + "&limit=0")
                        .errorField())
                .isEqualTo("limit");
    }

    @Test
    void anOrderForLessThanItsWaitingRefundsIsAcceptedTheyCountUpToWhatWasPaidAndTheExcessIsReported() {
        events.send(refund("e1", "u1", "X1", "60.00"));
        events.send(refund("e2", "u1", "X1", "30.00"));

        events.send(Message.order("X1", "50.00").user("u1"));
        Api.Reply more =
                events.attempt("track", refund("e3", "u1", "X1", "0.01").json());
        events.send(refund("rest", "u1", "X1", null)); // "the rest" of nothing: zero

        JsonNode orders = orders("u1");
        assertThat(orders.path("paid").asString()).isEqualTo("50.00");
        assertThat(orders.path("refunded").asString()).isEqualTo("50.00");
        assertThat(orders.path("net").asString()).isEqualTo("0.00");
        assertThat(more.status()).isEqualTo(400);
        assertThat(more.errorField()).isEqualTo("properties.total");
        JsonNode waiting = waiting();
        assertThat(waiting.path("count").asLong()).isZero();
        assertThat(waiting.path("excessOrders").asLong()).isEqualTo(1);
        assertThat(waiting.path("excessAmount").asString()).isEqualTo("40.00");
        JsonNode excess = waiting.path("excesses").get(0);
        assertThat(excess.path("orderId").asString()).isEqualTo("X1");
        assertThat(excess.path("paid").asString()).isEqualTo("50.00");
        assertThat(excess.path("refunded").asString()).isEqualTo("90.00");
        assertThat(excess.path("excess").asString()).isEqualTo("40.00");
    }

    @Test
    void anotherWorkspacesBrandIsNotFound() {
        Tenant other = tenants.aWorkspace();
        Api.Reply foreign =
                api.get("/api/v1/refunds/waiting?brand=" + other.brand().id());

        assertThat(foreign.status()).isEqualTo(404);
    }

    @Test
    void aFullRefundOfAnUnknownOrderIsStillRefusedWithItsReason() {
        Api.Reply reply =
                events.attempt("track", refund("full", "u1", "NOPE", null).json());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorField()).isEqualTo("properties.total");
        assertThat(reply.body()).contains("order NOPE is not known yet");
        assertThat(events.count("from order_refund where workspace_id = ?")).isZero();
    }

    // Regression: a return exported without the order it returns had no way in.
    @Test
    void aReturnThatNamesNoOrderIsACustomerLevelRefundCountedInNetSpend() {
        events.send(Message.order("C1", "100.00").user("u2"));
        events.send(refund("ret", "u2", null, "25.50").property("refund_id", "RMA-7"));

        assertThat(jdbc.queryForMap(
                        "select order_id, amount_fen from order_refund where workspace_id = ? and message_id = 'ret'",
                        events.workspaceId()))
                .containsEntry("ORDER_ID", null)
                .containsEntry("AMOUNT_FEN", 2550L);
        assertThat(jdbc.queryForObject(
                        "select payload from event_log where workspace_id = ? and message_id = 'ret'",
                        String.class,
                        events.workspaceId()))
                .contains("RMA-7");
        JsonNode orders = orders("u2");
        assertThat(orders.path("refunded").asString()).isEqualTo("0.00");
        assertThat(orders.path("refundedWithoutOrder").asString()).isEqualTo("25.50");
        assertThat(orders.path("net").asString()).isEqualTo("74.50");
        assertThat(waiting().path("count").asLong()).as("it waits for nothing").isZero();

        List<LoggedEvent> read =
                log.next(events.workspaceId(), Reading.everything().named(EventNames.ORDER_REFUNDED), 10);
        assertThat(read).hasSize(1);
        assertThat(read.get(0).refund()).isEqualTo(new LoggedEvent.Refund(null, 2550, null, null));
        assertThat(read.get(0).refund().customerLevel()).isTrue();
    }

    @Test
    void aReturnWithoutOrderOrAmountIsRefusedNamingTheField() {
        Api.Reply none =
                events.attempt("track", refund("bare", "u3", null, null).json());
        Api.Reply longId = events.attempt(
                "track",
                refund("long", "u3", null, "1.00")
                        .property("refund_id", "r".repeat(201))
                        .json());

        assertThat(none.status()).isEqualTo(400);
        assertThat(none.errorField()).isEqualTo("properties.order_id");
        assertThat(none.body()).contains("properties.total");
        assertThat(longId.status()).isEqualTo(400);
        assertThat(longId.errorField()).isEqualTo("properties.refund_id");
        assertThat(events.count("from event_log where workspace_id = ?")).isZero();
    }
}
