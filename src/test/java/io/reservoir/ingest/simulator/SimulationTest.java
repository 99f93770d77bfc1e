package io.reservoir.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The generator alone: determinism, order, and the shape of the brand it makes. */
class SimulationTest {

    static List<JsonNode> generate(SimulationSettings settings) {
        List<JsonNode> messages = new ArrayList<>();
        new BrandSimulation(settings).generate(messages::add);
        return messages;
    }

    @Test
    void sameSeedGivesTheSameBrand() {
        SimulationSettings settings = SimulationSettings.of(300, 90, 7);

        List<String> first = generate(settings).stream().map(JsonNode::toString).toList();
        List<String> second =
                generate(settings).stream().map(JsonNode::toString).toList();

        assertThat(first).hasSizeGreaterThan(1000);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void anotherSeedGivesAnotherBrand() {
        List<String> seven = generate(SimulationSettings.of(300, 90, 7)).stream()
                .map(JsonNode::toString)
                .toList();
        List<String> eight = generate(SimulationSettings.of(300, 90, 8)).stream()
                .map(JsonNode::toString)
                .toList();

        assertThat(eight).isNotEqualTo(seven);
        assertThat(new HashSet<>(eight)).doesNotContainAnyElementsOf(seven);
    }

    @Test
    void messagesComeInTimeOrderWithUniqueIdsInsideThePeriod() {
        SimulationSettings settings = SimulationSettings.of(500, 60, 3).withStart(LocalDate.of(2025, 10, 15));
        List<JsonNode> messages = generate(settings);

        Set<String> ids = new HashSet<>();
        OffsetDateTime previous = null;
        for (JsonNode message : messages) {
            OffsetDateTime at = OffsetDateTime.parse(message.path("timestamp").asString());
            if (previous != null) {
                assertThat(at).as("%s", message).isAfterOrEqualTo(previous);
            }
            previous = at;
            assertThat(ids.add(message.path("messageId").asString())).isTrue();
            assertThat(at.toLocalDate()).isBetween(settings.start(), settings.end());
        }
    }

    @Test
    void refundsAreFiveToTenPercentOfOrdersNeverMoreThanPaidAndAlwaysLater() {
        for (long seed = 1; seed <= 3; seed++) {
            List<JsonNode> messages = generate(SimulationSettings.of(1000, 365, seed));
            Map<String, BigDecimal> paid = new HashMap<>();
            Map<String, OffsetDateTime> paidAt = new HashMap<>();
            int refunds = 0;
            for (JsonNode message : messages) {
                String event = message.path("event").asString("");
                JsonNode properties = message.path("properties");
                String orderId = properties.path("order_id").asString("");
                if (event.equals("Order Completed")) {
                    paid.put(orderId, properties.path("total").decimalValue());
                    paidAt.put(
                            orderId,
                            OffsetDateTime.parse(message.path("timestamp").asString()));
                } else if (event.equals("Order Refunded")) {
                    refunds++;
                    assertThat(paid).containsKey(orderId);
                    assertThat(OffsetDateTime.parse(message.path("timestamp").asString()))
                            .isAfter(paidAt.get(orderId));
                    if (properties.has("total")) {
                        assertThat(properties.path("total").decimalValue()).isLessThanOrEqualTo(paid.get(orderId));
                    }
                }
            }
            assertThat((double) refunds / paid.size()).as("seed %d", seed).isBetween(0.05, 0.10);
        }
    }

    @Test
    void festivalsBringPeaksAndAFewCustomersSpendMost() {
        List<JsonNode> messages = generate(SimulationSettings.of(2000, 365, 11));
        Map<Integer, Integer> ordersByMonth = new HashMap<>();
        int double11 = 0;
        Map<String, BigDecimal> spendByBuyer = new HashMap<>();
        for (JsonNode message : messages) {
            if (!message.path("event").asString("").equals("Order Completed")) {
                continue;
            }
            LocalDate day =
                    OffsetDateTime.parse(message.path("timestamp").asString()).toLocalDate();
            ordersByMonth.merge(day.getMonthValue(), 1, Integer::sum);
            if (day.getMonthValue() == 11 && day.getDayOfMonth() <= 11) {
                double11++;
            }
            String buyer = message.path("context").path("identities").toString();
            spendByBuyer.merge(buyer, message.path("properties").path("total").decimalValue(), BigDecimal::add);
        }
        double marchPerDay = ordersByMonth.get(3) / 31.0;
        assertThat(double11 / 11.0).isGreaterThan(2 * marchPerDay);
        assertThat(ordersByMonth.get(6)).isGreaterThan(ordersByMonth.get(7));

        List<BigDecimal> spends =
                spendByBuyer.values().stream().sorted((a, b) -> b.compareTo(a)).toList();
        BigDecimal total = spends.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal top = spends.subList(0, spends.size() / 5).stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(top.doubleValue() / total.doubleValue()).isGreaterThan(0.5);
    }

    @Test
    void theBrandHasEveryKindOfActivity() {
        List<JsonNode> messages = generate(SimulationSettings.of(1000, 180, 5));
        Map<String, Integer> events = new HashMap<>();
        Set<String> channels = new HashSet<>();
        for (JsonNode message : messages) {
            events.merge(message.path("event").asString(message.path("type").asString()), 1, Integer::sum);
            channels.add(message.path("context").path("channel").asString());
        }
        assertThat(events)
                .containsKeys(
                        "identify",
                        "Order Completed",
                        "Order Refunded",
                        "Member Joined",
                        "Store Followed",
                        "Group Joined",
                        "Group Left",
                        "Live Room Followed",
                        "Live Watched",
                        "Guide Added",
                        "Dedicated CS Bound",
                        "Subscription Followed",
                        "Official Account Followed",
                        "Content Shared",
                        "Review Posted",
                        "Field Visited");
        assertThat(channels)
                .contains("tmall", "jd", "douyin", "wechat_miniprogram", "wecom", "offline_pos", "wechat_oa");
        assertThat(messages)
                .anySatisfy(
                        m -> assertThat(m.path("properties").has("share_code")).isTrue())
                .anySatisfy(
                        m -> assertThat(m.path("properties").has("guide_code")).isTrue())
                .anySatisfy(m -> assertThat(
                                m.path("traits").path("consent").path("sms").isBoolean())
                        .isTrue());
    }

    @Test
    void phonesAreChineseMobileNumbersAndNoTwoPeopleShareOne() {
        List<JsonNode> messages = generate(SimulationSettings.of(2000, 30, 9));
        Map<String, String> memberByPhone = new HashMap<>();
        for (JsonNode message : messages) {
            JsonNode ids = message.path("context").path("identities");
            String phone = ids.path("phone").asString(null);
            String member = ids.path("member_no").asString(null);
            if (phone != null) {
                assertThat(phone).matches("1[3-9]\\d{9}");
            }
            if (phone != null && member != null) {
                assertThat(memberByPhone.computeIfAbsent(phone, k -> member)).isEqualTo(member);
            }
        }
        assertThat(memberByPhone).hasSizeGreaterThan(100);
    }

    @Test
    void aGroupOfBrandsSharesSomeMembersThroughJointMembership() {
        List<JsonNode> messages = generate(SimulationSettings.of(1000, 90, 2).withBrands(List.of("悦颜", "森屿")));

        Map<String, Set<String>> brandsByMember = new HashMap<>();
        for (JsonNode message : messages) {
            String brand = message.path("context").path("brand").asString();
            assertThat(brand).isIn("悦颜", "森屿");
            if (message.path("event").asString("").equals("Member Joined")) {
                brandsByMember
                        .computeIfAbsent(
                                message.path("properties").path("member_no").asString(), k -> new HashSet<>())
                        .add(brand);
            }
        }
        assertThat(brandsByMember).hasSize(1000);
        assertThat(brandsByMember.values())
                .anySatisfy(brands -> assertThat(brands).hasSize(2));
        assertThat(brandsByMember.values().stream().flatMap(Set::stream)).contains("悦颜", "森屿");
    }

    @Test
    void aSimulationRunsOnce() {
        BrandSimulation simulation = new BrandSimulation(SimulationSettings.of(10, 5, 1));
        simulation.generate(m -> {});

        assertThatThrownBy(() -> simulation.generate(m -> {})).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void settingsNameWhatIsWrong() {
        assertThatThrownBy(() -> SimulationSettings.of(0, 10, 1)).hasMessageContaining("members");
        assertThatThrownBy(() -> SimulationSettings.of(10, 0, 1)).hasMessageContaining("days");
        assertThatThrownBy(() -> SimulationSettings.of(10, 10, 1).withBrands(List.of("A", "A")))
                .hasMessageContaining("brand");
    }
}
