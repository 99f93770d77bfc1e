package io.reservoir.audience;

import static io.reservoir.audience.SegmentsApiIT.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.identity.Customers;
import io.reservoir.support.Api;
import io.reservoir.support.DemoBrand;
import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import io.reservoir.support.TestClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PrimitiveIterator;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Snapshots: frozen members, paged and exported, following merges and erasures, and in the way of deleting. */
@ReservoirIT
class SnapshotsIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    Tags tags;

    @Autowired
    Customers customers;

    @Autowired
    Snapshots snapshots;

    @Autowired
    Audiences audiences;

    @Autowired
    DemoBrand demoBrand;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate jdbc;

    Tenant tenant;
    Api api;
    long ws;
    Events events;
    Tag vip;

    @BeforeEach
    void workspace() {
        tenant = tenants.aWorkspace();
        ws = tenant.workspace().id();
        api = Api.on(port).bearer(tenant.managementKey());
        events = new Events(port, tenant, jdbc);
        vip = tags.create(tenant.admin(), "vip", TagKind.MANUAL, null, null);
    }

    @Test
    void aSnapshotKeepsTheMembersOfItsMomentWhateverChangesAfterwards() {
        int p1 = customer("p1", "13800000001");
        int p2 = customer("p2", "13800000002");
        int p3 = customer("p3", "13800000003");
        tags.assign(tenant.admin(), vip.id(), null, List.of(p1, p2), "upload");
        long segment = segment("VIP", "{\"tag\": \"vip\"}");

        Api.Reply taken = api.post("/api/v1/segments/" + segment + "/snapshots", "");

        assertThat(taken.status()).as(taken.body()).isEqualTo(201);
        long id = taken.json().path("id").asLong();
        assertThat(taken.json().path("size").asInt()).isEqualTo(2);
        assertThat(taken.json().path("segmentId").asLong()).isEqualTo(segment);
        assertThat(taken.json().path("rule").toString()).isEqualTo("{\"tag\":\"vip\"}");
        assertThat(taken.json().path("text").path("en").asString()).isEqualTo("tagged vip");
        Instant takenAt = Instant.parse(taken.json().path("takenAt").asString());

        tags.remove(tenant.admin(), vip.id(), List.of(p1), "correction");
        tags.assign(tenant.admin(), vip.id(), null, List.of(p3), "upload");
        assertThat(api.put("/api/v1/segments/" + segment, "{\"rule\": {\"identity\": \"email\"}}")
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/segments/" + segment + "/count")
                        .json()
                        .path("count")
                        .asInt())
                .isZero();

        JsonNode snapshot = api.get("/api/v1/snapshots/" + id).json();
        assertThat(snapshot.path("rule").toString()).isEqualTo("{\"tag\":\"vip\"}");
        assertThat(snapshot.path("size").asInt()).isEqualTo(2);
        assertThat(Instant.parse(snapshot.path("takenAt").asString())).isEqualTo(takenAt);
        assertThat(members(id, 1000)).containsExactly(id(p1), id(p2));
        assertThat(members(id, 1)).as("page by page").containsExactly(id(p1), id(p2));
        assertThat(snapshots.members(ws, id)).isEqualTo(RoaringBitmap.bitmapOf(p1, p2));
        List<Integer> iterated = new ArrayList<>();
        snapshots.iterator(ws, id).forEachRemaining((int no) -> iterated.add(no));
        assertThat(iterated).containsExactly(p1, p2);
        assertThat(api.get("/api/v1/segments/" + segment + "/snapshots")
                        .json()
                        .path("items")
                        .findValuesAsString("id"))
                .containsExactly(Long.toString(id));

        Api stranger = Api.on(port).bearer(tenants.aWorkspace().managementKey());
        assertThat(stranger.get("/api/v1/snapshots/" + id).status()).isEqualTo(404);
        assertThat(stranger.get("/api/v1/snapshots/" + id + "/members").status())
                .isEqualTo(404);
        assertThat(stranger.get("/api/v1/snapshots/" + id + "/export").status()).isEqualTo(404);
        assertThat(stranger.post("/api/v1/segments/" + segment + "/snapshots", "")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aLargeSnapshotIsWrittenInBatchesAndWhole() {
        demoBrand.simulate(tenant, 150);
        long segment =
                segment("Everyone", "{\"any\": [{\"identity\": \"phone\"}, {\"not\": {\"identity\": \"phone\"}}]}");

        Snapshot snapshot = tx.execute(status -> snapshots.take(tenant.admin(), segment, 97));

        RoaringBitmap everyone = audiences.select(
                ws,
                StoredRule.read("{\"any\": [{\"identity\": \"phone\"}, {\"not\": {\"identity\": \"phone\"}}]}"),
                TestClock.now());
        assertThat(snapshot.size()).as("several batches").isGreaterThan(3 * 97).isEqualTo(everyone.getCardinality());
        assertThat(snapshots.members(ws, snapshot.id())).isEqualTo(everyone);
        List<String> paged = new ArrayList<>();
        Integer after = null;
        do {
            JsonNode page = api.get("/api/v1/snapshots/" + snapshot.id() + "/members?limit=100"
                            + (after == null ? "" : "&after=" + after))
                    .json();
            page.path("items").forEach(item -> paged.add(item.asString()));
            after = page.path("next").isNumber() ? page.path("next").asInt() : null;
        } while (after != null);
        assertThat(paged).hasSize(everyone.getCardinality()).doesNotHaveDuplicates();
        PrimitiveIterator.OfInt iterator = snapshots.iterator(ws, snapshot.id());
        int n = 0;
        while (iterator.hasNext()) {
            assertThat(everyone.contains(iterator.nextInt())).isTrue();
            n++;
        }
        assertThat(n).isEqualTo(everyone.getCardinality());
        assertThat(jdbc.queryForObject(
                        "select count(*) from audit_log where workspace_id = ? and action = 'snapshot.taken'",
                        Long.class,
                        ws))
                .isEqualTo(1);
    }

    @Test
    void aSegmentWithASnapshotIsNotDeletedUntilTheSnapshotIs() {
        customer("p1", "13800000001");
        long segment = segment("Phones", "{\"identity\": \"phone\"}");
        long snapshot = api.post("/api/v1/segments/" + segment + "/snapshots", "")
                .json()
                .path("id")
                .asLong();

        Api.Reply refused = api.delete("/api/v1/segments/" + segment);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("error").path("message").asString())
                .isEqualTo("id: segment " + segment + " has 1 snapshot (" + snapshot + "); delete it first");
        assertThat(api.delete("/api/v1/snapshots/" + snapshot).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/snapshots/" + snapshot).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/segments/" + segment).status()).isEqualTo(204);
    }

    @Test
    void aSnapshotExportsItsFrozenMembersHashedAndIsAudited() throws Exception {
        int p1 = customer("p1", "13800000001");
        int p2 = customer("p2", "13800000002");
        tags.assign(tenant.admin(), vip.id(), null, List.of(p1, p2), "upload");
        long segment = segment("VIP", "{\"tag\": \"vip\"}");
        long snapshot = api.post("/api/v1/segments/" + segment + "/snapshots", "")
                .json()
                .path("id")
                .asLong();
        tags.remove(tenant.admin(), vip.id(), List.of(p1), "correction");

        Api.Reply export = api.get("/api/v1/snapshots/" + snapshot + "/export?identities=sha256");

        assertThat(export.status()).as(export.body()).isEqualTo(200);
        assertThat(export.body().split("\r\n"))
                .containsExactly(
                        "customer_id,phone_sha256,email_sha256",
                        id(p1) + "," + hex("SHA-256", "8613800000001") + ",",
                        id(p2) + "," + hex("SHA-256", "8613800000002") + ",");
        assertThat(jdbc.queryForObject(
                        "select detail from audit_log where workspace_id = ? and action = 'snapshot.exported'"
                                + " and target_id = ?",
                        String.class,
                        ws,
                        Long.toString(snapshot)))
                .contains("\"identities\":\"sha256\"", "\"rows\":2");
    }

    @Test
    void aMergedCustomerStandsInItsSnapshotsAsTheSurvivorAndAnErasedOneLeavesThem() {
        int p1 = customer("p1", "13800000001");
        int p2 = customer("p2", "13800000002");
        events.send(Message.identify()
                .anonymous("p1-anon")
                .brand(tenant.brand().id())
                .at(TestClock.now())
                .trait("email", "p1@example.cn"));
        int anon = events.customerOf("anonymous_id", "p1-anon");
        long segment = segment("Reachable", "{\"any\": [{\"identity\": \"phone\"}, {\"identity\": \"email\"}]}");
        long snapshot = api.post("/api/v1/segments/" + segment + "/snapshots", "")
                .json()
                .path("id")
                .asLong();
        assertThat(snapshots.members(ws, snapshot)).isEqualTo(RoaringBitmap.bitmapOf(p1, p2, anon));

        events.send(Message.track("Signed In")
                .user("p1")
                .anonymous("p1-anon")
                .brand(tenant.brand().id())
                .channel("tmall")
                .at(TestClock.now()));
        int survivor = events.customerOf("app_user_id", "p1");
        customers.erase(tenant.admin(), id(p2));

        assertThat(snapshots.members(ws, snapshot)).isEqualTo(RoaringBitmap.bitmapOf(survivor));
        assertThat(members(snapshot, 1000)).containsExactly(id(survivor));
        assertThat(api.get("/api/v1/snapshots/" + snapshot).json().path("size").asInt())
                .as("the size it had when taken")
                .isEqualTo(3);
    }

    private List<String> members(long snapshot, int limit) {
        List<String> all = new ArrayList<>();
        String after = "";
        while (true) {
            Api.Reply reply = api.get("/api/v1/snapshots/" + snapshot + "/members?limit=" + limit + after);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            reply.json().path("items").forEach(item -> all.add(item.asString()));
            JsonNode next = reply.json().path("next");
            if (!next.isNumber()) {
                return all;
            }
            after = "&after=" + next.asInt();
        }
    }

    private int customer(String userId, String phone) {
        events.send(Message.identify()
                .user(userId)
                .brand(tenant.brand().id())
                .at(TestClock.now())
                .traits("{\"phone\": \"" + phone + "\"}"));
        return events.customerOf("app_user_id", userId);
    }

    private long segment(String name, String rule) {
        Api.Reply reply = api.post(
                "/api/v1/segments", "{\"name\": \"" + name + " " + UUID.randomUUID() + "\", \"rule\": " + rule + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().path("id").asLong();
    }

    private String id(int customerNo) {
        return customers.get(tenant.admin(), customerNo).id();
    }
}
