package io.reservoir.audience;

import io.reservoir.platform.errors.ReservoirException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes the JSON form of a {@link TagModel}: {@code {"model": "rfm", "brand": 1, …}}.
 * Every parameter but the brand has a default; each refusal names the path of what is wrong.
 */
final class ModelReader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final int DEFAULT_WINDOW = 365;

    private ModelReader() {}

    static TagModel read(JsonNode json, String path) {
        if (json == null || !json.isObject()) {
            throw ReservoirException.invalid(
                    path, "must be an object such as {\"model\": \"rfm\", \"brand\": 1}; models: " + models());
        }
        JsonNode name = json.get("model");
        if (name == null || !name.isString()) {
            throw ReservoirException.invalid(path + ".model", "is required: one of " + models());
        }
        String at = path;
        return switch (name.asString()) {
            case TagModel.Rfm.ID -> {
                JsonValues.object(json, path, "model", "brand", "windowDays", "recencyDays", "frequency", "monetary");
                yield new TagModel.Rfm(
                        brand(json, at),
                        days(json, at, "windowDays", DEFAULT_WINDOW),
                        cuts(json, at, "recencyDays", TagModel.Rfm.DEFAULT_RECENCY, (n, p) -> wholeCut(n, p, 0)),
                        cuts(json, at, "frequency", TagModel.Rfm.DEFAULT_FREQUENCY, (n, p) -> wholeCut(n, p, 1)),
                        cuts(json, at, "monetary", TagModel.Rfm.DEFAULT_MONETARY, ModelReader::yuanCut));
            }
            case TagModel.Lifecycle.ID -> {
                JsonValues.object(json, path, "model", "brand", "newDays", "activeDays", "sleepingDays", "churnDays");
                int newDays = days(json, at, "newDays", 30);
                int active = days(json, at, "activeDays", 90);
                int sleeping = days(json, at, "sleepingDays", 180);
                int churn = days(json, at, "churnDays", 365);
                if (newDays > active) {
                    throw ReservoirException.invalid(at + ".newDays", "may not exceed activeDays (" + active + ")");
                }
                if (sleeping <= active) {
                    throw ReservoirException.invalid(
                            at + ".sleepingDays", "must be more than activeDays (" + active + ")");
                }
                if (churn <= sleeping) {
                    throw ReservoirException.invalid(
                            at + ".churnDays", "must be more than sleepingDays (" + sleeping + ")");
                }
                yield new TagModel.Lifecycle(brand(json, at), newDays, active, sleeping, churn);
            }
            case TagModel.PreferredCategory.ID -> {
                JsonValues.object(json, path, "model", "brand", "windowDays");
                yield new TagModel.PreferredCategory(brand(json, at), days(json, at, "windowDays", DEFAULT_WINDOW));
            }
            case TagModel.PreferredChannel.ID -> {
                JsonValues.object(json, path, "model", "brand", "windowDays");
                yield new TagModel.PreferredChannel(brand(json, at), days(json, at, "windowDays", DEFAULT_WINDOW));
            }
            case TagModel.PriceSensitivity.ID -> {
                JsonValues.object(json, path, "model", "brand", "windowDays", "minOrders", "high", "medium");
                BigDecimal high = share(json, at, "high", new BigDecimal("0.5"));
                BigDecimal medium = share(json, at, "medium", new BigDecimal("0.2"));
                if (medium.compareTo(high) >= 0) {
                    throw ReservoirException.invalid(
                            at + ".medium", "must be below high (" + high.toPlainString() + ")");
                }
                JsonNode min = json.get("minOrders");
                int minOrders = min == null ? 2 : wholeCut(min, at + ".minOrders", 1);
                if (minOrders > 1_000) {
                    throw ReservoirException.invalid(at + ".minOrders", "must be 1000 or less");
                }
                yield new TagModel.PriceSensitivity(
                        brand(json, at), days(json, at, "windowDays", DEFAULT_WINDOW), minOrders, high, medium);
            }
            default ->
                throw ReservoirException.invalid(
                        path + ".model", "'" + name.asString() + "' is not a model; one of " + models());
        };
    }

    static JsonNode write(TagModel model) {
        ObjectNode node = NODES.objectNode().put("model", model.id()).put("brand", model.brandId());
        return model.accept(new TagModel.Visitor<JsonNode>() {
            @Override
            public JsonNode rfm(TagModel.Rfm m) {
                node.put("windowDays", m.windowDays());
                ArrayNode recency = node.putArray("recencyDays");
                m.recencyDays().forEach(recency::add);
                ArrayNode frequency = node.putArray("frequency");
                m.frequency().forEach(frequency::add);
                ArrayNode monetary = node.putArray("monetary");
                m.monetary().forEach(v -> monetary.add(plain(v)));
                return node;
            }

            @Override
            public JsonNode lifecycle(TagModel.Lifecycle m) {
                return node.put("newDays", m.newDays())
                        .put("activeDays", m.activeDays())
                        .put("sleepingDays", m.sleepingDays())
                        .put("churnDays", m.churnDays());
            }

            @Override
            public JsonNode preferredCategory(TagModel.PreferredCategory m) {
                return node.put("windowDays", m.windowDays());
            }

            @Override
            public JsonNode preferredChannel(TagModel.PreferredChannel m) {
                return node.put("windowDays", m.windowDays());
            }

            @Override
            public JsonNode priceSensitivity(TagModel.PriceSensitivity m) {
                return node.put("windowDays", m.windowDays())
                        .put("minOrders", m.minOrders())
                        .put("high", m.high())
                        .put("medium", m.medium());
            }
        });
    }

    /** Whole yuan as whole numbers, so that the stored form reads as it was given. */
    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static String models() {
        return String.join(
                ", ",
                TagModel.Rfm.ID,
                TagModel.Lifecycle.ID,
                TagModel.PreferredCategory.ID,
                TagModel.PreferredChannel.ID,
                TagModel.PriceSensitivity.ID);
    }

    private static long brand(JsonNode json, String path) {
        JsonNode brand = json.get("brand");
        if (brand == null) {
            throw ReservoirException.invalid(path + ".brand", "is required: the id of the brand whose orders count");
        }
        return JsonValues.id(brand, path + ".brand", "a brand id");
    }

    private static int days(JsonNode json, String path, String key, int fallback) {
        JsonNode node = json.get(key);
        if (node == null) {
            return fallback;
        }
        BigDecimal days = JsonValues.whole(node, path + "." + key, BigDecimal.ONE);
        if (days.compareTo(BigDecimal.valueOf(TagModel.MAX_DAYS)) > 0) {
            throw ReservoirException.invalid(path + "." + key, "must be " + TagModel.MAX_DAYS + " days or fewer");
        }
        return days.intValueExact();
    }

    private static BigDecimal share(JsonNode json, String path, String key, BigDecimal fallback) {
        JsonNode node = json.get(key);
        if (node == null) {
            return fallback;
        }
        BigDecimal share = plain(JsonValues.number(node, path + "." + key));
        if (share.signum() <= 0 || share.compareTo(BigDecimal.ONE) > 0) {
            throw ReservoirException.invalid(path + "." + key, "is a share of orders: above 0, at most 1");
        }
        return share;
    }

    private static <T extends Comparable<T>> List<T> cuts(
            JsonNode json, String path, String key, List<T> fallback, BiFunction<JsonNode, String, T> read) {
        JsonNode node = json.get(key);
        if (node == null) {
            return fallback;
        }
        String at = path + "." + key;
        if (!node.isArray() || node.size() != 4) {
            throw ReservoirException.invalid(at, "must be a list of 4 ascending cut points");
        }
        List<T> cuts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            T cut = read.apply(node.get(i), at + "[" + i + "]");
            if (i > 0 && cut.compareTo(cuts.get(i - 1)) <= 0) {
                throw ReservoirException.invalid(at + "[" + i + "]", "must be more than the cut point before it");
            }
            cuts.add(cut);
        }
        return cuts;
    }

    private static int wholeCut(JsonNode node, String path, int min) {
        BigDecimal value = JsonValues.whole(node, path, BigDecimal.valueOf(min));
        if (value.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
            throw ReservoirException.invalid(path, "must be 1000000 or less");
        }
        return value.intValueExact();
    }

    private static BigDecimal yuanCut(JsonNode node, String path) {
        BigDecimal value = plain(JsonValues.number(node, path));
        if (value.signum() <= 0) {
            throw ReservoirException.invalid(path, "must be more than 0 yuan");
        }
        if (value.scale() > 2) {
            throw ReservoirException.invalid(path, "has more than 2 decimals");
        }
        if (value.compareTo(BigDecimal.valueOf(1_000_000_000)) > 0) {
            throw ReservoirException.invalid(path, "must be 1000000000 yuan or less");
        }
        return value;
    }
}
