package io.reservoir.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reservoir.platform.errors.ReservoirException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TagModelTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static TagModel read(String json) {
        return TagModel.fromJson(JSON.readTree(json), "model");
    }

    static String refusal(String json) {
        try {
            read(json);
        } catch (ReservoirException e) {
            return e.field();
        }
        throw new AssertionError("accepted " + json);
    }

    @Test
    void leftOutParametersTakeTheirDefaultsAndTheStoredFormWritesThemOut() {
        TagModel rfm = read("{\"model\": \"rfm\", \"brand\": 7}");

        assertThat(rfm)
                .isEqualTo(new TagModel.Rfm(
                        7,
                        365,
                        TagModel.Rfm.DEFAULT_RECENCY,
                        TagModel.Rfm.DEFAULT_FREQUENCY,
                        TagModel.Rfm.DEFAULT_MONETARY));
        assertThat(JSON.writeValueAsString(rfm.toJson()))
                .isEqualTo("{\"model\":\"rfm\",\"brand\":7,\"windowDays\":365,\"recencyDays\":[30,90,180,270],"
                        + "\"frequency\":[2,3,5,8],\"monetary\":[200,500,1000,3000]}");
        for (String json : new String[] {
            "{\"model\": \"rfm\", \"brand\": 1, \"windowDays\": 90, \"recencyDays\": [7, 14, 30, 60],"
                    + " \"frequency\": [1, 2, 3, 4], \"monetary\": [99.5, 200, 300.25, 1000]}",
            "{\"model\": \"lifecycle\", \"brand\": 1, \"newDays\": 14}",
            "{\"model\": \"preferred_category\", \"brand\": 1, \"windowDays\": 180}",
            "{\"model\": \"preferred_channel\", \"brand\": 1}",
            "{\"model\": \"price_sensitivity\", \"brand\": 1, \"minOrders\": 3, \"high\": 0.6, \"medium\": 0.25}"
        }) {
            TagModel model = read(json);
            assertThat(TagModel.fromJson(model.toJson(), "model")).as(json).isEqualTo(model);
        }
    }

    @Test
    void aWrongParameterIsNamedByItsPath() {
        assertThat(refusal("[]")).isEqualTo("model");
        assertThat(refusal("{\"brand\": 1}")).isEqualTo("model.model");
        assertThat(refusal("{\"model\": \"churn\", \"brand\": 1}")).isEqualTo("model.model");
        assertThat(refusal("{\"model\": \"rfm\"}")).isEqualTo("model.brand");
        assertThat(refusal("{\"model\": \"rfm\", \"brand\": 1, \"colour\": 1}")).isEqualTo("model.colour");
        assertThat(refusal("{\"model\": \"rfm\", \"brand\": 1, \"windowDays\": 0}"))
                .isEqualTo("model.windowDays");
        assertThat(refusal("{\"model\": \"rfm\", \"brand\": 1, \"recencyDays\": [30, 20, 40, 50]}"))
                .isEqualTo("model.recencyDays[1]");
        assertThat(refusal("{\"model\": \"rfm\", \"brand\": 1, \"frequency\": [1, 2, 3]}"))
                .isEqualTo("model.frequency");
        assertThat(refusal("{\"model\": \"rfm\", \"brand\": 1, \"frequency\": [0, 2, 3, 4]}"))
                .isEqualTo("model.frequency[0]");
        assertThat(refusal("{\"model\": \"rfm\", \"brand\": 1, \"monetary\": [1, 2, 3.125, 4]}"))
                .isEqualTo("model.monetary[2]");
        assertThat(refusal("{\"model\": \"lifecycle\", \"brand\": 1, \"newDays\": 100}"))
                .isEqualTo("model.newDays");
        assertThat(refusal("{\"model\": \"lifecycle\", \"brand\": 1, \"sleepingDays\": 90}"))
                .isEqualTo("model.sleepingDays");
        assertThat(refusal("{\"model\": \"lifecycle\", \"brand\": 1, \"churnDays\": 3651}"))
                .isEqualTo("model.churnDays");
        assertThat(refusal("{\"model\": \"price_sensitivity\", \"brand\": 1, \"medium\": 0.5}"))
                .isEqualTo("model.medium");
        assertThat(refusal("{\"model\": \"price_sensitivity\", \"brand\": 1, \"high\": 1.5}"))
                .isEqualTo("model.high");
        assertThat(refusal("{\"model\": \"price_sensitivity\", \"brand\": 1, \"minOrders\": 0}"))
                .isEqualTo("model.minOrders");
        assertThatThrownBy(() -> new TagModel.PreferredChannel(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scoresFollowTheCutPointsInclusively() {
        var rfm = (TagModel.Rfm) read("{\"model\": \"rfm\", \"brand\": 1}");

        assertThat(LongStream.of(0, 30, 31, 90, 91, 180, 181, 270, 271)
                        .mapToInt(rfm::recencyScore)
                        .toArray())
                .containsExactly(5, 5, 4, 4, 3, 3, 2, 2, 1);
        assertThat(LongStream.of(1, 2, 3, 4, 5, 7, 8, 100)
                        .mapToInt(rfm::frequencyScore)
                        .toArray())
                .containsExactly(1, 2, 3, 3, 4, 4, 5, 5);
        assertThat(LongStream.of(19_999, 20_000, 49_999, 50_000, 100_000, 299_999, 300_000)
                        .mapToInt(rfm::monetaryScore)
                        .toArray())
                .containsExactly(1, 2, 2, 3, 4, 4, 5);
    }

    @Test
    void everyScoreTripleFallsInExactlyOneDocumentedCell() {
        Set<String> seen = new HashSet<>();
        for (int r = 1; r <= 5; r++) {
            for (int f = 1; f <= 5; f++) {
                for (int m = 1; m <= 5; m++) {
                    String cell = TagModel.Rfm.cell(r, f, m);
                    assertThat(TagModel.Rfm.CELLS).contains(cell);
                    seen.add(cell);
                }
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(TagModel.Rfm.CELLS);
        assertThat(TagModel.Rfm.cell(5, 5, 5)).isEqualTo("champions");
        assertThat(TagModel.Rfm.cell(4, 4, 3)).isEqualTo("loyal");
        assertThat(TagModel.Rfm.cell(5, 1, 5)).isEqualTo("new");
        assertThat(TagModel.Rfm.cell(5, 2, 1)).isEqualTo("potential");
        assertThat(TagModel.Rfm.cell(2, 1, 3)).isEqualTo("at_risk");
        assertThat(TagModel.Rfm.cell(2, 2, 2)).isEqualTo("hibernating");
        assertThat(TagModel.Rfm.cell(1, 2, 2)).isEqualTo("lost");
        assertThat(TagModel.Rfm.cell(1, 5, 5)).isEqualTo("at_risk");
    }

    @Test
    void lifecycleStagesAndPriceLevelsFollowTheirThresholds() {
        var lifecycle = new TagModel.Lifecycle(1, 30, 90, 180, 365);
        assertThat(lifecycle.stage(30, 0)).isEqualTo("new");
        assertThat(lifecycle.stage(31, 90)).isEqualTo("active");
        assertThat(lifecycle.stage(400, 91)).isEqualTo("sleeping");
        assertThat(lifecycle.stage(400, 365)).isEqualTo("pre_churn");
        assertThat(lifecycle.stage(400, 366)).isEqualTo("churned");

        var price = new TagModel.PriceSensitivity(1, 365, 2, new BigDecimal("0.5"), new BigDecimal("0.2"));
        assertThat(price.level(1, 1)).isNull();
        assertThat(price.level(2, 1)).isEqualTo("high");
        assertThat(price.level(5, 1)).isEqualTo("medium");
        assertThat(price.level(6, 1)).isEqualTo("low");
        assertThat(price.level(4, 0)).isEqualTo("low");
    }

    @Test
    void anOrdersNetAmountIsSharedAmongCategoriesByPriceTimesQuantity() {
        var order = new TagModels.Order(1, Instant.EPOCH, 9_000, "tmall", null, """
                [{"category": "护肤", "price": 100, "quantity": 2},
                 {"category": "彩妆", "price": "50"},
                 {"price": 50},
                 {"category": " ", "price": 0}]""");

        assertThat(TagModels.categoryShares(order)).containsOnlyKeys("护肤", "彩妆").satisfies(shares -> {
            assertThat(shares.get("护肤")).isEqualByComparingTo("6000");
            assertThat(shares.get("彩妆")).isEqualByComparingTo("1500");
        });
        var unpriced = new TagModels.Order(
                1,
                Instant.EPOCH,
                900,
                "tmall",
                null,
                "[{\"category\": \"a\"}, {\"category\": \"b\", \"quantity\": 2}]");
        assertThat(TagModels.categoryShares(unpriced)).hasSize(2).satisfies(shares -> {
            assertThat(shares.get("a")).isEqualByComparingTo("300");
            assertThat(shares.get("b")).isEqualByComparingTo("600");
        });
        assertThat(TagModels.categoryShares(new TagModels.Order(1, Instant.EPOCH, 900, "tmall", null, "not json")))
                .isEmpty();
    }
}
