package io.reservoir.audience;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.audience.RandomRules.Vocabulary;
import io.reservoir.identity.Customers;
import io.reservoir.loyalty.LoyaltyRounds;
import io.reservoir.support.Api;
import io.reservoir.support.DemoBrand;
import io.reservoir.support.Events;
import io.reservoir.support.LooseRefunds;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The differential test of the audience engine: on a simulated brand (members, tiers, points,
 * orders, refunds, relations, consent, tags), hundreds of random rules select exactly the same
 * customers from the in-memory index as from the reference SQL evaluator — first on the index as
 * built from the database, then again after new orders, relations, consent, tags, a merge and an
 * erasure have reached it incrementally, and after each of a series of ledger writes through the API.
 */
@ReservoirIT
@TestPropertySource(properties = "reservoir.audience.horizon-days=3650")
class IndexEngineDifferentialIT {

    /** Another seed: {@code -Dreservoir.audience.seed=N}. */
    static final long SEED = Long.getLong("reservoir.audience.seed", 5_000_001L);

    static final Instant NOW =
            DemoBrand.START.plusDays(DemoBrand.DAYS).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    DemoBrand demoBrand;

    @Autowired
    Audiences audiences;

    @Autowired
    SegmentSql sql;

    @Autowired
    Tags tags;

    @Autowired
    LoyaltyRounds loyaltyRounds;

    @Autowired
    Segments segments;

    @Autowired
    Customers customers;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    Tenant tenant;
    long ws;

