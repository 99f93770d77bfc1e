package io.reservoir.ingest.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reservoir.ingest.Intake;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Workspaces;
import io.reservoir.support.Events;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The importer commits each chunk on a background thread while it reads the next: commits in file
 * order, a failed commit or a stop ending the run at the last committed chunk, and the CSV read
 * through Apache Commons CSV with exact row numbers and offsets.
 */
@ReservoirIT
class ImportPipelineIT {

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
    void chunksAreCommittedOneAtATimeInFileOrder() throws IOException {
        Path file = write("orders.csv", manyOrders(23), StandardCharsets.UTF_8);
        List<String> firstOrders = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlapping = new AtomicInteger();
        Intake recording = around((ws, messages, rejected) -> {
            if (inside.incrementAndGet() > 1) {
                overlapping.incrementAndGet();
            }
            try {
                firstOrders.add(messages.get(0).path("messageId").asString());
                return intake.acceptValid(ws, messages, rejected);
            } finally {
                inside.decrementAndGet();
            }
        });

        ImportReport report = importer(recording).run(request(file).withChunkRows(5));

        assertThat(report.finished()).isTrue();
        assertThat(report.accepted()).isEqualTo(23);
        assertThat(firstOrders)
                .containsExactly(
                        "import:orders:N-1",
                        "import:orders:N-6",
                        "import:orders:N-11",
                        "import:orders:N-16",
                        "import:orders:N-21");
        assertThat(overlapping.get()).isZero();
        assertThat(count("from customer_order where workspace_id = ?")).isEqualTo(23);
    }

    @Test
    void aFailedCommitStopsTheRunAndLeavesTheCheckpointAtTheLastCommittedChunk() throws IOException {
        Path file = write("orders.csv", manyOrders(25), StandardCharsets.UTF_8);
        ImportRequest request = request(file).withChunkRows(5);
        AtomicInteger calls = new AtomicInteger();
        Intake failingThird = around((ws, messages, rejected) -> {
            if (calls.incrementAndGet() == 3) {
                throw new TransientDataAccessResourceException("the database cannot be reached");
            }
            return intake.acceptValid(ws, messages, rejected);
        });

        assertThatThrownBy(() -> importer(failingThird).run(request))
                .isInstanceOf(TransientDataAccessResourceException.class);

        assertThat(calls.get()).isEqualTo(3); // nothing is handed to intake after the failure
        assertThat(count("from event_log where workspace_id = ? and event_name = 'Order Completed'"))
                .as("the committed chunks are logged")
                .isEqualTo(10);
        Checkpoint checkpoint = Checkpoint.read(request.checkpointFile()).orElseThrow();
        assertThat(checkpoint.rows()).isEqualTo(10);
        assertThat(checkpoint.nextRow()).isEqualTo(12); // the header is row 1
        assertThat(checkpoint.offset()).isEqualTo(offsetOfRow(file, 12));
        assertThat(Files.exists(request.rejectsFile())).isFalse();

        ImportReport resumed = importer.run(request);

        assertThat(resumed.finished()).isTrue();
        assertThat(resumed.resumedAtRow()).isEqualTo(12);
        assertThat(resumed.rows()).isEqualTo(25);
        assertThat(resumed.accepted()).isEqualTo(25);
        assertThat(resumed.duplicates()).isZero();
        assertThat(count("from customer_order where workspace_id = ?")).isEqualTo(25);
    }

    @Test
    void aStoppedImportRejectsNothingAndResumesAfterItsLastCommittedChunk() throws Exception {
        Path file = write("orders.csv", manyOrders(25), StandardCharsets.UTF_8);
        ImportRequest request = request(file).withChunkRows(5);
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch thirdStarted = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Intake hangingThird = around((ws, messages, rejected) -> {
            if (calls.incrementAndGet() == 3) {
                thirdStarted.countDown();
                try {
                    never.await(); // until the stop interrupts the commit
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the intake writer", e);
                }
            }
            return intake.acceptValid(ws, messages, rejected);
        });
        CompletableFuture<ImportReport> run = new CompletableFuture<>();
        Thread importing = new Thread(() -> {
            try {
                run.complete(importer(hangingThird).run(request));
            } catch (Throwable t) {
                run.completeExceptionally(t);
            }
        });
        importing.start();
        thirdStarted.await();

        importing.interrupt(); // what the console's imports do when Reservoir stops
        importing.join();

        assertThat(run).isCompletedExceptionally();
        assertThatThrownBy(run::join)
                .hasCauseInstanceOf(UncheckedIOException.class)
                .hasRootCauseInstanceOf(InterruptedIOException.class);
        assertThat(count("from event_log where workspace_id = ? and event_name = 'Order Completed'"))
                .as("the committed chunks are logged")
                .isEqualTo(10);
        assertThat(Files.exists(request.rejectsFile())).isFalse();
        assertThat(Checkpoint.read(request.checkpointFile()).orElseThrow().rows())
                .isEqualTo(10);

        ImportReport resumed = importer.run(request);

        assertThat(resumed.rows()).isEqualTo(25);
        assertThat(resumed.rejected()).isZero();
        assertThat(count("from customer_order where workspace_id = ?")).isEqualTo(25);
    }

