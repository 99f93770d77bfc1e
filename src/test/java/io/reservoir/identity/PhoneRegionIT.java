package io.reservoir.identity;

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

/** A brand abroad: its phone region reads numbers written without country code. */
@ReservoirIT
class PhoneRegionIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Customers customers;

    Tenant tenant;
    Events events;
    Api api;

    @BeforeEach
    void workspace() {
        tenant = tenants.aWorkspace();
        events = new Events(port, tenant, jdbc);
        api = Api.on(port).bearer(tenant.managementKey());
    }

    @Test
    void aBritishBrandKnowsANationalAndAnInternationalNumberAsOnePerson() {
        // the intake has read (and keeps) the brand while it was still in region CN
        events.send(Message.track("Store Visited").anonymous("before").identity("phone", "13800138000"));
        var patched = api.patch("/api/v1/brands/" + tenant.brand().id(), "{\"phoneRegion\":\"gb\"}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().path("phoneRegion").asString()).isEqualTo("GB");

        events.send(Message.identify().anonymous("a1").identity("phone", "07400 123456"));
        events.send(Message.track("Store Visited").anonymous("a2").identity("phone", "+44 7400 123456"));
        events.send(Message.track("Store Visited").anonymous("a3").identity("phone", "0044-7400-123456"));

        Integer person = events.customerOf("anonymous_id", "a1");
        assertThat(person).isNotNull();
        assertThat(events.customerOf("anonymous_id", "a2")).isEqualTo(person);
        assertThat(events.customerOf("anonymous_id", "a3")).isEqualTo(person);
        assertThat(customers.findByIdentity(tenant.admin(), new IdentityValue(IdentityType.PHONE, "+447400123456")))
                .get()
                .extracting(CustomerRef::customerNo)
                .isEqualTo(person);
        // a Chinese mobile still reaches its profile when written with its country code
        events.send(Message.track("Store Visited").anonymous("after").identity("phone", "+86 138 0013 8000"));
        assertThat(events.customerOf("anonymous_id", "after")).isEqualTo(events.customerOf("anonymous_id", "before"));
        // logged payloads keep the number masked
        assertThat(events.count("from event_log where workspace_id = ? and payload like ?", "%7400 123456%"))
                .isZero();
    }

    @Test
    void aNumberThatIsNotOneOfTheRegionIsRefusedNamingFieldAndRegion() {
        api.patch("/api/v1/brands/" + tenant.brand().id(), "{\"phoneRegion\":\"GB\"}");

        var reply = events.attempt(
                "track",
                Message.track("Store Visited")
                        .anonymous("x")
                        .identity("phone", "13800138000")
                        .json());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorField()).isEqualTo("context.identities.phone");
        assertThat(reply.body()).contains("is not a valid phone number for region GB");
        assertThat(events.count("from event_log where workspace_id = ?")).isZero();
    }

    @Test
    void aRegionThatIsNoCountryIsRefused() {
        var reply = api.patch("/api/v1/brands/" + tenant.brand().id(), "{\"phoneRegion\":\"XX\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorField()).isEqualTo("phoneRegion");
    }
}
