package io.reservoir.audience;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import io.reservoir.support.TestClock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A rule on what {@code Order Refunded} events refunded, in the index engine and in the reference
 * evaluator: refunds of orders (a full one without an amount included), a refund still waiting
 * for its order, and a return that names no order.
 */
@ReservoirIT
class RefundSumsIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    Segments segments;

    @Autowired
    SegmentSql sql;

    @Autowired
    Audiences audiences;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    @Test
    void aRuleSumsWhatRefundEventsRefundedOfOrdersAndOfCustomers() {
        Tenant tenant = tenants.aWorkspace();
        Events events = new Events(port, tenant, jdbc);
        Instant now = TestClock.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        Instant day = now.minus(2, ChronoUnit.DAYS);
        events.send(Message.order("A1", "100.00").user("ann").at(day));
        events.send(Message.track("Order Refunded").user("ann").at(day).property("order_id", "A1")); // all 100
        events.send(Message.track("Order Refunded").user("bob").at(day).property("total", "60.00")); // no order
        events.send(Message.track("Order Refunded")
                .user("cat")
                .at(day)
                .property("order_id", "C9")
                .property("total", "30.00")); // waits for its order
        int ann = events.customerOf("app_user_id", "ann");
        int bob = events.customerOf("app_user_id", "bob");
        int cat = events.customerOf("app_user_id", "cat");

        assertThat(select(tenant, now, "{\"gte\": 50}")).containsExactlyInAnyOrder(ann, bob);
        assertThat(select(tenant, now, "{\"eq\": 60}")).containsExactly(bob);
        assertThat(select(tenant, now, "{\"gte\": 0.01, \"lte\": 59.99}")).containsExactly(cat);
    }

    private int[] select(Tenant tenant, Instant now, String sum) {
        SegmentRule rule = segments.check(
                tenant.admin(),
                json.readTree("{\"event\": \"Order Refunded\", \"within\": {\"days\": 7}, \"sum\": " + sum + "}"));
        int[] reference = sql.evaluate(tenant.workspace().id(), rule, now);
        assertThat(audiences.select(tenant.workspace().id(), rule, now).toArray())
                .as("the index engine agrees with the reference on %s", sum)
                .containsExactly(reference);
        return reference;
    }
}
