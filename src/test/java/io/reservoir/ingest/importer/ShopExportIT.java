package io.reservoir.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.ingest.Intake;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Workspaces;
import io.reservoir.support.Events;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A shop's own export (think of the UCI "Online Retail II" file) imported end to end: chunks that
 * cannot be stored, orders whose rows lie apart, the shop's column names, returns, zones, currencies.
 */
@ReservoirIT
class ShopExportIT {

    static final String HEADER = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n";
    static final String COLUMNS = "order_id=Invoice,product_id=StockCode,product_name=Description,quantity=Quantity,"
            + "paid_at=InvoiceDate,price=Price,member_no=Customer ID";

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Importer importer;

    @Autowired
    Intake intake;

    @Autowired
    JsonMapper json;

    @Autowired
    Workspaces workspaces;

    @Autowired
    Brands brands;

    @TempDir
    Path dir;

    Tenant tenant;
    Events events;

    @BeforeEach
    void workspace() {
        tenant = tenants.aWorkspace();
        events = new Events(port, tenant, jdbc);
    }

    @Test
    void aChunkThatCannotBeStoredRejectsOnlyTheOrderAtFaultAndTheImportGoesOn() throws IOException {
        Path file = write("orders.csv", manyOrders(12));
        Importer failingOnN5 = new Importer(
                failing(m -> m.path("properties").path("order_id").asString().equals("N-5"), tooLong()),
                json,
                workspaces,
                brands);

        ImportReport report = failingOnN5.run(request(file).withChunkRows(5));

        assertThat(report.finished()).isTrue();
        assertThat(report.rows()).isEqualTo(12);
        assertThat(report.accepted()).isEqualTo(11);
        assertThat(report.rejected()).isEqualTo(1);
        assertThat(orders()).hasSize(11).doesNotContainKey("N-5");
        List<String> reject = ImportITSupport.rejects(report.rejectsFile()).get(1);
        assertThat(reject.get(0)).isEqualTo("6");
        assertThat(reject.get(2))
                .isEqualTo("could not be stored: Value too long for column \"ORDER_ID CHARACTER VARYING(100)\"");
        assertThat(Files.exists(request(file).checkpointFile())).isFalse();
    }

    @Test
    void anUnreachableDatabaseStopsTheImportWithStatus3AndTheRunAfterResumes() throws IOException {
        Path file = write("orders.csv", manyOrders(6));
        Importer unreachable = new Importer(
                failing(
                        m -> m.path("properties").path("order_id").asString().equals("N-4"),
                        new CannotGetJdbcConnectionException("Connection refused")),
                json,
                workspaces,
                brands);
        ImportCommand command = new ImportCommand(unreachable, workspaces);
        String ws = Long.toString(tenant.workspace().id());

        int status = command.run(List.of("--type", "orders", "--workspace", ws, file.toString()));

        assertThat(status).isEqualTo(3);
        assertThat(Files.exists(file.resolveSibling("orders.csv.rejects.csv"))).isFalse();
        assertThat(orders()).isEmpty(); // the one chunk was not committed, and nothing was rejected
        assertThat(new ImportCommand(importer, workspaces)
                        .run(List.of("--type", "orders", "--workspace", ws, file.toString())))
                .isEqualTo(0);
        assertThat(orders()).hasSize(6);
    }

    @Test
    void anOrderOfAThousandLinesIsImportedWhole() throws Exception {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 1000; i++) {
            csv.append("581483,SKU-")
                    .append(i)
                    .append(",PAPER CRAFT LITTLE BIRDIE NUMBER ")
                    .append(i)
                    .append(",2,2011-12-09 09:15:00,2.08,16446,United Kingdom\n");
        }
        Path file = write("big.csv", csv.toString());

        ImportReport report = importer.run(shop(file));

