package io.reservoir.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reservoir.identity.Customers;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Tags: assigning and removing with history, rule tags, and tags that follow merges and erasure. */
@ReservoirIT
class TagsIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    Tags tags;

    @Autowired
    TagHolders holders;

    @Autowired
    Customers customers;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    Tenant tenant;
    Caller admin;
    Events events;
    long ws;

    @BeforeEach
    void workspace() {
        tenant = tenants.aWorkspace();
        admin = tenant.admin();
        events = new Events(port, tenant, jdbc);
        ws = tenant.workspace().id();
    }

    private int user(String id) {
        events.send(Message.identify().user(id));
        return events.customerOf("app_user_id", id);
    }

    private int anonymous(String id) {
        events.send(Message.identify().anonymous(id));
        return events.customerOf("anonymous_id", id);
    }

    /** Holders of a tag: customer number → value ("" for a plain tag). */
    private Map<Integer, String> holders(Tag tag) {
        Map<Integer, String> held = new HashMap<>();
        jdbc.query(
                "select customer_no, tag_value from customer_tag where workspace_id = ? and tag_id = ?",
                rs -> {
                    held.put(rs.getInt(1), rs.getString(2) == null ? "" : rs.getString(2));
                },
                ws,
                tag.id());
        return held;
    }

    /** The history of one customer: "tag kind old→new (cause)", oldest first. */
    private List<String> history(int customerNo) {
        return jdbc.query(
                """
                select t.name, c.change_kind, c.old_value, c.new_value, c.cause from tag_change c
                  join tag t on t.workspace_id = c.workspace_id and t.id = c.tag_id
                 where c.workspace_id = ? and c.customer_no = ? order by c.id
                """,
                (rs, row) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + "→" + rs.getString(4)
                        + " (" + rs.getString(5) + ")",
                ws,
                customerNo);
    }

    @Test
    void holdersAreCountedPerValueAndTheHistoryReadsNewestFirst() {
        int u1 = user("h1");
        int u2 = user("h2");
        int u3 = user("h3");
        Tag rfm = tags.create(admin, "rfm", TagKind.MODEL, null, null);
        Tag vip = tags.create(admin, "vip", TagKind.MANUAL, null, null);
        Tag unused = tags.create(admin, "unused", TagKind.MANUAL, null, null);
        tags.assign(admin, rfm.id(), "champions", List.of(u1, u2), "rfm-model");
        tags.assign(admin, rfm.id(), "loyal", List.of(u3), "rfm-model");
        tags.assign(admin, vip.id(), null, List.of(u2), "upload");
        tags.remove(admin, vip.id(), List.of(u2), "cleanup");
        tags.assign(admin, vip.id(), null, List.of(u3), "upload");

        Map<Long, List<TagHolders.Count>> counts = holders.counts(admin);

        assertThat(counts.get(rfm.id()))
                .containsExactly(new TagHolders.Count("champions", 2), new TagHolders.Count("loyal", 1));
        assertThat(counts.get(vip.id())).containsExactly(new TagHolders.Count(null, 1));
        assertThat(counts).doesNotContainKey(unused.id());
        assertThat(holders.counts(tenants.aWorkspace().admin())).isEmpty();
        assertThat(holders.history(admin, vip.id(), null, null, 2))
                .extracting(c -> c.customerNo() + " " + c.kind() + " " + c.cause())
                .containsExactly(u3 + " added upload", u2 + " removed cleanup");
        assertThatThrownBy(() -> holders.history(tenants.aWorkspace().admin(), vip.id(), null, null, 10))
                .isInstanceOf(ReservoirException.class)
                .hasMessageContaining("not found");
    }

    @Test
    void assigningAndRemovingRecordsEveryChangeWithItsCause() {
        int u1 = user("u1");
        int u2 = user("u2");
        int u3 = user("u3");
        Tag vip = tags.create(admin, "vip", TagKind.MANUAL, null, null);
        Tag rfm = tags.create(admin, "rfm", TagKind.MODEL, "RFM cell", null);

        assertThat(tags.assign(admin, vip.id(), null, List.of(u1, u2), "list-0601.csv"))
                .isEqualTo(new Tags.Update(2, 0, 0));
        assertThat(tags.assign(admin, vip.id(), null, List.of(u1, u1), null)).isEqualTo(new Tags.Update(0, 1, 0));
        tags.assign(admin, rfm.id(), "loyal", List.of(u1), "rfm-model");
        assertThat(tags.assign(admin, rfm.id(), "champions", List.of(u1, u3), "rfm-model"))
                .isEqualTo(new Tags.Update(2, 0, 0));
        assertThat(tags.remove(admin, vip.id(), List.of(u2, u3), "cleanup")).isEqualTo(new Tags.Update(1, 1, 0));

        assertThat(holders(vip)).isEqualTo(Map.of(u1, ""));
        assertThat(holders(rfm)).isEqualTo(Map.of(u1, "champions", u3, "champions"));
        assertThat(history(u1))
                .containsExactly(
                        "vip added null→null (list-0601.csv)",
                        "rfm added null→loyal (rfm-model)",
                        "rfm changed loyal→champions (rfm-model)");
        assertThat(history(u2))
                .containsExactly("vip added null→null (list-0601.csv)", "vip removed null→null (cleanup)");
        assertThat(tags.list(admin)).extracting(Tag::name).containsExactly("rfm", "vip");
    }

    @Test
    void aNumberThatIsNoCustomerRefusesTheWholeCall() {
        int u1 = user("u1");
        Tag vip = tags.create(admin, "vip", TagKind.MANUAL, null, null);
        Tenant other = tenants.aWorkspace();
        Events theirEvents = new Events(port, other, jdbc);
        theirEvents.send(Message.identify().user("t1"));
        theirEvents.send(Message.identify().user("t2"));
        int theirs = theirEvents.customerOf("app_user_id", "t2");
        assertThat(theirs).as("a number this workspace does not have").isGreaterThan(u1);

        assertThatThrownBy(() -> tags.assign(admin, vip.id(), null, List.of(u1, theirs), null))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.field()).isEqualTo("customerNos[1]"));
        assertThatThrownBy(() -> tags.assign(other.admin(), vip.id(), null, List.of(u1), null))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.code()).isEqualTo("not_found"));
        assertThat(holders(vip)).isEmpty();
        assertThat(history(u1)).isEmpty();
    }

    @Test
    void aRuleTagKeepsItsCheckedRuleAndOtherKindsHaveNone() {
        Tag rich = tags.create(admin, "rich", TagKind.RULE, null, json.readTree("""
                {"event": "Order Completed", "within": {"days": 365}, "sum": {"gte": 10000}}"""));

        assertThat(tags.get(admin, rich.id())).isEqualTo(rich);
        assertThat(rich.rule()).isEqualTo(SegmentRuleJsonTest.read("""
                {"event": "Order Completed", "within": {"days": 365}, "sum": {"gte": 10000}}"""));
        assertThatThrownBy(() -> tags.create(admin, "late", TagKind.RULE, null, json.readTree("""
                        {"event": "Order Completed", "within": {"days": 0}}""")))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.field()).isEqualTo("rule.within.days"));
        assertThatThrownBy(() -> tags.create(admin, "none", TagKind.RULE, null, null))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.field()).isEqualTo("rule"));
        assertThatThrownBy(() -> tags.create(admin, "list", TagKind.MANUAL, null, json.readTree("{\"tag\": \"rich\"}")))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.field()).isEqualTo("rule"));
        assertThatThrownBy(() -> tags.create(admin, "rich", TagKind.MANUAL, null, null))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.code()).isEqualTo("conflict"));
        assertThat(tags.list(admin)).containsExactly(rich);
    }

    @Test
    void theSurvivorOfAMergeGetsTheRetiredProfilesTagsAndHistoryTheNewerAssignmentWinning() {
        int survivor = user("u1");
        int retired = anonymous("anon-2");
        Tag vip = tags.create(admin, "vip", TagKind.MANUAL, null, null);
        Tag rfm = tags.create(admin, "rfm", TagKind.MODEL, null, null);
        Tag stage = tags.create(admin, "stage", TagKind.MODEL, null, null);
        tags.assign(admin, stage.id(), "new", List.of(retired), "model");
        tags.assign(admin, rfm.id(), "loyal", List.of(survivor), "model");
        tags.assign(admin, rfm.id(), "champions", List.of(retired), "model");
        tags.assign(admin, stage.id(), "active", List.of(survivor), "model");
        tags.assign(admin, vip.id(), null, List.of(retired), "upload");

        events.send(Message.track("Signed In").user("u1").anonymous("anon-2"));

        assertThat(events.customerOf("anonymous_id", "anon-2")).isEqualTo(survivor);
        assertThat(holders(rfm)).as("the retired profile's value was newer").isEqualTo(Map.of(survivor, "champions"));
        assertThat(holders(stage)).as("the survivor's value was newer").isEqualTo(Map.of(survivor, "active"));
        assertThat(holders(vip)).isEqualTo(Map.of(survivor, ""));
        assertThat(history(retired)).isEmpty();
        assertThat(history(survivor))
                .containsExactlyInAnyOrder(
                        "stage added null→new (model)",
                        "rfm added null→loyal (model)",
                        "rfm added null→champions (model)",
                        "stage added null→active (model)",
                        "vip added null→null (upload)",
                        "rfm changed loyal→champions (merge of customer " + retired + ")",
                        "vip added null→null (merge of customer " + retired + ")");

        Tag coupon = tags.create(admin, "coupon_sent", TagKind.MANUAL, null, null);
        assertThat(tags.assign(admin, coupon.id(), null, List.of(retired), null))
                .isEqualTo(new Tags.Update(1, 0, 0));
        assertThat(holders(coupon))
                .as("a retired number stands for its survivor")
                .isEqualTo(Map.of(survivor, ""));
    }

    @Test
    void erasingACustomerTakesTheirTagsAndTagHistory() {
        int erased = user("u1");
        int kept = user("u2");
        Tag vip = tags.create(admin, "vip", TagKind.MANUAL, null, null);
        tags.assign(admin, vip.id(), null, List.of(erased, kept), null);

        customers.erase(admin, customers.get(admin, erased).id());

        assertThat(holders(vip)).isEqualTo(Map.of(kept, ""));
        assertThat(history(erased)).isEmpty();
        assertThat(history(kept)).hasSize(1);
        assertThat(tags.assign(admin, vip.id(), "again", List.of(erased), null)).isEqualTo(new Tags.Update(0, 0, 1));
        assertThat(holders(vip)).isEqualTo(Map.of(kept, ""));
    }
}
