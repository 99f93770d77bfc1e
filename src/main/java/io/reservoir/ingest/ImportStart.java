package io.reservoir.ingest;

/**
 * What an operator asks of an import in the console: the options of {@code reservoir import} that
 * a shop's export needs, as typed. Blank means the command's default.
 *
 * @param type members, orders, refunds or events
 * @param layout generic or tmall; blank: detected from the header
 * @param brand a brand's name or id; blank: the {@code brand} column or the only brand
 * @param zone an IANA time zone for times without an offset
 * @param currency the file's ISO 4217 currency
 * @param rates {@code CUR=RATE}, one a line
 * @param columns {@code NAME=THEIRS}, one a line
 * @param negativeOrdersAsReturns an order with a negative total is a return (a refund of its own)
 * @param integerIds identity values such as {@code 17850.0} are read as {@code 17850}
 * @param dateFormat the file's pattern of times, e.g. {@code M/d/yyyy H:mm}
 */
public record ImportStart(
        String type,
        String layout,
        String brand,
        String zone,
        String currency,
        String rates,
        String columns,
        boolean negativeOrdersAsReturns,
        boolean integerIds,
        String dateFormat) {}
