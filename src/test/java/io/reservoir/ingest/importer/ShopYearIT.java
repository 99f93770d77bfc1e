package io.reservoir.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import io.reservoir.support.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A shop's whole year, as the shop exports it ({@link ShopYear}: half a million order lines with
 * long orders, split orders, returns as their own invoices, a separate refunds file whose refunds
 * come before their orders, pounds and a few dollars), imported with the command a user would type:
 * every line ends up stored or in a rejects file with its reason, and the test counts both.
 */
@ReservoirIT
class ShopYearIT {

    /** {@code -Dreservoir.shop-year.lines=50000} for a quicker run. */
    static final int LINES = Integer.getInteger("reservoir.shop-year.lines", 500_000);

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ImportCommand command;

    @Autowired
    JsonMapper json;

    @TempDir
    Path dir;

    @Test
    void everyLineOfAShopsYearIsStoredOrRejectedWithItsReason() throws IOException {
        Tenant tenant = tenants.aWorkspace();
        LocalDateTime end = LocalDateTime.ofInstant(TestClock.TODAY, ZoneId.of("Europe/London"));
        ShopYear.Expected expected = ShopYear.write(dir, LINES, 42, end);
        List<String> common = List.of(
                "--workspace",
                Long.toString(tenant.workspace().id()),
                "--zone",
                "Europe/London",
                "--date-format",
                ShopYear.TIME_PATTERN,
                "--rate",
                "GBP=" + ShopYear.RATE.toPlainString(),
                "--integer-ids");

        int refundsStatus = command.run(concat(
                List.of(
                        "--type",
                        "refunds",
                        "--rejects",
                        dir.resolve("refunds.rejects.csv").toString()),
                common,
                List.of(dir.resolve("refunds.csv").toString())));
        int ordersStatus = command.run(concat(
                List.of(
                        "--type",
                        "orders",
                        "--columns",
                        "order_id=Invoice,product_id=StockCode,product_name=Description,quantity=Quantity,"
                                + "paid_at=InvoiceDate,price=Price,member_no=Customer ID,currency=Currency",
                        "--negative-orders",
                        "returns",
                        "--rejects",
                        dir.resolve("orders.rejects.csv").toString()),
                common,
                List.of(dir.resolve("orders.csv").toString())));

        long ws = tenant.workspace().id();
        Map<String, Long> rejected = rejectedByReason(dir.resolve("orders.rejects.csv"));
        long rejectedLines =
                rejected.values().stream().mapToLong(Long::longValue).sum()
                        + rejectedByReason(dir.resolve("refunds.rejects.csv")).values().stream()
                                .mapToLong(Long::longValue)
                                .sum();
        long storedLines = orderLines(ws) + refundLines(ws);

        assertThat(expected.orderRows).isGreaterThanOrEqualTo(LINES);
        assertThat(refundsStatus)
                .as("refunds: all imported, not %s", rejectedByReason(dir.resolve("refunds.rejects.csv")))
                .isZero();
        assertThat(ordersStatus).as("orders: finished, some rows rejected").isEqualTo(1);
        assertThat(storedLines + rejectedLines).isEqualTo(expected.totalLines());
        assertThat(storedLines).isEqualTo(expected.storedLines());
        assertThat(rejectedLines).isEqualTo(expected.rejectedLines());
        assertThat(rejected).allSatisfy((reason, lines) -> assertThat(reason).isNotBlank());
        assertThat(rejected.keySet())
                .anySatisfy(reason -> assertThat(reason).contains("USD"))
                .anySatisfy(reason -> assertThat(reason).containsIgnoringCase("identity"))
                .anySatisfy(reason -> assertThat(reason).containsIgnoringCase("paid_at"));

        assertThat(count("select count(*) from customer_order where workspace_id = ?", ws))
                .isEqualTo(expected.orders);
        assertThat(count("select coalesce(sum(paid_fen), 0) from customer_order where workspace_id = ?", ws))
                .as("pounds converted at the rate given, order by order")
                .isEqualTo(expected.paidFen);
        assertThat(count("select count(*) from customer_order where workspace_id = ? and currency <> 'CNY'", ws))
                .isZero();
        assertThat(count("""
                        select count(*) from order_refund r where r.workspace_id = ? and r.order_id is not null
                           and not exists (select 1 from customer_order o where o.workspace_id = r.workspace_id
                                             and o.brand_id = r.brand_id and o.order_id = r.order_id)
                        """, ws))
                .as("only the refund of the order that never came still waits")
                .isEqualTo(expected.waitingRefunds);
        assertThat(expected.longestOrder).isGreaterThanOrEqualTo(300);
        assertThat(expected.splitOrders).isPositive();
    }

    /** Lines of the stored orders: their items. */
    private long orderLines(long ws) {
        AtomicLong lines = new AtomicLong();
        jdbc.query(
                "select items from customer_order where workspace_id = ?",
                (RowCallbackHandler)
                        rs -> lines.addAndGet(json.readTree(rs.getString(1)).size()),
                ws);
        return lines.get();
    }

    /** Lines of the stored refunds: a return invoice's products, or the one row of a refunds file. */
    private long refundLines(long ws) {
        AtomicLong lines = new AtomicLong();
        jdbc.query(
                "select payload from event_log where workspace_id = ? and event_name = 'Order Refunded'",
                (RowCallbackHandler) rs -> {
                    JsonNode products =
                            json.readTree(rs.getString(1)).path("properties").path("products");
                    lines.addAndGet(products.isArray() && !products.isEmpty() ? products.size() : 1);
                },
                ws);
        return lines.get();
    }

    /** Rejected rows by reason; a missing file is no rejected row. */
    private static Map<String, Long> rejectedByReason(Path rejects) throws IOException {
        Map<String, Long> byReason = new java.util.TreeMap<>();
        if (!Files.exists(rejects)) {
            return byReason;
        }
        try (var in = Files.newInputStream(rejects)) {
            in.skipNBytes(3); // the byte-order mark
            CsvReader reader = new CsvReader(in, StandardCharsets.UTF_8, 3, 1);
            assertThat(reader.next().fields()).isEqualTo(List.of("row", "field", "reason", "raw"));
            for (CsvReader.Record row = reader.next(); row != null; row = reader.next()) {
                if (row.fields().size() > 1) {
                    byReason.merge(row.fields().get(1) + ": " + row.fields().get(2), 1L, Long::sum);
                }
            }
        }
        return byReason;
    }

    private long count(String sql, long ws) {
        return jdbc.queryForObject(sql, Long.class, ws);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}