    @Test
    void aFileMalformedPartWayKeepsTheChunksCommittedBeforeAndSaysWhere() throws IOException {
        StringBuilder members = new StringBuilder("member_no,phone\n");
        for (int i = 1; i <= 12; i++) {
            members.append("M-")
                    .append(i)
                    .append(",1370013")
                    .append(String.format("%04d", i))
                    .append('\n');
        }
        Path file = write("members.csv", members + "M-13,\"13700130013\n", StandardCharsets.UTF_8);
        ImportRequest request = request(file, ImportType.MEMBERS).withChunkRows(4);

        assertThatThrownBy(() -> importer.run(request))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("record 14: a quoted field is never closed");

        // the third chunk ends where its next row is read: it is read again, whole, on resumption
        assertThat(count("from event_log where workspace_id = ? and msg_type = 'identify'"))
                .as("the committed chunks are logged")
                .isEqualTo(8);
        Checkpoint checkpoint = Checkpoint.read(request.checkpointFile()).orElseThrow();
        assertThat(checkpoint.nextRow()).isEqualTo(10);
        assertThat(checkpoint.offset()).isEqualTo(offsetOfRow(file, 10));
    }

    @Test
    void aQuotedMultiLineFieldIsOneRowAndTheRowsAfterItKeepTheirSpreadsheetNumbers() throws IOException {
        String members = "member_no,phone,note\r\n"
                + "M1,13800138001,\"first line\r\nsecond, \"\"quoted\"\" line\"\r\n"
                + "M2,12345,\"bad\nphone\"\r\n"
                + "M3,13800138003,plain\r\n";
        Path file = write("members.csv", members, StandardCharsets.UTF_8);
        ImportRequest request = request(file, ImportType.MEMBERS).withChunkRows(1);

        ImportReport first = importer.run(request.withStopAfterChunks(1));

        assertThat(first.finished()).isFalse();
        Checkpoint checkpoint = Checkpoint.read(request.checkpointFile()).orElseThrow();
        assertThat(checkpoint.nextRow()).isEqualTo(3);
        assertThat(checkpoint.offset()).isEqualTo(members.indexOf("M2"));

        ImportReport report = importer.run(request);

        assertThat(report.rows()).isEqualTo(3);
        assertThat(report.rejected()).isEqualTo(1);
        List<List<String>> rejects = ImportITSupport.rejects(report.rejectsFile());
        assertThat(rejects.get(1).subList(0, 2)).containsExactly("3", "phone");
        assertThat(rejects.get(1).get(3)).isEqualTo("M2,12345,\"bad\nphone\"");
        assertThat(attribute(events.customerOf("member_no", "M1"), "note"))
                .isEqualTo("first line\r\nsecond, \"quoted\" line");
        assertThat(attribute(events.customerOf("member_no", "M3"), "note")).isEqualTo("plain");
    }

    @Test
    void aGbkFileWithQuotedChineseFieldsIsReadAndItsRejectsNameRowAndColumn() throws IOException {
        Charset gbk = Charset.forName("GBK");
        String orders = "order_id,phone,paid_at,total,coupon\n"
                + "G-1,13700137001,2025-06-18 20:00,100.00,\"满减,联系\"\n"
                + "G-2,13700137002,2025-06-18 20:00,\"一百\",\n"
                + "G-3,13700137003,2025-06-18 20:00,30.00,\"双\n十一\"\n";
        Path file = write("orders.csv", orders, gbk);

        ImportReport report = importer.run(request(file));

        assertThat(report.encoding()).isEqualTo("GBK/GB18030");
        assertThat(report.rows()).isEqualTo(3);
        assertThat(report.rejected()).isEqualTo(2);
        List<List<String>> rejects = ImportITSupport.rejects(report.rejectsFile());
        assertThat(rejects.get(1).subList(0, 2)).containsExactly("3", "total");
        assertThat(rejects.get(1).get(3)).isEqualTo("G-2,13700137002,2025-06-18 20:00,一百,");
        // a coupon code may not hold a line break: the quoted two-line field is one row, row 4
        assertThat(rejects.get(2))
                .containsExactly(
                        "4",
                        "coupon",
                        "contains control characters",
                        "G-3,13700137003,2025-06-18 20:00,30.00,\"双\n十一\"");
        assertThat(count("from customer_order where workspace_id = ?")).isEqualTo(1);
    }

    /** Intake's {@code acceptValid}, as a test wraps it around the real intake. */
    /** The real intake, its {@code acceptValid} seen through {@code acceptValid}. */
    private Intake around(InterceptedIntake.AcceptValid acceptValid) {
        return new InterceptedIntake(intake, acceptValid);
    }

    private Importer importer(Intake intake) {
        return new Importer(intake, json, workspaces, brands);
    }

    private ImportRequest request(Path file) {
        return request(file, ImportType.ORDERS);
    }

    private ImportRequest request(Path file, ImportType type) {
        return ImportRequest.of(type, file, tenant.workspace().id());
    }

    /** Where the file's row {@code row} starts (the header is row 1; one line per row). */
    private static long offsetOfRow(Path file, int row) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int line = 1;
        for (int i = 0; i < bytes.length; i++) {
            if (line == row) {
                return i;
            }
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return bytes.length;
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
}
