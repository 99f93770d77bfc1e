package io.reservoir.ingest.importer;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options of an import as an operator writes them — on the command line or in the console's
 * form — before they are read: {@link Importer#request} reads them into an {@link ImportRequest}
 * and refuses every wrong one at once.
 *
 * @param type {@code members}, {@code orders}, {@code refunds} or {@code events}
 * @param columns {@code NAME=THEIRS} pairs: the file's column {@code THEIRS} read as Reservoir's {@code NAME}
 * @param rates {@code CUR=RATE} pairs
 * @param negativeOrders {@code reject} or {@code returns}; null: reject
 * @param format, layout, encoding null: detected
 */
public record ImportOptions(
        String type,
        String format,
        String layout,
        String brand,
        String channel,
        String encoding,
        String zone,
        String dateFormat,
        String currency,
        List<String> rates,
        List<String> columns,
        String negativeOrders,
        boolean integerIds,
        boolean restart) {

    public ImportOptions {
        rates = rates == null ? List.of() : List.copyOf(rates);
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    /**
     * What these options ask for, syntax only (whether the brand exists or the zone is one is the
     * {@link Importer}'s to say); every unreadable option is added to {@code problems}.
     */
    ImportRequest read(Path file, long workspaceId, List<ImportRefused.Problem> problems) {
        ImportType kind = null;
        if (blank(type)) {
            problems.add(new ImportRefused.Problem(
                    "--type", "type", null, "is required: members, orders, refunds or events"));
        } else {
            kind = choice("--type", type, ImportType.class, problems);
        }
        Map<String, String> mapped = new LinkedHashMap<>();
        for (String pair : columns) {
            column(pair, mapped, problems);
        }
        Map<String, BigDecimal> byCurrency = new LinkedHashMap<>();
        for (String pair : rates) {
            rate(pair, byCurrency, problems);
        }
        ImportRequest request = ImportRequest.of(kind == null ? ImportType.MEMBERS : kind, file, workspaceId)
                .withRestart(restart)
                .withBrand(text(brand))
                .withChannel(text(channel))
                .withColumns(mapped)
                .withZone(text(zone))
                .withDateFormat(text(dateFormat))
                .withCurrency(text(currency))
                .withRates(byCurrency)
                .withIntegerIds(integerIds)
                .withNegativeOrders(
                        blank(negativeOrders)
                                ? null
                                : choice(
                                        "--negative-orders",
                                        negativeOrders,
                                        ImportRequest.NegativeOrders.class,
                                        problems))
                .withFormat(blank(format) ? null : choice("--format", format, ImportRequest.Format.class, problems))
                .withLayout(blank(layout) ? null : choice("--layout", layout, ImportRequest.Layout.class, problems));
        if (!blank(encoding)) {
            request = request.withEncoding(choice("--encoding", encoding, ImportRequest.Encoding.class, problems));
        }
        return request;
    }

    /** {@code order_id=Invoice}: Reservoir's name, then the file's (which may hold spaces). */
    private static void column(String pair, Map<String, String> columns, List<ImportRefused.Problem> problems) {
        int eq = pair.indexOf('=');
        String own = eq < 0 ? "" : pair.substring(0, eq).strip();
        String theirs = eq < 0 ? "" : pair.substring(eq + 1).strip();
        if (own.isEmpty() || theirs.isEmpty()) {
            problems.add(new ImportRefused.Problem(
                    "--column", "column", pair, "'" + pair + "' is not NAME=THEIRS, e.g. order_id=Invoice"));
        } else if (columns.containsKey(own)) {
            problems.add(new ImportRefused.Problem("--column", "columnTwice", own, own + " is mapped twice"));
        } else {
            columns.put(own, theirs);
        }
    }

    private static void rate(String pair, Map<String, BigDecimal> rates, List<ImportRefused.Problem> problems) {
        int eq = pair.indexOf('=');
        try {
            if (eq > 0) {
                rates.put(
                        pair.substring(0, eq).strip().toUpperCase(Locale.ROOT),
                        new BigDecimal(pair.substring(eq + 1).strip()));
                return;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        problems.add(new ImportRefused.Problem(
                "--rate", "rate", pair, "'" + pair + "' is not CURRENCY=RATE, e.g. USD=7.1234"));
    }

    private static <E extends Enum<E>> E choice(
            String option, String value, Class<E> type, List<ImportRefused.Problem> problems) {
        String wanted = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        List<String> allowed = Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .toList();
        problems.add(new ImportRefused.Problem(
                option, "choice", value, "'" + value + "' is not one of " + String.join(", ", allowed)));
        return null;
    }

    private static String text(String value) {
        return blank(value) ? null : value.strip();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
