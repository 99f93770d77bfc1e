package io.reservoir.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.platform.tenancy.Brands;
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
import tools.jackson.databind.JsonNode;

/** Joint membership: joining one brand with consent enrolls in the joint program's others, once. */
@ReservoirIT
class JointMembershipIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Brands brands;

    @Autowired
    PointsEarner earner;

    @Autowired
    JointEnroller enroller;

    @Autowired
    Memberships memberships;

    @Autowired
    PointsLedger ledger;

    Tenant tenant;
    Events events;
    Api api;
    long ws;
    long first;
    long second;

    @BeforeEach
    void workspace() {
        tenant = tenants.aWorkspace();
        events = new Events(port, tenant, jdbc);
        api = Api.on(port).bearer(tenant.managementKey());
        ws = tenant.workspace().id();
        first = tenant.brand().id();
        second = brands.create(tenant.admin(), "Sister brand", null).id();
        for (long brand : new long[] {first, second}) {
            assertThat(api.put(
                                    "/api/v1/loyalty/programs/" + brand,
                                    "{\"pointsPerYuan\":1,\"joining\":{\"giftPoints\":" + (brand == first ? 20 : 10)
                                            + "}}")
                            .status())
                    .isEqualTo(200);
        }
    }

    private void join(String user, boolean consent) {
        events.send(Message.track("Member Joined")
                .id("j-" + user)
                .user(user)
                .brand(first)
                .channel("tmall")
                .property("jointConsent", consent));
    }

    private void run() {
        earner.catchUp(ws, 1_000);
        enroller.send(ws);
        earner.catchUp(ws, 1_000);
    }

    @Test
    void joiningOneBrandWithConsentEnrollsInTheOthersAndTheReportCountsThem() {
        Api.Reply created = api.post(
                "/api/v1/loyalty/joint-programs", "{\"name\":\"集团联合会员\",\"brands\":[" + first + "," + second + "]}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        long program = created.json().path("id").asLong();
        join("with-consent", true);
        join("without", false);

        run();
        run();

        int member = events.customerOf("app_user_id", "with-consent");
        Member enrolled = memberships.find(ws, second, member).orElseThrow();
        assertThat(enrolled.viaBrandId()).isEqualTo(first);
        assertThat(ledger.account(ws, second, member).balance())
                .as("the sister brand's gift, once")
                .isEqualTo(10);
        assertThat(memberships.find(ws, second, events.customerOf("app_user_id", "without")))
                .isEmpty();
        assertThat(events.count(
                        "from customer_relation where workspace_id = ? and brand_id = ? and field = 'membership'",
                        second))
                .as("the relation with the sister brand is open too")
                .isEqualTo(1);
        JsonNode report =
                api.get("/api/v1/loyalty/joint-programs/" + program + "/report").json();
        assertThat(report.path("gains").size()).isEqualTo(1);
        assertThat(report.path("gains").get(0).path("brandId").asLong()).isEqualTo(second);
        assertThat(report.path("gains").get(0).path("viaBrandId").asLong()).isEqualTo(first);
        assertThat(report.path("gains").get(0).path("members").asLong()).isEqualTo(1);

        jdbc.update(
                "update loyalty_member set joint_pending = true where workspace_id = ? and brand_id = ? and customer_no = ?",
                ws,
                first,
                member);
        run();
        assertThat(events.count("from event_log where workspace_id = ? and event_name = 'Member Joined'"))
                .as("sending the enrolment again is a replay")
                .isEqualTo(3);
    }

    @Test
    void aBrandBelongsToOneJointProgramAndAProgramNeedsTwoBrands() {
        String both = "{\"name\":\"A\",\"brands\":[" + first + "," + second + "]}";
        assertThat(api.post("/api/v1/loyalty/joint-programs", both).status()).isEqualTo(200);
        Api.Reply again = api.post("/api/v1/loyalty/joint-programs", both);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorField()).isEqualTo("brands");
        Api.Reply alone = api.post("/api/v1/loyalty/joint-programs", "{\"name\":\"B\",\"brands\":[" + first + "]}");
        assertThat(alone.status()).isEqualTo(400);
        assertThat(alone.errorField()).isEqualTo("brands");
    }
}
