package io.reservoir.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.platform.tenancy.Workspaces;
import io.reservoir.support.Events;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import io.reservoir.support.TmallExports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Files imported end to end into a fresh workspace, read back from the event log and its projections. */
@ReservoirIT
class ImportIT {

    static final String MEMBERS = """
            member_no,phone,email,name,gender,birthday,city,joined_at,tmall_ouid
            M001,13800138001,a@example.com,"王, 小明",male,1990-05-20,杭州,2025-01-02 10:00:00,ouid-1
            M002,13800138002,,李四,female,1988/12/01,上海,,
            M003,,c@example.com,"Chen ""CC"" Chao",,,北京,2025-03-04 09:30,
            """;

    static final String ORDERS = """
            order_id,member_no,phone,paid_at,total,refunded,coupon,product_id,quantity,price
            O-1,M001,,2025-06-18 20:00:00,300.00,,C618,p1,2,100.00
            O-1,M001,,2025-06-18 20:00:00,300.00,,C618,p2,1,100.00
            O-2,M002,,2025-06-19 08:15,59.90,59.90,,p3,1,59.90
            O-3,,13900139000,2025-06-20 12:00,120,20,,,,
            """;

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Importer importer;

    @Autowired
    ImportCommand command;

    @Autowired
    Workspaces workspaces;

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
    void membersFromAGenericCsvBecomeCustomersWithAttributesAndMemberships() throws IOException {
        Path file = write("members.csv", "\uFEFF" + MEMBERS, StandardCharsets.UTF_8);

        ImportReport report = importer.run(request(ImportType.MEMBERS, file));

        assertThat(report.rows()).isEqualTo(3);
        assertThat(report.rejected()).isZero();
        assertThat(report.accepted()).isEqualTo(5); // 3 identify + 2 Member Joined
        assertThat(count("from customer where workspace_id = ? and status = 'active'"))
                .isEqualTo(3);
        Integer m1 = events.customerOf("member_no", "M001");
        assertThat(events.customerOf("tmall_ouid", "ouid-1")).isEqualTo(m1);
        assertThat(attribute(m1, "name")).isEqualTo("王, 小明");
        assertThat(attribute(m1, "city")).isEqualTo("杭州");
        assertThat(attribute(events.customerOf("member_no", "M002"), "birthday"))
                .isEqualTo("1988-12-01");
        assertThat(attribute(events.customerOf("member_no", "M003"), "name")).isEqualTo("Chen \"CC\" Chao");
        assertThat(count("from customer_relation where workspace_id = ? and field = 'membership' and until is null"))
                .isEqualTo(2);
        assertThat(Files.exists(file.resolveSibling("members.csv.reservoir-checkpoint")))
                .isFalse();
    }

    @Test
    void ordersFromAGenericCsvBecomeOrdersWithTheirItemsAndRefunds() throws IOException {
        importer.run(request(ImportType.MEMBERS, write("members.csv", MEMBERS, StandardCharsets.UTF_8)));

        ImportReport report =
                importer.run(request(ImportType.ORDERS, write("orders.csv", ORDERS, StandardCharsets.UTF_8)));

        assertThat(report.rows()).isEqualTo(4);
        assertThat(report.accepted()).isEqualTo(5); // 3 orders, 2 refunds
        assertThat(orders())
                .containsExactly(Map.entry("O-1", 30000L), Map.entry("O-2", 5990L), Map.entry("O-3", 12000L));
        assertThat(jdbc.queryForObject(
                        "select customer_no from customer_order where workspace_id = ? and order_id = 'O-1'",
                        Integer.class,
                        tenant.workspace().id()))
                .isEqualTo(events.customerOf("member_no", "M001"));
        String items = jdbc.queryForObject(
                "select items from customer_order where workspace_id = ? and order_id = 'O-1'",
                String.class,
                tenant.workspace().id());
        assertThat(items).contains("\"p1\"").contains("\"p2\"");
        assertThat(refunds()).containsExactly(Map.entry("O-2", 5990L), Map.entry("O-3", 2000L));
    }

