package io.reservoir.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An order carries its lines: an order of a thousand lines is a normal order and is stored whole;
 * beyond an order's limit, or an ordinary event's, the call is refused with the limit it broke.
 */
@ReservoirIT
class OrderSizeIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    Events events;

    @BeforeEach
    void workspace() {
        events = new Events(port, tenants.aWorkspace(), jdbc);
    }

    @Test
    void anOrderOfAThousandLinesIsStoredWhole() {
        Message order =
                Message.order("O-1000", "100000.00").user("u-1").properties("{\"products\":" + products(1_000) + "}");

        events.send(order);

        String items = jdbc.queryForObject(
                "select items from customer_order where workspace_id = ? and order_id = 'O-1000'",
                String.class,
                events.workspaceId());
        assertThat(json.readTree(items).size()).isEqualTo(1_000);
        assertThat(json.readTree(items).get(999).path("sku").asString()).isEqualTo("SKU-999");
        assertThat(events.count("from event_log where workspace_id = ? and event_name = 'Order Completed'"))
                .isEqualTo(1);
    }

    @Test
    void anOrderBeyondTheOrderLimitIsRefusedWithThatLimit() {
        Message order =
                Message.order("O-huge", "1.00").user("u-1").properties("{\"products\":" + products(4_000) + "}");

        var reply = events.attempt("track", order.json());

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.body()).contains(Integer.toString(MessageParser.MAX_ORDER_EVENT_BYTES));
        assertThat(events.count("from customer_order where workspace_id = ?")).isZero();
    }

    @Test
    void anOrdinaryEventKeepsTheEventLimit() {
        Message visit = Message.track("Product Viewed").user("u-1").properties("{\"lines\":" + products(300) + "}");

        var reply = events.attempt("track", visit.json());

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.body()).contains(Integer.toString(MessageParser.MAX_EVENT_BYTES));
        assertThat(events.count("from event_log where workspace_id = ?")).isZero();
    }

    /** Order lines as a shop sends them: about 150 bytes each. */
    private String products(int lines) {
        ArrayNode products = json.createArrayNode();
        for (int i = 0; i < lines; i++) {
            ObjectNode line = products.addObject();
            line.put("product_id", "P-" + i);
            line.put("sku", "SKU-" + i);
            line.put("name", "Linen shirt, long sleeves, size " + (38 + i % 8));
            line.put("category", "apparel/shirts");
            line.put("price", "199.00");
            line.put("quantity", 1 + i % 3);
        }
        return products.toString();
    }
}
