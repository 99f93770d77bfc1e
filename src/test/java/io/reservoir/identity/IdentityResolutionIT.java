package io.reservoir.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import io.reservoir.support.Api;
import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** OneID through the intake API: merges, conflicts, lookups, and convergence under concurrency. */
@ReservoirIT
class IdentityResolutionIT {

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

    @BeforeEach
    void workspace() {
        tenant = tenants.aWorkspace();
        events = new Events(port, tenant, jdbc);
    }

    @Test
    void anEventCarryingIdentitiesOfTwoProfilesMergesThemIntoTheOlder() {
        events.send(Message.identify().user("u1").trait("name", "王五"));
        events.send(Message.track("Store Followed").anonymous("a1").identity("tmall_ouid", "T1"));
        int older = events.customerOf("app_user_id", "u1");
        int newer = events.customerOf("tmall_ouid", "T1");
        assertThat(newer).isNotEqualTo(older);

        events.send(Message.track("Checked In").user("u1").identity("tmall_ouid", "T1"));

        assertThat(events.customerOf("tmall_ouid", "T1")).isEqualTo(older);
        assertThat(events.customerOf("anonymous_id", "a1")).isEqualTo(older);
        assertThat(events.count("from event_log where workspace_id = ? and customer_no = ?", newer))
                .isZero();
        assertThat(events.count("from customer_relation where workspace_id = ? and customer_no = ?", older))
                .isEqualTo(1);
        assertThat(events.count(
                        "from customer_merge where workspace_id = ? and winner_no = ? and loser_no = ?", older, newer))
                .isEqualTo(1);
        CustomerRef retired = customers.get(tenant.admin(), newer);
        assertThat(retired.status()).isEqualTo("merged");
        assertThat(retired.mergedInto())
                .isEqualTo(customers.get(tenant.admin(), older).id());
    }

    @Test
    void mergesChainToTheRootAndKeepTheNewestAttribute() {
        events.send(Message.identify().user("c1").at("2026-01-01T00:00:00Z").trait("city", "上海"));
        events.send(
                Message.identify().anonymous("c2").at("2026-02-01T00:00:00Z").trait("city", "北京"));
        events.send(Message.identify().anonymous("c3").trait("device_id", "D3"));
        int root = events.customerOf("app_user_id", "c1");

        events.send(Message.track("E").anonymous("c3").identity("wechat_openid", "o2"));
        events.send(Message.track("E").anonymous("c2").identity("wechat_openid", "o2"));
        events.send(Message.track("E").user("c1").identity("device_id", "D3"));

        assertThat(events.customerOf("anonymous_id", "c2")).isEqualTo(root);
        assertThat(events.customerOf("anonymous_id", "c3")).isEqualTo(root);
        assertThat(jdbc.queryForList(
                        "select distinct merged_into from customer where workspace_id = ? and status = 'merged'",
                        Integer.class,
                        events.workspaceId()))
                .containsExactly(root);
        assertThat(jdbc.queryForObject(
                        "select attr_value from customer_attribute where workspace_id = ? and customer_no = ? and name = 'city'",
                        String.class,
                        events.workspaceId(),
                        root))
                .isEqualTo("北京");
    }

    @Test
    void twoProfilesWithDifferentPhonesAreNeverMergedAndTheLinkIsAConflict() {
        events.send(Message.identify().user("p1").trait("phone", "13811112222"));
        events.send(Message.identify().user("p2").trait("phone", "13833334444").trait("member_no", "M-2"));

        events.send(Message.track("Member Joined").user("p1").property("member_no", "M-2"));

        int first = events.customerOf("app_user_id", "p1");
        int second = events.customerOf("app_user_id", "p2");
        assertThat(first).isNotEqualTo(second);
        assertThat(events.count("from identity_conflict where workspace_id = ? and id_type = 'phone'"))
                .isEqualTo(1);
        assertThat(events.count("from customer_merge where workspace_id = ?")).isZero();
    }

