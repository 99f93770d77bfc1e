package io.reservoir.insight;

/**
 * A customer's FAST+ relation layer with a brand at the end of a period, shallowest first; {@link
 * #NONE} is the customer who is not private-domain then. Deeper layers have higher ordinals.
 */
public enum Layer {
    NONE("none", "无"),
    BASIC("basic", "基础私域用户"),
    MEMBER("member", "未购会员"),
    PURCHASED("purchased", "已购会员"),
    REPEAT("repeat", "复购会员"),
    KOC("koc", "品牌KOC");

    /** The five layers, without {@link #NONE}. */
    public static final java.util.List<Layer> HELD = java.util.List.of(BASIC, MEMBER, PURCHASED, REPEAT, KOC);

    private final String id;
    private final String chinese;

    Layer(String id, String chinese) {
        this.id = id;
        this.chinese = chinese;
    }

    public String id() {
        return id;
    }

    public String chinese() {
        return chinese;
    }

    public boolean deeperThan(Layer other) {
        return ordinal() > other.ordinal();
    }

    private static final Layer[] BY_CODE = values();

    static Layer ofCode(int code) {
        return BY_CODE[code];
    }

    /** The layer named {@code id}, or empty. */
    public static java.util.Optional<Layer> of(String id) {
        for (Layer layer : values()) {
            if (layer.id.equals(id)) {
                return java.util.Optional.of(layer);
            }
        }
        return java.util.Optional.empty();
    }
}