    @Test
    void aTmallExportInGbkWithChineseHeadersIsImportedAsTmallOrders() throws IOException {
        Path file = write("ExportOrderList.csv", TmallExports.THREE_ORDERS, Charset.forName("GBK"));

        ImportReport report = importer.run(request(ImportType.ORDERS, file));

        assertThat(report.encoding()).isEqualTo("GBK/GB18030");
        assertThat(report.layout()).isEqualTo(ImportRequest.Layout.TMALL);
        assertThat(report.rows()).isEqualTo(3);
        assertThat(report.skipped()).isEqualTo(1);
        assertThat(report.skipReasons()).containsEntry("交易关闭 without payment", 1L);
        assertThat(report.rejected()).isZero();
        assertThat(orders()).containsExactly(Map.entry("3901", 19900L), Map.entry("3903", 12000L));
        assertThat(refunds()).containsExactly(Map.entry("3903", 12000L));
        assertThat(count("from customer_order where workspace_id = ? and channel = 'tmall'"))
                .isEqualTo(2);
        assertThat(events.customerOf("taobao_nick", "tb_小明")).isNotNull();
        assertThat(count("from customer_identity where workspace_id = ? and id_type = 'phone'"))
                .isEqualTo(2);
        String items = jdbc.queryForObject(
                "select items from customer_order where workspace_id = ? and order_id = '3901'",
                String.class,
                tenant.workspace().id());
        assertThat(items).contains("羊毛围巾, 灰色");
    }

    @Test
    void ndjsonEventsAreTakenAsSentAndGetAnIdFromTheirLineWhenTheyHaveNone() throws IOException {
        String lines = """
                {"type":"track","messageId":"e-1","userId":"u1","event":"Product Viewed","timestamp":"2025-05-01T10:00:00+08:00","properties":{"product_id":"p1"}}
                {"type":"identify","userId":"u1","traits":{"city":"苏州"},"timestamp":"2025-05-01T10:01:00+08:00"}

                {"type":"track","userId":"u2","event":"Store Followed","context":{"channel":"tmall"},"timestamp":"2025-05-02T09:00:00+08:00"}
                not json
                """;
        Path file = write("events.ndjson", lines, StandardCharsets.UTF_8);

        ImportReport first = importer.run(request(ImportType.EVENTS, file));
        ImportReport again = importer.run(request(ImportType.EVENTS, file));

        assertThat(first.rows()).isEqualTo(4);
        assertThat(first.accepted()).isEqualTo(3);
        assertThat(first.rejected()).isEqualTo(1);
        assertThat(again.accepted()).isZero();
        assertThat(again.duplicates()).isEqualTo(3);
        assertThat(count("from event_log where workspace_id = ?")).isEqualTo(3);
        assertThat(count("from event_log where workspace_id = ? and message_id like 'import:events:%'"))
                .isEqualTo(2);
        assertThat(attribute(events.customerOf("app_user_id", "u1"), "city")).isEqualTo("苏州");
        assertThat(count("from customer_relation where workspace_id = ? and field = 'store'"))
                .isEqualTo(1);
        assertThat(Files.readAllLines(first.rejectsFile()).get(1))
                .startsWith("5,line,\"is not JSON: Unrecognized token 'not'");
    }

    @Test
    void reimportingTheSameFileChangesNothing() throws IOException {
        Path file = write("orders.csv", ORDERS, StandardCharsets.UTF_8);
        importer.run(request(ImportType.ORDERS, file));
        long logged = count("from event_log where workspace_id = ?");
        long customers = count("from customer where workspace_id = ?");

        ImportReport again = importer.run(request(ImportType.ORDERS, file));

        assertThat(again.rows()).isEqualTo(4);
        assertThat(again.accepted()).isZero();
        assertThat(again.duplicates()).isEqualTo(5);
        assertThat(count("from event_log where workspace_id = ?")).isEqualTo(logged);
        assertThat(count("from customer where workspace_id = ?")).isEqualTo(customers);
        assertThat(orders()).hasSize(3);
        assertThat(refunds()).containsExactly(Map.entry("O-2", 5990L), Map.entry("O-3", 2000L));
    }