    @Test
    void aSecondPhoneIsNotSilentlyAddedToAProfileThatHasOne() {
        events.send(Message.identify().user("q1").trait("phone", "13855556666"));

        events.send(Message.identify().user("q1").trait("phone", "13877778888"));

        Caller analyst = new Caller(tenant.workspace().id(), Caller.ActorKind.USER, 0L, "analyst", Role.ANALYST);
        var first = customers.findByIdentity(analyst, IdentityValue.parse("identity", "phone:13855556666"));
        var second = customers.findByIdentity(analyst, IdentityValue.parse("identity", "phone:13877778888"));
        assertThat(first).isPresent();
        assertThat(second).isPresent();
        assertThat(second.get().customerNo()).isNotEqualTo(first.get().customerNo());
        assertThat(events.count("from identity_conflict where workspace_id = ?"))
                .isEqualTo(1);
    }

    @Test
    void everyWrittenFormOfAPhoneFindsTheSameProfile() {
        events.send(Message.identify().user("f1").trait("phone", "+86 139 1234 5678"));
        Api management = Api.on(port).bearer(tenant.managementKey());

        var found = List.of("phone:13912345678", "phone:%2B8613912345678", "phone:0086-139-1234-5678").stream()
                .map(q -> management
                        .get("/api/v1/customers?identity=" + q)
                        .json()
                        .path("items")
                        .get(0)
                        .path("id")
                        .asString())
                .distinct()
                .toList();
        var unknown = management.get("/api/v1/customers?identity=phone:13900000000");
        var bad = management.get("/api/v1/customers?identity=fax:123");

        assertThat(found).hasSize(1).doesNotContainNull();
        assertThat(unknown.json().path("items").size()).isZero();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorField()).isEqualTo("identity");
    }

    @Test
    void personalDataIsMaskedUnlessAnAdminRevealsItAndTheRevealIsAudited() {
        events.send(Message.identify().user("r1").trait("phone", "13698765432").trait("email", "Li.Si@Example.com"));
        Api management = Api.on(port).bearer(tenant.managementKey());
        String id = management
                .get("/api/v1/customers?identity=app_user_id:r1")
                .json()
                .path("items")
                .get(0)
                .path("id")
                .asString();

        String masked = management.get("/api/v1/customers/" + id).body();
        String revealed =
                management.get("/api/v1/customers/" + id + "?reveal=true").body();
        Caller operator = new Caller(tenant.workspace().id(), Caller.ActorKind.USER, 0L, "op", Role.OPERATOR);

        assertThat(masked).contains("136****5432").contains("l***@example.com").doesNotContain("13698765432");
        assertThat(revealed).contains("+8613698765432").contains("li.si@example.com");
        assertThat(management
                        .get("/api/v1/audit?action=customer.pii_revealed&limit=1")
                        .json()
                        .path("items")
                        .get(0)
                        .path("targetId")
                        .asString())
                .isEqualTo(id);
        Assertions.assertThatThrownBy(() -> customers.profile(operator, id, true))
                .isInstanceOf(ReservoirException.class);
    }

    @Test
    void concurrentEventsForOnePersonFromSeveralChannelsConvergeToOneProfile() throws Exception {
        String[] channelIdentities = {
            "tmall_ouid",
            "jd_pin",
            "douyin_openid",
            "wechat_openid",
            "wecom_external_id",
            "taobao_nick",
            "device_id",
            "email"
        };
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> sends = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            for (String type : channelIdentities) {
                String value = type.equals("email") ? "same.person@example.com" : type + "-value";
                int r = round;
                sends.add(pool.submit(() -> events.send(Message.track("Field Visited")
                        .property("field", "store")
                        .id(type + r)
                        .identity(type, value)
                        .identity("phone", "13512340000"))));
            }
        }
        for (Future<?> send : sends) {
            send.get();
        }
        pool.shutdown();

        List<Integer> owners = jdbc.queryForList(
                "select distinct customer_no from customer_identity where workspace_id = ?",
                Integer.class,
                events.workspaceId());
        assertThat(owners).hasSize(1);
        assertThat(events.count("from customer_identity where workspace_id = ?"))
                .isEqualTo(channelIdentities.length + 1);
        assertThat(events.count("from event_log where workspace_id = ? and customer_no = ?", owners.get(0)))
                .isEqualTo(40);
    }
}
