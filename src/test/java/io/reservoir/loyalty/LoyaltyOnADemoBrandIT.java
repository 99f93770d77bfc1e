package io.reservoir.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Api;
import io.reservoir.support.DemoBrand;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole program on a simulated brand (members joining over four months, Double 11, refunds,
 * reviews, shares): run from the log by the earner alone (the schedule is off, so no anniversary
 * review interferes), it must leave every ledger consistent and every tier within what the
 * member's spending allows, and the member center must serve a simulated member.
 */
@ReservoirIT
@TestPropertySource(properties = "reservoir.loyalty.interval=1h")
class LoyaltyOnADemoBrandIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    DemoBrand demoBrand;

    @Autowired
    PointsEarner earner;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aSimulatedBrandsProgramKeepsEveryLedgerAndTierConsistent() {
        Tenant tenant = tenants.aWorkspace();
        long ws = tenant.workspace().id();
        long brand = tenant.brand().id();
        Api api = Api.on(port).bearer(tenant.managementKey());
        Api.Reply program = api.put("/api/v1/loyalty/programs/" + brand, """
                {"pointsPerYuan": 1, "expiry": "end_of_next_year", "allowDebt": false,
                 "joining": {"giftPoints": 50},
                 "tiers": {"basis": "net_spend", "graceDays": 30, "levels": [
                    {"code": "member", "threshold": 0},
                    {"code": "gold", "threshold": 500, "pointsMultiplier": 1.5},
                    {"code": "platinum", "threshold": 2000, "pointsMultiplier": 2}]},
                 "actions": {"review": {"points": 10, "maxPerDay": 1}, "share": {"points": 2, "maxPerMonth": 5},
                             "first_order": {"points": 20}}}
                """);
        assertThat(program.status()).as(program.body()).isEqualTo(200);
        demoBrand.simulate(tenant, 300);
        while (earner.catchUp(ws, 500) == 500) {
            // the whole log
        }

        long members = count("select count(*) from loyalty_member where workspace_id = ? and left_at is null", ws);
        assertThat(members).as("the simulated joins made members").isGreaterThan(50);
        JsonNode distribution =
                api.get("/api/v1/loyalty/programs/" + brand + "/tiers").json().path("members");
        long inTiers = 0;
        for (String tier : List.of("member", "gold", "platinum")) {
            inTiers += distribution.path(tier).asLong();
        }
        assertThat(inTiers).isEqualTo(members);
        assertThat(distribution.path("gold").asLong()
                        + distribution.path("platinum").asLong())
                .as("Double 11 spending lifts some members")
                .isPositive();

        assertThat(jdbc.queryForList("""
                        select a.customer_no from points_account a
                         where a.workspace_id = ?
                           and (a.balance < 0
                                or a.balance <> (select coalesce(sum(e.points), 0) from points_entry e
                                                  where e.workspace_id = a.workspace_id and e.brand_id = a.brand_id
                                                    and e.customer_no = a.customer_no)
                                or a.balance <> (select coalesce(sum(l.remaining), 0) from points_entry l
                                                  where l.workspace_id = a.workspace_id and l.brand_id = a.brand_id
                                                    and l.customer_no = a.customer_no))
                        """, Integer.class, ws))
                .as("balance = entries = open lots, never negative")
                .isEmpty();

        // all simulated days fall in one 12-month window: a tier lies between what the final net
        // spend reaches and what everything ever paid reaches
        Map<String, Long> thresholds = Map.of("member", 0L, "gold", 50_000L, "platinum", 200_000L);
        List<Map<String, Object>> tiers = jdbc.queryForList("""
                select m.customer_no, m.tier_code,
                       (select coalesce(sum(o.paid_fen), 0) from customer_order o
                         where o.workspace_id = m.workspace_id and o.brand_id = m.brand_id
                           and o.customer_no = m.customer_no) as paid,
                       (select coalesce(sum(r.amount_fen), 0) from order_refund r
                         where r.workspace_id = m.workspace_id and r.brand_id = m.brand_id
                           and r.customer_no = m.customer_no) as refunded
                  from loyalty_member m where m.workspace_id = ? and m.left_at is null
                """, ws);
        for (Map<String, Object> row : tiers) {
            long paid = ((Number) row.get("paid")).longValue();
            long net = paid - ((Number) row.get("refunded")).longValue();
            long threshold = thresholds.get((String) row.get("tier_code"));
            assertThat(threshold).as("tier of %s", row).isLessThanOrEqualTo(paid);
            assertThat(reached(thresholds, net)).as("tier of %s", row).isLessThanOrEqualTo(threshold);
        }

        int someone = ((Number) tiers.get(0).get("customer_no")).intValue();
        String id = jdbc.queryForObject(
                "select public_id from customer where workspace_id = ? and customer_no = ?", String.class, ws, someone);
        String token = api.post("/api/v1/member-center/brands/" + brand + "/members/" + id + "/passes", "{}")
                .json()
                .path("token")
                .asString();
        JsonNode profile = Api.on(port)
                .bearer(token)
                .get("/api/v1/member-center/brands/" + brand + "/members/me")
                .json();
        assertThat(profile.path("customerId").asString()).isEqualTo(id);
        assertThat(profile.path("tier").path("code").asString())
                .isEqualTo(tiers.get(0).get("tier_code"));
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    private static long reached(Map<String, Long> thresholds, long value) {
        return thresholds.values().stream()
                .filter(t -> t <= value)
                .max(Long::compare)
                .orElse(0L);
    }
}
