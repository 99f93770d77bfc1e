package io.reservoir.ingest.importer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated online shop's year of trading, exported as such shops export it: one row per order
 * line under the shop's own column names ({@code Invoice, StockCode, Description, Quantity,
 * InvoiceDate, Price, Customer ID, Country, Currency}), local times without an offset as a spreadsheet
 * saves them ({@code 12/1/2025 8:26}), customer ids
 * written by a spreadsheet ({@code 17850.0}), prices in pounds, returns as separate invoices
 * ({@code C…}) with negative quantities; and a separate refunds file, imported first, whose refunds
 * mostly come before their orders.
 *
 * <p>What each row should become is decided as it is written and kept in {@link Expected}: the
 * long orders (300 to 1,000 lines), the orders split in two blocks by another invoice, the guest
 * orders without a customer and the orders in dollars (no rate is given for them) that must be
 * rejected, and the pounds each stored order is worth in yuan at {@link #RATE}.
 */
final class ShopYear {

    static final String ORDERS_HEADER =
            "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country,Currency";
    static final String REFUNDS_HEADER = "refund_id,order_id,member_no,refunded_at,amount,currency";
    /** Yuan per pound given to the importer ({@code --rate GBP=9.1234}). */
    static final BigDecimal RATE = new BigDecimal("9.1234");

    /** How a spreadsheet saves the times: month first ({@code --date-format}). */
    static final String TIME_PATTERN = "M/d/yyyy H:mm";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern(TIME_PATTERN);
    private static final String[] COUNTRIES = {"United Kingdom", "France", "Germany", "EIRE", "Netherlands"};

    /** What the files hold and what importing them must leave. */
    static final class Expected {
        long orderRows;
        long refundRows;
        /** Lines of the orders that must be stored: normal, long and split orders. */
        long storedOrderLines;
        /** Lines of the return invoices, stored as customer-level refunds. */
        long returnLines;
        /** Refunds of the refunds file, each one row. */
        long storedRefunds;

        long guestLines;
        long dollarLines;
        long badDateLines;
        long orders;
        long longOrders;
        long longestOrder;
        long splitOrders;
        /** Σ over the stored orders of their total in pounds × {@link #RATE}, rounded half up to the fen. */
        long paidFen;
        /** Refunds naming an order that never comes. */
        long waitingRefunds;

        final List<String> splitOrderIds = new ArrayList<>();

        long rejectedLines() {
            return guestLines + dollarLines + badDateLines;
        }

        long storedLines() {
            return storedOrderLines + returnLines + storedRefunds;
        }

        long totalLines() {
            return orderRows + refundRows;
        }
    }

    private final Random random;
    private final BufferedWriter orders;
    private final BufferedWriter refunds;
    private final Expected expected = new Expected();
    private LocalDateTime clock;
    private int invoiceNo = 500_000;

    private ShopYear(long seed, BufferedWriter orders, BufferedWriter refunds, LocalDateTime start) {
        this.random = new Random(seed);
        this.orders = orders;
        this.refunds = refunds;
        this.clock = start;
    }

    /**
     * Writes {@code orders.csv} of about {@code lines} rows (never fewer) and {@code refunds.csv}
     * into {@code dir}, the year ending before {@code end}.
     */
    static Expected write(Path dir, int lines, long seed, LocalDateTime end) throws IOException {
        try (BufferedWriter orders = Files.newBufferedWriter(dir.resolve("orders.csv"), StandardCharsets.UTF_8);
                BufferedWriter refunds = Files.newBufferedWriter(dir.resolve("refunds.csv"), StandardCharsets.UTF_8)) {
            orders.write(ORDERS_HEADER + "\n");
            refunds.write(REFUNDS_HEADER + "\n");
            ShopYear shop = new ShopYear(seed, orders, refunds, end.minusDays(365));
            double minutesPerLine = 365.0 * 24 * 60 / lines;
            while (shop.expected.orderRows < lines) {
                shop.document(minutesPerLine);
            }
            shop.refund("R-waiting", "999999", shop.customer(), new BigDecimal("12.00"));
            shop.expected.waitingRefunds++;
            return shop.expected;
        }
    }

    private void document(double minutesPerLine) throws IOException {
        long rowsBefore = expected.orderRows;
        double dice = random.nextDouble();
        if (dice < 0.0002) {
            List<String> rows = order(Kind.STORED, 300 + random.nextInt(701));
            expected.longOrders++;
            expected.longestOrder = Math.max(expected.longestOrder, rows.size());
            emit(rows);
        } else if (dice < 0.02) {
            List<String> split = order(Kind.STORED, 4 + random.nextInt(8));
            int cut = 1 + random.nextInt(split.size() - 1);
            expected.splitOrders++;
            expected.splitOrderIds.add(split.get(0).substring(0, split.get(0).indexOf(',')));
            emit(split.subList(0, cut));
            emit(order(Kind.STORED, 1 + random.nextInt(4)));
            emit(split.subList(cut, split.size()));
        } else if (dice < 0.04) {
            emit(returnInvoice());
        } else if (dice < 0.05) {
            emit(order(Kind.GUEST, 1 + random.nextInt(6)));
        } else if (dice < 0.055) {
            emit(order(Kind.DOLLARS, 1 + random.nextInt(6)));
        } else if (dice < 0.057) {
            emit(order(Kind.BAD_DATE, 1 + random.nextInt(6)));
        } else if (dice < 0.06) {
            // a refund the shop made without the order it returns: a customer-level refund
            refund("R-" + invoiceNo++, "", customer(), BigDecimal.valueOf(100 + random.nextInt(5_000), 2));
        } else {
            emit(order(Kind.STORED, 1 + random.nextInt(8)));
        }
        // time runs with the rows written, so the year ends a little before `end`, never after it
        clock = clock.plusSeconds((long) ((expected.orderRows - rowsBefore) * minutesPerLine * 60 * 0.95) + 1);
    }

    private enum Kind {
        STORED,
        GUEST,
        DOLLARS,
        BAD_DATE
    }

    private List<String> order(Kind kind, int lines) throws IOException {
        String invoice = Integer.toString(invoiceNo++);
        String customer = kind == Kind.GUEST ? "" : customer();
        String time = kind == Kind.BAD_DATE ? "13/45/2026 25:00" : TIME.format(clock);
        String currency = kind == Kind.DOLLARS ? "USD" : "GBP";
        String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
        List<String> rows = new ArrayList<>(lines);
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < lines; i++) {
            int quantity = 1 + random.nextInt(12);
            BigDecimal price = BigDecimal.valueOf(10 + random.nextInt(2_000), 2);
            total = total.add(price.multiply(BigDecimal.valueOf(quantity)));
            rows.add(String.join(
                    ",",
                    invoice,
                    "SC" + (10_000 + random.nextInt(4_000)),
                    "\"ITEM " + i + ", SET OF " + quantity + "\"",
                    Integer.toString(quantity),
                    time,
                    price.toPlainString(),
                    customer,
                    country,
                    currency));
        }
        switch (kind) {
            case STORED -> {
                expected.storedOrderLines += lines;
                expected.orders++;
                expected.paidFen += total.multiply(RATE)
                        .setScale(2, RoundingMode.HALF_UP)
                        .movePointRight(2)
                        .longValueExact();
                if (random.nextDouble() < 0.02) {
                    // the shop's refund of part of this order, in the refunds file imported before it
                    BigDecimal part = total.multiply(BigDecimal.valueOf(1 + random.nextInt(100), 2))
                            .setScale(2, RoundingMode.DOWN);
                    if (part.signum() > 0) {
                        refund("R" + invoice, invoice, customer, part);
                    }
                }
            }
            case GUEST -> expected.guestLines += lines;
            case DOLLARS -> expected.dollarLines += lines;
            case BAD_DATE -> expected.badDateLines += lines;
        }
        return rows;
    }

    /** A return as its own invoice, {@code C…}, naming no order: negative quantities. */
    private List<String> returnInvoice() {
        String invoice = "C" + invoiceNo++;
        String customer = customer();
        int lines = 1 + random.nextInt(3);
        List<String> rows = new ArrayList<>(lines);
        for (int i = 0; i < lines; i++) {
            rows.add(String.join(
                    ",",
                    invoice,
                    "SC" + (10_000 + random.nextInt(4_000)),
                    "RETURNED ITEM " + i,
                    Integer.toString(-(1 + random.nextInt(3))),
                    TIME.format(clock),
                    BigDecimal.valueOf(10 + random.nextInt(2_000), 2).toPlainString(),
                    customer,
                    "United Kingdom",
                    "GBP"));
        }
        expected.returnLines += lines;
        return rows;
    }

    private void refund(String refundId, String orderId, String customer, BigDecimal pounds) throws IOException {
        refunds.write(String.join(
                        ",", refundId, orderId, customer, TIME.format(clock.plusDays(3)), pounds.toPlainString(), "GBP")
                + "\n");
        expected.refundRows++;
        expected.storedRefunds++;
    }

    /** A customer id as a spreadsheet writes it. */
    private String customer() {
        return (12_346 + random.nextInt(4_000)) + ".0";
    }

    private void emit(List<String> rows) throws IOException {
        for (String row : rows) {
            orders.write(row);
            orders.write('\n');
        }
        expected.orderRows += rows.size();
    }
}
