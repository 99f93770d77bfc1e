package io.reservoir.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import io.reservoir.platform.tenancy.User;
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

/** Undoing a wrong merge, and erasing a customer on request, through the management API. */
@ReservoirIT
class UnmergeAndErasureIT {

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

    /** Two people, each with an order, a relation and a name, wrongly joined by one event. */
    private void twoPeopleWronglyMerged() {
        events.send(Message.identify().id("m1").user("u1").trait("name", "张三").trait("phone", "13800000001"));
        events.send(Message.order("A1", "100.00").id("m2").user("u1"));
        events.send(Message.identify()
                .id("m3")
                .identity("tmall_ouid", "T9")
                .trait("name", "李四")
                .traits("{\"consent\": {\"email\": false}}"));
        events.send(Message.order("B1", "250.50").id("m4").identity("tmall_ouid", "T9"));
        events.send(Message.track("Member Joined").id("m5").identity("tmall_ouid", "T9"));
        events.send(Message.track("Checked In").id("m6").user("u1").identity("tmall_ouid", "T9"));
    }

    @Test
    void unmergingRestoresTheRetiredProfileWithItsIdentitiesEventsOrdersAndRelations() {
        twoPeopleWronglyMerged();
        int first = events.customerOf("app_user_id", "u1");
        assertThat(events.customerOf("tmall_ouid", "T9")).isEqualTo(first);
        CustomerRef retired = jdbc
                .queryForList(
                        "select loser_no from customer_merge where workspace_id = ? and winner_no = ?",
                        Integer.class,
                        events.workspaceId(),
                        first)
                .stream()
                .map(no -> customers.get(tenant.admin(), no))
                .findFirst()
                .orElseThrow();

        Api.Reply reply = api.post("/api/v1/customers/" + retired.id() + "/unmerge", "");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("status").asString()).isEqualTo("active");
        int second = retired.customerNo();
        assertThat(events.customerOf("tmall_ouid", "T9")).isEqualTo(second);
        assertThat(events.customerOf("app_user_id", "u1")).isEqualTo(first);
        assertThat(orderOwner("B1")).isEqualTo(second);
        assertThat(orderOwner("A1")).isEqualTo(first);
        assertThat(events.count("from event_log where workspace_id = ? and customer_no = ?", second))
                .as("m3, m4, m5 go back; m6 (first identity u1) stays")
                .isEqualTo(3);
        assertThat(events.count("from customer_relation where workspace_id = ? and customer_no = ?", second))
                .isEqualTo(1);
        assertThat(events.count("from customer_relation where workspace_id = ? and customer_no = ?", first))
                .isZero();
        assertThat(attribute(second, "name")).isEqualTo("李四");
        assertThat(attribute(first, "name")).isEqualTo("张三");
        assertThat(jdbc.queryForObject(
                        "select granted from customer_consent where workspace_id = ? and customer_no = ? and channel = 'email'",
                        Boolean.class,
                        events.workspaceId(),
                        second))
                .isFalse();
        assertThat(events.count(
                        "from audit_log where workspace_id = ? and action = 'customer.unmerged' and target_id = ?",
                        retired.id()))
                .isEqualTo(1);
    }

    @Test
    void unmergingAProfileThatIsNotMergedIsAConflictAndChangesNothing() {
        events.send(Message.identify().user("solo").trait("name", "王五"));
        CustomerRef solo = customers.get(tenant.admin(), events.customerOf("app_user_id", "solo"));

        Api.Reply reply = api.post("/api/v1/customers/" + solo.id() + "/unmerge", "");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.errorField()).isEqualTo("id");
        assertThat(customers.get(tenant.admin(), solo.customerNo()).status()).isEqualTo("active");
    }

    @Test
    void anotherWorkspaceCannotUnmergeOrEraseMyCustomers() {
        twoPeopleWronglyMerged();
        CustomerRef mine = customers.get(tenant.admin(), events.customerOf("app_user_id", "u1"));
        Api stranger = Api.on(port).bearer(tenants.aWorkspace().managementKey());

        assertThat(stranger.post("/api/v1/customers/" + mine.id() + "/unmerge", "")
                        .status())
                .isEqualTo(404);
        assertThat(stranger.delete("/api/v1/customers/" + mine.id()).status()).isEqualTo(404);
        assertThat(customers.get(tenant.admin(), mine.customerNo()).status()).isEqualTo("active");
    }

    @Test
    void erasureRemovesPersonalDataButKeepsTheAnonymisedOrders() {
        twoPeopleWronglyMerged();
        int customer = events.customerOf("app_user_id", "u1");
        CustomerRef ref = customers.get(tenant.admin(), customer);
        long paidBefore = paidFen();

        Api.Reply reply = api.delete("/api/v1/customers/" + ref.id());

        assertThat(reply.status()).as(reply.body()).isEqualTo(204);
        assertThat(customers.get(tenant.admin(), customer).status()).isEqualTo("erased");
        assertThat(events.count("from customer_identity where workspace_id = ? and customer_no = ?", customer))
                .isZero();
        assertThat(events.count("from customer_attribute where workspace_id = ? and customer_no = ?", customer))
                .isZero();
        assertThat(events.customerOf("tmall_ouid", "T9")).isNull();
        assertThat(api.get("/api/v1/customers?identity=phone:13800000001")
                        .json()
                        .get("items")
                        .size())
                .isZero();
        assertThat(paidFen()).as("totals stay right").isEqualTo(paidBefore).isEqualTo(35050);
        assertThat(events.count("from event_log where workspace_id = ? and customer_no = ?", customer))
                .isEqualTo(6);
        String payloads = String.join(
                "\n",
                jdbc.queryForList(
                        "select payload from event_log where workspace_id = ?", String.class, events.workspaceId()));
        assertThat(payloads).doesNotContain("u1", "T9", "张三", "李四", "138").contains("Order Completed", "250.50");
        assertThat(jdbc.queryForList(
                        "select identities from customer_merge where workspace_id = ?",
                        String.class,
                        events.workspaceId()))
                .containsOnly("[]");
        assertThat(events.count(
                        "from audit_log where workspace_id = ? and action = 'customer.erased' and target_id = ?",
                        ref.id()))
                .isEqualTo(1);

        assertThat(api.delete("/api/v1/customers/" + ref.id()).status())
                .as("erasing again changes nothing")
                .isEqualTo(204);
        events.send(Message.identify().user("u1").trait("name", "回来了"));
        assertThat(events.customerOf("app_user_id", "u1"))
                .as("the same identity later is a new person")
                .isNotEqualTo(customer);
    }

    @Test
    void onlyAnAdminMayErase() {
        events.send(Message.identify().user("keep"));
        CustomerRef ref = customers.get(tenant.admin(), events.customerOf("app_user_id", "keep"));
        User operator = tenants.aUser(tenant, Role.OPERATOR);
        Caller caller = new Caller(
                tenant.workspace().id(), Caller.ActorKind.USER, operator.id(), operator.username(), Role.OPERATOR);

        assertThatThrownBy(() -> customers.erase(caller, ref.id()))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FORBIDDEN));
        assertThat(customers.get(tenant.admin(), ref.customerNo()).status()).isEqualTo("active");
    }

    private Integer orderOwner(String orderId) {
        return jdbc.queryForObject(
                "select customer_no from customer_order where workspace_id = ? and order_id = ?",
                Integer.class,
                events.workspaceId(),
                orderId);
    }

    private String attribute(int customer, String name) {
        return jdbc.queryForObject(
                "select attr_value from customer_attribute where workspace_id = ? and customer_no = ? and name = ?",
                String.class,
                events.workspaceId(),
                customer,
                name);
    }

    private long paidFen() {
        return jdbc.queryForObject(
                "select coalesce(sum(paid_fen), 0) from customer_order where workspace_id = ?",
                Long.class,
                events.workspaceId());
    }
}