        assertThat(report.rejected()).isZero();
        assertThat(orders()).containsExactly(Map.entry("581483", 416000L));
        assertThat(items("581483")).hasSize(1000);
    }

    @Test
    void anOrderWhoseRowsLieApartIsImportedWholeOnce() throws Exception {
        Path file = write("apart.csv", apart());

        ImportReport report = importer.run(shop(file));

        assertThat(report.rows()).isEqualTo(14);
        assertThat(report.accepted()).isEqualTo(2);
        assertThat(report.duplicates()).isZero();
        assertThat(report.rejected()).isZero();
        assertThat(report.gathered()).isEqualTo(1);
        assertThat(items("A-1")).hasSize(11);
        assertThat(orders()).containsExactly(Map.entry("A-1", 1100L), Map.entry("B-1", 300L));
    }

    @Test
    void anOrderWhoseRowsLieApartIsImportedWholeAcrossAResume() throws Exception {
        Path file = write("apart.csv", apart());
        ImportRequest request = shop(file).withChunkRows(2);

        ImportReport stopped = importer.run(request.withStopAfterChunks(2)); // A-1 whole, then B-1
        assertThat(stopped.finished()).isFalse();
        assertThat(items("A-1")).hasSize(11);

        ImportReport resumed = importer.run(request); // starts at A-1's second block

        assertThat(resumed.finished()).isTrue();
        assertThat(resumed.resumedAtRow()).isEqualTo(9);
        assertThat(resumed.rows()).isEqualTo(14);
        assertThat(resumed.accepted()).isEqualTo(2);
        assertThat(resumed.duplicates()).isZero();
        assertThat(resumed.gathered()).isEqualTo(1);
        assertThat(items("A-1")).hasSize(11);
    }

    @Test
    void aShopsExportIsImportedWithItsOwnColumnsZoneAndCurrencyAndReturnsAreRejectedAsNegative() throws Exception {
        Path file = write("online_retail_II.csv", HEADER + """
                489434,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom
                489434,79323P,PINK CHERRY LIGHTS,12,2009-12-01 07:45:00,6.75,13085.0,United Kingdom
                489435,22350,CAT BOWL ,12,2009-12-01 07:46:00,2.55,13085.0,United Kingdom
                489436,48173C,DOOR MAT BLACK FLOCK ,10,2009-12-01 09:06:00,5.95,,United Kingdom
                C489449,22087,PAPER BUNTING WHITE LACE,-12,2009-12-01 10:33:00,2.95,16321.0,Australia
                """);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ImportCommand command =
                new ImportCommand(importer, workspaces, new PrintStream(err, true, StandardCharsets.UTF_8));

        int status = command.run(List.of(
                "--type=orders",
                "--workspace=" + tenant.workspace().id(),
                "--columns",
                COLUMNS,
                "--zone",
                "Europe/London",
                "--currency",
                "GBP",
                "--rate",
                "GBP=9.1234",
                file.toString()));

        assertThat(status).isEqualTo(1);
        // 164.40 GBP × 9.1234 = 1,499.88696 → 1,499.89 yuan; 30.60 GBP → 279.18 yuan
        assertThat(orders()).containsExactly(Map.entry("489434", 149989L), Map.entry("489435", 27918L));
        assertThat(jdbc.queryForObject(
                                "select paid_at from customer_order where workspace_id = ? and order_id = '489434'",
                                java.time.OffsetDateTime.class,
                                tenant.workspace().id())
                        .toInstant())
                .isEqualTo(java.time.Instant.parse("2009-12-01T07:45:00Z"));
        assertThat(events.customerOf("member_no", "13085.0")).isNotNull();
        String payload = jdbc.queryForObject(
                "select payload from event_log where workspace_id = ? and message_id = 'import:orders:489434'",
                String.class,
                tenant.workspace().id());
        JsonNode properties = json.readTree(payload).path("properties");
        assertThat(properties.path("currency").asString()).isEqualTo("CNY");
        assertThat(properties.path("original_currency").asString()).isEqualTo("GBP");
        assertThat(properties.path("original_total").asString()).isEqualTo("164.40");
        List<List<String>> rejects = ImportITSupport.rejects(file.resolveSibling("online_retail_II.csv.rejects.csv"));
        assertThat(rejects).hasSize(3);
        assertThat(rejects.get(1).subList(0, 2)).containsExactly("5", "identity");
        assertThat(rejects.get(2).subList(0, 2)).containsExactly("6", "quantity");
        assertThat(rejects.get(2).get(2)).startsWith("is negative (-35.40): a return?");
        String said = err.toString(StandardCharsets.UTF_8);
        assertThat(said).contains("times without an offset read in Europe/London");
        assertThat(said)
                .contains("4 values of member_no look like 17850.0")
                .contains("--integer-ids imports them as 17850");
    }

    @Test
    void integerIdsImportsASpreadsheetsRenderingOfAnIdAsTheWholeNumber() throws Exception {
        Path file = write("ids.csv", HEADER + "489435,22350,CAT BOWL,12,2009-12-01 07:46:00,2.55,13085.0,UK\n");

        ImportReport report = importer.run(shop(file).withIntegerIds(true));

        assertThat(report.decimalIds()).containsExactly(Map.entry("member_no", 1L));
        assertThat(report.warnings()).singleElement().asString().contains("imported as whole numbers");
        assertThat(events.customerOf("member_no", "13085")).isNotNull();
    }

    @Test
    void timesWithoutOffsetAreTheBrandsAndAnotherCurrencyWithoutARateIsRejectedNamingIt() throws Exception {
        brands.update(
                Caller.system(tenant.workspace().id()),
                tenant.brand().id(),
                new Brands.Settings(null, "Europe/London", null, null));
        Path file = write(
                "usd.csv",
                "order_id,phone,paid_at,total,currency\nU-1,13700137001,2010-07-01 12:00,10.00,CNY\n"
                        + "U-2,13700137002,2010-07-01 12:00,10.00,USD\n");

        ImportReport report = importer.run(request(file));

        assertThat(report.zone()).isEqualTo("Europe/London");
        assertThat(report.summary()).contains("times without an offset read in Europe/London");
        assertThat(orders()).containsOnlyKeys("U-1");
        assertThat(jdbc.queryForObject(
                                "select paid_at from customer_order where workspace_id = ? and order_id = 'U-1'",
                                java.time.OffsetDateTime.class,
                                tenant.workspace().id())
                        .toInstant())
                .isEqualTo(java.time.Instant.parse("2010-07-01T11:00:00Z"));
        List<String> reject = ImportITSupport.rejects(report.rejectsFile()).get(1);
        assertThat(reject.subList(0, 2)).containsExactly("3", "currency");
        assertThat(reject.get(2)).startsWith("is USD but the brand keeps its books in CNY: give --rate USD=");

        // a Tmall export is Beijing time whatever the brand's zone
        ImportReport tmall = importer.run(request(write("ExportOrderList.csv", """
                订单编号,买家会员名,买家实际支付金额,订单付款时间
                ="3901",tb_小明,199.00,2025-11-11 00:00:05
                """)));
        assertThat(tmall.zone()).isEqualTo("Asia/Shanghai");
        assertThat(jdbc.queryForObject(
                                "select paid_at from customer_order where workspace_id = ? and order_id = '3901'",
                                java.time.OffsetDateTime.class,
                                tenant.workspace().id())
                        .toInstant())
                .isEqualTo(java.time.Instant.parse("2025-11-10T16:00:05Z"));
    }

    @Test
    void aRefundsFileRefundsTheOrdersItNames() throws Exception {
        importer.run(
                request(write("orders.csv", "order_id,phone,paid_at,total\nO-1,13700137001,2025-06-18 20:00,300\n")));
        Path file = write(
                "refunds.csv",
                "refund_id,order_id,phone,refunded_at,product_id,price,quantity\n"
                        + "RF-1,O-1,13700137001,2025-06-20 10:00,p1,20.00,2\n"
                        + "RF-1,O-1,13700137001,2025-06-20 10:00,p2,10.00,1\n");

        ImportReport report = importer.run(
                ImportRequest.of(ImportType.REFUNDS, file, tenant.workspace().id()));

        assertThat(report.rejected()).isZero();
        assertThat(report.accepted()).isEqualTo(1);
        assertThat(refunds()).containsExactly(Map.entry("O-1", 5000L));
        assertThat(events.count("from event_log where workspace_id = ? and message_id = 'import:refunds:RF-1'"))
                .isEqualTo(1);
    }

    /**
     * Needs intake's contract for a refund that names no order (a customer-level refund), built on
     * another branch: until it is merged, intake refuses {@code properties.order_id} as required.
     */
    @Test
    void aRefundNamingNoOrderAndAReturnInvoiceImportedAsReturnsAreCustomerLevelRefunds() throws Exception {
        Path refundsFile =
                write("refunds.csv", "refund_id,phone,refunded_at,amount\nRF-9,13700137009,2025-06-20 10:00,12.50\n");
        Path orders = write(
                "returns.csv",
                HEADER + "C489449,22087,PAPER BUNTING WHITE LACE,-12,2009-12-01 10:33:00,2.95,16321,Australia\n");

        ImportReport refunds = importer.run(ImportRequest.of(
                ImportType.REFUNDS, refundsFile, tenant.workspace().id()));
        ImportReport returns = importer.run(shop(orders).withNegativeOrders(ImportRequest.NegativeOrders.RETURNS));

        assertThat(refunds.rejected()).isZero();
        assertThat(returns.rejected()).isZero();
        assertThat(events.count("from order_refund where workspace_id = ? and order_id is null"))
                .isEqualTo(2);
        assertThat(events.count("from order_refund where workspace_id = ? and amount_fen = 3540"))
                .isEqualTo(1);
    }

    @Test
    void aColumnOptionNamingAnUnknownColumnIsRefusedWithTheKnownOnes() throws Exception {
        Path file = write("orders.csv", HEADER);
        String ws = Long.toString(tenant.workspace().id());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ImportCommand command =
                new ImportCommand(importer, workspaces, new PrintStream(err, true, StandardCharsets.UTF_8));

        int status = command.run(
                List.of("--type", "orders", "--workspace", ws, "--column", "invoice=Invoice", file.toString()));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--column: 'invoice' is not a column of a orders file; its columns are ")
                .contains("order_id")
                .contains("paid_at");
        assertThat(command.run(List.of("--type", "orders", "--workspace", ws, "--rate", "GBP", file.toString())))
                .isEqualTo(2);
    }

    /** A-1's 11 lines in two blocks with B-1 between them. */
    private static String apart() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 1; i <= 4; i++) {
            csv.append("A-1,a").append(i).append(",item,1,2025-06-18 20:00,1.00,M1,CN\n");
        }
        for (int i = 1; i <= 3; i++) {
            csv.append("B-1,b").append(i).append(",item,1,2025-06-18 21:00,1.00,M2,CN\n");
        }
        for (int i = 5; i <= 11; i++) {
            csv.append("A-1,a").append(i).append(",item,1,2025-06-18 20:00,1.00,M1,CN\n");
        }
        return csv.toString();
    }

    /** Intake as it is, but failing with {@code failure} on any chunk holding a message that {@code at} matches. */
    private Intake failing(Predicate<JsonNode> at, RuntimeException failure) {
        return new InterceptedIntake(intake, (workspaceId, messages, rejected) -> {
            if (messages.stream().anyMatch(at)) {
                throw failure;
            }
            return intake.acceptValid(workspaceId, messages, rejected);
        });
    }

    private static RuntimeException tooLong() {
        return new DataIntegrityViolationException(
                "PreparedStatementCallback; SQL [insert into customer_order …]",
                new SQLException(
                        "Value too long for column \"ORDER_ID CHARACTER VARYING(100)\"\nSQL statement: insert"));
    }

    private ImportRequest request(Path file) {
        return ImportRequest.of(ImportType.ORDERS, file, tenant.workspace().id());
    }

    private ImportRequest shop(Path file) {
        Map<String, String> columns = new java.util.LinkedHashMap<>();
        for (String pair : COLUMNS.split(",")) {
            columns.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return request(file).withColumns(columns);
    }

    private static String manyOrders(int n) {
        StringBuilder csv = new StringBuilder("order_id,phone,paid_at,total\n");
        for (int i = 1; i <= n; i++) {
            csv.append("N-").append(i).append(",1370013").append(String.format("%04d", i));
            csv.append(",2025-06-18 20:00,").append(i).append(".50\n");
        }
        return csv.toString();
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private List<JsonNode> items(String orderId) {
        String items = jdbc.queryForObject(
                "select items from customer_order where workspace_id = ? and order_id = ?",
                String.class,
                tenant.workspace().id(),
                orderId);
        List<JsonNode> out = new ArrayList<>();
        json.readTree(items).forEach(out::add);
        return out;
    }

    private Map<String, Long> orders() {
        Map<String, Long> orders = new TreeMap<>();
        jdbc.query(
                "select order_id, paid_fen from customer_order where workspace_id = ?",
                rs -> {
                    orders.put(rs.getString(1), rs.getLong(2));
                },
                tenant.workspace().id());
        return orders;
    }

    private Map<String, Long> refunds() {
        Map<String, Long> refunds = new TreeMap<>();
        jdbc.query(
                "select order_id, amount_fen from order_refund where workspace_id = ?",
                rs -> {
                    refunds.merge(rs.getString(1), rs.getLong(2), Long::sum);
                },
                tenant.workspace().id());
        return refunds;
    }
}
