package io.reservoir.ingest.importer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.function.Function;

/**
 * The currency of a file's amounts and their conversion into the brand's currency, which is the
 * one its books are kept in. The file's currency is {@code --currency}, else the row's {@code
 * currency} column, else the brand's. Another currency than the brand's needs a {@code --rate}:
 * amounts are multiplied by it and rounded half up to the fen (cent); without one the document is
 * rejected, never stored in a currency its brand does not keep.
 */
final class Money {

    private final String fileCurrency;
    private final Map<String, BigDecimal> rates;
    private final Function<String, String> brandCurrency;

    /**
     * @param fileCurrency {@code --currency}, or null
     * @param brandCurrency the currency of a brand (name or id; null: the brand of every row), or null when unknown
     */
    Money(String fileCurrency, Map<String, BigDecimal> rates, Function<String, String> brandCurrency) {
        this.fileCurrency = fileCurrency;
        this.rates = Map.copyOf(rates);
        this.brandCurrency = brandCurrency;
    }

    /** Amounts as written, in the brand's currency when nothing says otherwise. */
    static Money none() {
        return new Money(null, Map.of(), brand -> null);
    }

    /**
     * How the amounts of a document are converted.
     *
     * @param source the currency the file writes them in, or null when unknown
     * @param target the currency they are stored in, or null when unknown (then it is {@code source})
     * @param rate null: no conversion
     */
    record Conversion(String source, String target, BigDecimal rate) {

        boolean converts() {
            return rate != null;
        }

        /** The currency the message states: the brand's when converted, else the file's (null: none stated). */
        String currency() {
            return rate != null ? target : source;
        }

        /**
         * A plain amount in the target currency, rounded half up to the fen (a unit price written
         * with more decimals keeps them).
         */
        String convert(String amount) {
            if (rate == null) {
                return amount;
            }
            BigDecimal value = new BigDecimal(amount);
            return value.multiply(rate)
                    .setScale(Math.max(2, value.scale()), RoundingMode.HALF_UP)
                    .toPlainString();
        }
    }

    /**
     * @param brand the message's brand (name or id), or null
     * @throws RowRejected naming {@code currency} when it is not the brand's and no rate converts it
     */
    Conversion of(Row row, String brand) {
        String source = fileCurrency != null ? fileCurrency : upper(row.get("currency"));
        String target = brandCurrency.apply(brand);
        if (source == null || target == null || source.equals(target)) {
            return new Conversion(source, target, null);
        }
        BigDecimal rate = rates.get(source);
        if (rate == null) {
            throw new RowRejected(
                    "currency",
                    "is " + source + " but the brand keeps its books in " + target + ": give --rate " + source
                            + "=<" + target + " per " + source + "> to convert it, e.g. --rate " + source
                            + "=7.1234");
        }
        return new Conversion(source, target, rate);
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(java.util.Locale.ROOT);
    }
}
