package io.reservoir.ingest.simulator;

import java.util.SplittableRandom;

/** A beauty brand's catalogue; cheap, popular items come first and are picked most often. */
final class Catalog {

    record Product(String id, String name, String category, long priceFen) {}

    static final Product[] PRODUCTS = {
        new Product("P1001", "小样试用装", "试用", 990),
        new Product("P1002", "护手霜", "香氛", 7900),
        new Product("P1003", "洁面乳", "护肤", 11900),
        new Product("P1004", "补水面膜 5 片", "护肤", 12900),
        new Product("P1005", "沐浴露", "个护", 6900),
        new Product("P1006", "洗发水", "个护", 8900),
        new Product("P1007", "睫毛膏", "彩妆", 18900),
        new Product("P1008", "防晒霜", "护肤", 19900),
        new Product("P1009", "身体乳", "香氛", 16900),
        new Product("P1010", "爽肤水", "护肤", 22900),
        new Product("P1011", "乳液", "护肤", 25900),
        new Product("P1012", "散粉", "彩妆", 28900),
        new Product("P1013", "口红", "彩妆", 29900),
        new Product("P1014", "气垫", "彩妆", 34900),
        new Product("P1015", "眼霜", "护肤", 39900),
        new Product("P1016", "粉底液", "彩妆", 39900),
        new Product("P1017", "精华液", "护肤", 45900),
        new Product("P1018", "眼影盘", "彩妆", 45900),
        new Product("P1019", "面霜", "护肤", 59900),
        new Product("P1020", "香水 30ml", "香氛", 65900),
        new Product("P1021", "香水 50ml", "香氛", 89900),
        new Product("P1022", "节日礼盒", "礼盒", 129900),
        new Product("P1023", "旅行装套组", "礼盒", 19900),
        new Product("P1024", "高端修护套装", "礼盒", 259900),
    };

    private Catalog() {}

    /** Skewed towards the front of the list: u² makes low indexes more likely. */
    static Product pick(SplittableRandom random) {
        double u = random.nextDouble();
        return PRODUCTS[(int) (u * u * PRODUCTS.length)];
    }

    /** 1 (most baskets), 2 or 3. */
    static int quantity(SplittableRandom random) {
        double u = random.nextDouble();
        return u < 0.8 ? 1 : u < 0.95 ? 2 : 3;
    }
}