    @Test
    void randomRulesSelectTheSameCustomersFromTheIndexAsFromSql() {
        tenant = tenants.aWorkspace();
        ws = tenant.workspace().id();
        long brand = tenant.brand().id();
        Api.Reply program = Api.on(port).bearer(tenant.managementKey()).put("/api/v1/loyalty/programs/" + brand, """
                {"pointsPerYuan": 1, "expiry": "never",
                 "tiers": {"basis": "net_spend", "levels": [
                    {"code": "silver", "name": "银卡", "threshold": 0},
                    {"code": "gold", "name": "金卡", "threshold": 300},
                    {"code": "platinum", "name": "铂金卡", "threshold": 1500}]}}
                """);
        assertThat(program.status()).as(program.body()).isEqualTo(200);
        demoBrand.simulate(tenant, 400);
        Events events = new Events(port, tenant, jdbc);
        // returns that name no order, refunds before their order (some for more), refunds still waiting
        LooseRefunds.send(
                events,
                jdbc,
                SEED,
                Instant.parse("2025-08-20T00:00:00Z"),
                Instant.parse("2025-11-20T00:00:00Z"),
                80,
                tenant.brand().name());
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> users = jdbc.queryForList(
                "select lookup_key from customer_identity where workspace_id = ? and id_type = 'tmall_ouid' order by 1",
                String.class,
                ws);
        // a JD account of a customer who has no Tmall id, so that linking it merges two customers
        List<String> jdPins = jdbc.queryForList("""
                select j.lookup_key from customer_identity j where j.workspace_id = ? and j.id_type = 'jd_pin'
                   and not exists (select 1 from customer_identity t where t.workspace_id = j.workspace_id
                                   and t.customer_no = j.customer_no and t.id_type = 'tmall_ouid')
                 order by 1
                """, String.class, ws);
        for (int i = 0; i < 80; i++) {
            String age = random.nextInt(10) == 0 ? "abc" : Integer.toString(random.nextInt(18, 66));
            events.send(Message.identify()
                    .identity("tmall_ouid", users.get(random.nextInt(users.size())))
                    .at("2025-09-01T00:00:00Z")
                    .trait("age", age));
        }
        Tag rfm = tags.create(tenant.admin(), "rfm", TagKind.MANUAL, null, null);
        Tag vip = tags.create(tenant.admin(), "vip", TagKind.MANUAL, null, null);
        List<Integer> active = jdbc.queryForList(
                "select customer_no from customer where workspace_id = ? and status = 'active'", Integer.class, ws);
        for (String value : List.of("champions", "loyal", "at_risk")) {
            tags.assign(tenant.admin(), rfm.id(), value, sample(random, active, 60), "test");
        }
        tags.assign(tenant.admin(), vip.id(), null, sample(random, active, 50), "test");
        loyaltyRounds.runNow(ws);
        segments.create(
                tenant.admin(), "gold", json.readTree("{\"tier\": {\"brand\": " + brand + ", \"in\": [\"gold\"]}}"));
        segments.create(
                tenant.admin(),
                "recent buyers",
                json.readTree("{\"event\": \"Order Completed\", \"within\": {\"days\": 30}}"));

        compare(300, new RandomRules(SEED, vocabulary()));

        for (int i = 0; i < 10; i++) {
            String user = users.get(random.nextInt(users.size()));
            events.send(Message.order("late-" + i, (100 + 37 * i) + ".50")
                    .identity("tmall_ouid", user)
                    .channel("tmall")
                    .at("2025-11-2" + (i % 8) + "T03:00:00Z"));
            events.send(
                    Message.track("Store Followed").identity("tmall_ouid", user).at("2025-11-25T03:00:00Z"));
            events.send(Message.track("Order Refunded") // a return that names no order, read after the load
                    .identity("tmall_ouid", user)
                    .channel("tmall")
                    .at("2025-11-2" + (i % 8) + "T05:00:00Z")
                    .property("total", (20 + 11 * i) + ".00"));
            events.send(Message.identify()
                    .identity("tmall_ouid", users.get(random.nextInt(users.size())))
                    .at("2025-11-26T03:00:00Z")
                    .traits("{\"consent\": {\"sms\": false}, \"city\": \"苏州\"}"));
        }
        long mergedBefore = merged();
        tags.assign(tenant.admin(), vip.id(), null, sample(random, active, 20), "test");
        tags.remove(tenant.admin(), rfm.id(), sample(random, active, 20), "test");
        events.send(Message.track("Checked In")
                .at("2025-11-27T03:00:00Z")
                .identity("tmall_ouid", users.get(0))
                .identity("jd_pin", jdPins.get(0)));
        String erased = jdbc.queryForObject(
                "select public_id from customer where workspace_id = ? and status = 'active' order by customer_no desc fetch first 1 rows only",
                String.class,
                ws);
        customers.erase(tenant.admin(), erased);
        loyaltyRounds.runNow(ws);
        assertThat(merged()).as("customers merged by linking two identities").isEqualTo(mergedBefore + 1);

        compare(150, new RandomRules(SEED + 1, vocabulary()));

        ledgerWritesReachTheIndexBeforeTheNextCount(brand, random);
    }

