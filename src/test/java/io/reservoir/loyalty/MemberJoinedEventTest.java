package io.reservoir.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** What a Member Joined event says about the join, as both the member center and the earner read it. */
class MemberJoinedEventTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Instant AT = Instant.parse("2026-03-01T02:00:00Z");

    private static Memberships.Join read(String properties) {
        return MemberJoinedEvent.join(
                7, 42, AT, "wechat_miniprogram", "m-1", properties == null ? null : JSON.readTree(properties));
    }

    @Test
    void whatTheMemberCenterWritesReadsBackAsTheSameJoin() {
        ObjectNode properties = JSON.createObjectNode();
        MemberJoinedEvent.writeProperties(properties, true, new BigDecimal("9.90"), "wx-1");

        Memberships.Join join = MemberJoinedEvent.join(7, 42, AT, "tmall", "m-1", properties);

        assertThat(join).isEqualTo(new Memberships.Join(7, 42, AT, "tmall", null, 990L, "m-1", true));
        assertThat(properties.path("paymentId").asString()).isEqualTo("wx-1");
    }

    @Test
    void aFreeJoinWritesNoAmount() {
        ObjectNode properties = JSON.createObjectNode();
        MemberJoinedEvent.writeProperties(properties, false, null, null);

        assertThat(properties.has("paidAmount")).isFalse();
        assertThat(MemberJoinedEvent.join(7, 42, AT, "tmall", "m-1", properties).paidJoinFen())
                .isNull();
    }

    @Test
    void aJointEnrolmentNamesTheBrandJoinedFirst() {
        Memberships.Join join = read("{\"jointFrom\": 3}");

        assertThat(join.viaBrandId()).isEqualTo(3L);
        assertThat(join.jointConsent()).isFalse();
    }

    @Test
    void amountsAreYuanToTheFenAndAnythingElseIsNoPayment() {
        assertThat(read("{\"paidAmount\": \"0.01\"}").paidJoinFen()).isEqualTo(1L);
        assertThat(read("{\"paidAmount\": \" 12.5 \"}").paidJoinFen()).isEqualTo(1250L);
        assertThat(read("{\"paidAmount\": 3}").paidJoinFen()).isEqualTo(300L);
        assertThat(read("{\"paidAmount\": \"0.001\"}").paidJoinFen())
                .as("below a fen")
                .isNull();
        assertThat(read("{\"paidAmount\": \"abc\"}").paidJoinFen()).isNull();
        assertThat(read("{\"paidAmount\": {\"yuan\": 1}}").paidJoinFen()).isNull();
    }

    @Test
    void aBareEventIsAPlainJoin() {
        assertThat(read(null))
                .isEqualTo(new Memberships.Join(7, 42, AT, "wechat_miniprogram", null, null, "m-1", false));
        assertThat(read("{}"))
                .isEqualTo(new Memberships.Join(7, 42, AT, "wechat_miniprogram", null, null, "m-1", false));
    }
}