    @Test
    void rejectedRowsAreListedWithTheirSpreadsheetRowFieldAndReasonAndTheRestIsImported() throws IOException {
        String orders = """
                order_id,phone,paid_at,total,refunded
                R-1,13700137001,2025-06-18 20:00,100.00,
                R-2,13700137002,2025-06-18 20:00,"12,3x",
                ,13700137003,2025-06-18 20:00,10,
                R-4,13700137004,2025-02-30 20:00,10,
                R-5,13700137005,2025-06-18 20:00,100.00,500
                R-6,12345,2025-06-18 20:00,10,
                R-7,13700137007,2025-06-18 20:00,7.5,
                """;
        Path file = write("orders.csv", orders, StandardCharsets.UTF_8);

        ImportReport report = importer.run(request(ImportType.ORDERS, file));

        assertThat(report.rows()).isEqualTo(7);
        assertThat(report.rejected()).isEqualTo(5);
        assertThat(report.rejectsFile()).isEqualTo(dir.resolve("orders.csv.rejects.csv"));
        assertThat(Files.readAllLines(report.rejectsFile()).get(0)).isEqualTo("\uFEFFrow,field,reason,raw");
        List<List<String>> rejects = readCsv(report.rejectsFile());
        assertThat(rejects).hasSize(6);
        assertThat(rejects.get(1))
                .containsExactly(
                        "3",
                        "total",
                        "'12,3x' is not an amount in yuan with at most 2 decimals, e.g. 199.00",
                        "R-2,13700137002,2025-06-18 20:00,\"12,3x\",");
        assertThat(rejects.get(2)).startsWith("4", "order_id", "is required");
        assertThat(rejects.get(3).subList(0, 2)).containsExactly("5", "paid_at");
        assertThat(rejects.get(3).get(2)).startsWith("'2025-02-30 20:00' is not a valid date");
        assertThat(rejects.get(4))
                .startsWith("6", "refunded", "refund of 500.00 exceeds the 100.00 yuan left of order R-5");
        assertThat(rejects.get(5).subList(0, 2)).containsExactly("7", "phone");
        // R-5's refund of 500 exceeds its 100 yuan: intake refuses the refund, the order itself stands
        assertThat(orders()).containsOnlyKeys("R-1", "R-5", "R-7");
        assertThat(refunds()).isEmpty();
        assertThat(report.accepted()).isEqualTo(3);
    }

    @Test
    void anInterruptedImportResumesAtItsCheckpointAndEndsWithExactlyTheRightTotals() throws IOException {
        Path file = write("orders.csv", manyOrders(25), StandardCharsets.UTF_8);
        ImportRequest request = request(ImportType.ORDERS, file).withChunkRows(5);

        ImportReport stopped = importer.run(request.withStopAfterChunks(2));

        assertThat(stopped.finished()).isFalse();
        assertThat(count("from customer_order where workspace_id = ?")).isEqualTo(10);
        assertThat(Files.exists(request.checkpointFile())).isTrue();

        ImportReport resumed = importer.run(request);

        assertThat(resumed.finished()).isTrue();
        assertThat(resumed.resumedAtRow()).isEqualTo(12); // the header is row 1; rows 2–11 were done
        assertThat(resumed.rows()).isEqualTo(25);
        assertThat(resumed.accepted()).isEqualTo(25);
        assertThat(resumed.duplicates()).isZero();
        assertThat(count("from customer_order where workspace_id = ?")).isEqualTo(25);
        assertThat(count("from event_log where workspace_id = ?")).isEqualTo(25);
        assertThat(Files.exists(request.checkpointFile())).isFalse();
    }

    @Test
    void aCrashBetweenCommitAndCheckpointOnlyCausesDuplicatesThatAreIgnored() throws IOException {
        Path file = write(
                "orders.csv", manyOrders(12) + "X-bad,13700137000,2025-06-18 20:00,1.234\n", StandardCharsets.UTF_8);
        ImportRequest request = request(ImportType.ORDERS, file).withChunkRows(4);
        Path saved = dir.resolve("after-first-chunk");
        importer.run(request.withStopAfterChunks(1));
        Files.copy(request.checkpointFile(), saved);
        importer.run(request.withStopAfterChunks(2));
        // the process "died" after committing chunks 2 and 3 but before their checkpoints were written
        Files.copy(saved, request.checkpointFile(), StandardCopyOption.REPLACE_EXISTING);

        ImportReport resumed = importer.run(request);

        assertThat(resumed.resumedAtRow()).isEqualTo(6);
        assertThat(resumed.rows()).isEqualTo(13);
        assertThat(resumed.accepted() + resumed.duplicates()).isEqualTo(12);
        assertThat(resumed.duplicates()).isEqualTo(8);
        assertThat(resumed.rejected()).isEqualTo(1);
        assertThat(count("from customer_order where workspace_id = ?")).isEqualTo(12);
        assertThat(Files.readAllLines(resumed.rejectsFile())).hasSize(2);
    }