    /**
     * Earnings, spends and adjustments through the API, each followed by counts of points rules:
     * the index must answer what the ledger holds at once, not after the member's next event.
     */
    private void ledgerWritesReachTheIndexBeforeTheNextCount(long brand, SplittableRandom random) {
        Api management = Api.on(port).bearer(tenant.managementKey());
        List<String> members = jdbc.queryForList("""
                select c.public_id from loyalty_member m
                  join customer c on c.workspace_id = m.workspace_id and c.customer_no = m.customer_no
                 where m.workspace_id = ? and m.brand_id = ? and m.left_at is null and c.status = 'active'
                 order by 1
                """, String.class, ws, brand);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String member = members.get(random.nextInt(members.size()));
            String path = switch (i % 3) {
                case 0 -> "earn";
                case 1 -> "spend";
                default -> "adjustments";
            };
            long points = random.nextInt(1, 600) * (path.equals("adjustments") && random.nextBoolean() ? -1 : 1);
            Api.Reply written = management.post(
                    "/api/v1/loyalty/accounts/" + member + "/" + path,
                    json.createObjectNode()
                            .put("brand", brand)
                            .put("points", points)
                            .put("key", "differential-" + i)
                            .put("reason", "differential test")
                            .toString());
            assertThat(written.status())
                    .as(path + " " + written.body())
                    .isIn(200, 400); // a spend may exceed the balance
            for (int threshold : new int[] {1, 300, 900}) {
                SegmentRule rule = segments.check(
                        tenant.admin(),
                        json.readTree("{\"points\": {\"brand\": " + brand + ", \"gte\": " + threshold + "}}"));
                int[] reference = sql.evaluate(ws, rule, NOW);
                int[] engine = audiences.select(ws, rule, NOW).toArray();
                if (!Arrays.equals(reference, engine)) {
                    mismatches.add("after " + path + " " + points + " for " + member + ", points ≥ " + threshold
                            + ": SQL " + reference.length + ", index " + engine.length);
                }
            }
        }
        assertThat(mismatches).as("counts that missed a ledger write").isEmpty();
    }

    private void compare(int rules, RandomRules generator) {
        List<String> mismatches = new ArrayList<>();
        int nonEmpty = 0;
        for (int i = 0; i < rules; i++) {
            SegmentRule rule = generator.next();
            int[] reference = sql.evaluate(ws, rule, NOW);
            int[] engine = audiences.select(ws, rule, NOW).toArray();
            if (!Arrays.equals(reference, engine)) {
                mismatches.add(rule.toJson() + ": SQL " + reference.length + ", index " + engine.length
                        + ", differing customers " + difference(reference, engine));
            }
            if (reference.length > 0) {
                nonEmpty++;
            }
        }
        assertThat(mismatches).as("rules the index engine answers differently").isEmpty();
        assertThat(nonEmpty).as("rules that select someone").isGreaterThan(rules / 4);
    }

    /** Customer numbers in one answer and not the other (the first few). */
    private static List<Integer> difference(int[] a, int[] b) {
        java.util.Set<Integer> left =
                new java.util.TreeSet<>(Arrays.stream(a).boxed().toList());
        java.util.Set<Integer> right =
                new java.util.TreeSet<>(Arrays.stream(b).boxed().toList());
        java.util.Set<Integer> both = new java.util.TreeSet<>(left);
        both.retainAll(right);
        left.addAll(right);
        left.removeAll(both);
        return left.stream().limit(5).toList();
    }

    private Vocabulary vocabulary() {
        Map<String, List<String>> attributes = new HashMap<>();
        for (String name : List.of("city", "gender", "province", "age")) {
            attributes.put(
                    name,
                    jdbc.queryForList(
                            "select distinct attr_value from customer_attribute where workspace_id = ? and name = ? and attr_value is not null order by 1",
                            String.class,
                            ws,
                            name));
        }
        List<Long> brands =
                jdbc.queryForList("select id from brand where workspace_id = ? order by id", Long.class, ws);
        Map<Long, List<String>> tiers = new HashMap<>();
        brands.forEach(b -> tiers.put(b, List.of("silver", "gold", "platinum")));
        Map<String, List<String>> tagValues =
                Map.of("rfm", List.of("champions", "loyal", "at_risk", "lost"), "vip", List.of(""));
        return new Vocabulary(
                attributes,
                brands,
                tiers,
                tagValues,
                jdbc.queryForList(
                        "select distinct channel from event_log where workspace_id = ? order by 1", String.class, ws),
                List.of("store", "membership", "live_room", "group_chat", "official_account"),
                List.of(
                        "Order Completed",
                        "Order Refunded",
                        "Member Joined",
                        "Live Watched",
                        "Content Shared",
                        "Field Visited",
                        "Review Posted",
                        "Store Followed",
                        "Official Account Followed"),
                jdbc.queryForList("select id from segment where workspace_id = ? order by id", Long.class, ws));
    }

    private long merged() {
        return jdbc.queryForObject(
                "select count(*) from customer where workspace_id = ? and status = 'merged'", Long.class, ws);
    }

    /** A simulated customer named by their Tmall id. */
    private static List<Integer> sample(SplittableRandom random, List<Integer> from, int count) {
        List<Integer> picked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            picked.add(from.get(random.nextInt(from.size())));
        }
        return picked.stream().distinct().toList();
    }
}
