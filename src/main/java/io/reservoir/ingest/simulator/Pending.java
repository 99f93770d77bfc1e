package io.reservoir.ingest.simulator;

/**
 * Something that follows from an earlier event a few days later.
 *
 * @param code the order id (refund, review), the share code (referred order) or the group id
 * @param amountFen what to refund; 0 for "the rest of the order" (no amount stated)
 * @param product index into {@link Catalog#PRODUCTS}
 */
record Pending(Kind kind, int person, Channel channel, int brand, String code, long amountFen, int product) {

    enum Kind {
        REFUND,
        REVIEW,
        REFERRED_ORDER,
        GROUP_LEAVE
    }
}