    @Test
    void theCommandExitsWith2NamingABadOptionAnd1WhenRowsWereRejected() throws Exception {
        Path good = write("members.csv", MEMBERS, StandardCharsets.UTF_8);
        Path bad = write(
                "bad.csv",
                "order_id,phone,paid_at,total\nB-1,13700137001,2025-06-18 20:00,x\n",
                StandardCharsets.UTF_8);
        String ws = Long.toString(tenant.workspace().id());

        assertThat(command.run(List.of("--type", "fish", good.toString()))).isEqualTo(2);
        assertThat(command.run(List.of("--type", "members", good.toString(), "--workspace", ws, "--brand", "nope")))
                .isEqualTo(2);
        assertThat(command.run(List.of("--type", "members", "--bogus", good.toString())))
                .isEqualTo(2);
        assertThat(command.run(List.of("--type=members", "--workspace=" + ws, good.toString())))
                .isEqualTo(0);
        assertThat(command.run(List.of("--type", "orders", "--workspace", ws, bad.toString())))
                .isEqualTo(1);
        assertThat(command.run(List.of("--help"))).isEqualTo(0);
        assertThat(count("from customer_order where workspace_id = ?")).isZero();
    }

    @Test
    void theCommandNamesEveryWrongOptionAtOnceAndWritesNothing() throws Exception {
        Path file = write("members.csv", MEMBERS, StandardCharsets.UTF_8);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ImportCommand command =
                new ImportCommand(importer, workspaces, new PrintStream(err, true, StandardCharsets.UTF_8));

        int status = command.run(List.of(
                "--type",
                "members",
                "--workspace",
                Long.toString(tenant.workspace().id()),
                "--zone",
                "Mars/Base",
                "--rate",
                "GBP=abc",
                file.toString()));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("import: --rate: 'GBP=abc' is not CURRENCY=RATE")
                .contains("import: --zone: 'Mars/Base' is not a time zone");
        assertThat(count("from customer where workspace_id = ?")).isZero();
    }

    private static List<List<String>> readCsv(Path file) throws IOException {
        List<List<String>> records = new java.util.ArrayList<>();
        try (CsvReader reader = new CsvReader(Files.newInputStream(file), StandardCharsets.UTF_8, 0, 1)) {
            CsvReader.Record record;
            while ((record = reader.next()) != null) {
                records.add(record.fields());
            }
        }
        return records;
    }

    private ImportRequest request(ImportType type, Path file) {
        return ImportRequest.of(type, file, tenant.workspace().id());
    }

    private static String manyOrders(int n) {
        StringBuilder csv = new StringBuilder("order_id,phone,paid_at,total\n");
        for (int i = 1; i <= n; i++) {
            csv.append("N-")
                    .append(i)
                    .append(",1370013")
                    .append(String.format("%04d", i))
                    .append(",2025-06-18 20:00,")
                    .append(i)
                    .append(".50\n");
        }
        return csv.toString();
    }

    private Path write(String name, String text, Charset charset) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, text.getBytes(charset));
        return file;
    }

    private long count(String fromWhere) {
        return events.count(fromWhere);
    }

    private String attribute(Integer customerNo, String name) {
        return jdbc.queryForObject(
                "select attr_value from customer_attribute where workspace_id = ? and customer_no = ? and name = ?",
                String.class,
                tenant.workspace().id(),
                customerNo,
                name);
    }

    private Map<String, Long> orders() {
        Map<String, Long> orders = new java.util.TreeMap<>();
        jdbc.query(
                "select order_id, paid_fen from customer_order where workspace_id = ?",
                rs -> {
                    orders.put(rs.getString(1), rs.getLong(2));
                },
                tenant.workspace().id());
        return orders;
    }

    private Map<String, Long> refunds() {
        Map<String, Long> refunds = new java.util.TreeMap<>();
        jdbc.query(
                "select order_id, amount_fen from order_refund where workspace_id = ?",
                rs -> {
                    refunds.merge(rs.getString(1), rs.getLong(2), Long::sum);
                },
                tenant.workspace().id());
        return refunds;
    }
}
