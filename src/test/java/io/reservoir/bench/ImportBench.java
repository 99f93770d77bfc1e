package io.reservoir.bench;

import io.reservoir.ingest.importer.ImportReport;
import io.reservoir.ingest.importer.ImportRequest;
import io.reservoir.ingest.importer.ImportType;
import io.reservoir.ingest.importer.Importer;
import io.reservoir.platform.tenancy.Workspace;
import io.reservoir.platform.tenancy.Workspaces;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Bulk import of a generic orders CSV through the {@link Importer} into a Reservoir running in this
 * process on a fresh database: rows per second and peak heap.
 *
 * <p>The file is deterministic (seeded): {@code rows} orders of about 100,000 distinct customers
 * (member number, and a phone for one in three), one item each, one in twenty refunded. Run:
 * {@code ./mvnw -q -o test-compile exec:java -Dexec.mainClass=io.reservoir.bench.ImportBench
 * -Dexec.args="--rows 1000000 --db h2"}.
 */
public final class ImportBench {

    public static void main(String[] args) throws Exception {
        int rows = IngestBench.intArg(args, "--rows", 1_000_000);
        int customers = IngestBench.intArg(args, "--customers", 100_000);
        String databases = IngestBench.stringArg(args, "--db", "h2");
        Path file = Files.createTempFile("reservoir-import-bench", ".csv");
        long written = writeOrders(file, rows, customers);
        System.out.printf(
                "ImportBench: %,d orders (%,d MiB CSV), %,d customers; %s%n",
                rows, written >> 20, customers, BenchReservoir.machine());
        try {
            for (String database : databases.split(",")) {
                try (BenchReservoir reservoir = BenchReservoir.start(database)) {
                    run(reservoir, file, rows);
                }
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".rejects.csv"));
        }
    }

    private static void run(BenchReservoir reservoir, Path file, int rows) {
        Importer importer = reservoir.bean(Importer.class);
        Workspace workspace = reservoir.bean(Workspaces.class).oldest().orElseThrow();
        System.gc();
        resetPeaks();
        ImportReport report = importer.run(ImportRequest.of(ImportType.ORDERS, file, workspace.id())
                .withRestart(true)
                .withProgress(System.err));
        long peak = peakHeap();
        if (report.rows() != rows || report.rejected() != 0) {
            throw new IllegalStateException("expected " + rows + " rows and no rejects: " + report.summary());
        }
        System.out.printf(
                "%-10s %,.0f rows/s (%,d rows in %.1f s; %,d messages) | peak heap %,d MiB of %,d MiB max%n",
                reservoir.database,
                report.rows() / report.seconds(),
                report.rows(),
                report.seconds(),
                report.accepted(),
                peak >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    /** The generic orders layout; returns the file's size in bytes. */
    static long writeOrders(Path file, int rows, int customers) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("order_id,member_no,phone,paid_at,total,refunded,coupon,product_id,quantity,price,channel\n");
            StringBuilder line = new StringBuilder(160);
            for (int i = 0; i < rows; i++) {
                int customer = random.nextInt(customers);
                int fen = 100 + random.nextInt(99_900);
                int quantity = 1 + random.nextInt(3);
                line.setLength(0);
                line.append("B").append(i).append(",M").append(customer).append(',');
                if (customer % 3 == 0) {
                    line.append("139").append(String.format("%08d", customer));
                }
                line.append(',')
                        .append(String.format(
                                "2025-%02d-%02d %02d:%02d:%02d",
                                1 + random.nextInt(12),
                                1 + random.nextInt(28),
                                random.nextInt(24),
                                random.nextInt(60),
                                random.nextInt(60)))
                        .append(',')
                        .append(fen / 100)
                        .append('.')
                        .append(String.format("%02d", fen % 100))
                        .append(',');
                if (random.nextInt(20) == 0) {
                    line.append("true");
                }
                line.append(',');
                if (random.nextInt(10) == 0) {
                    line.append("C").append(random.nextInt(50));
                }
                line.append(",p")
                        .append(random.nextInt(500))
                        .append(',')
                        .append(quantity)
                        .append(',')
                        .append(fen / 100 / quantity)
                        .append(',')
                        .append(random.nextBoolean() ? "tmall" : "jd")
                        .append('\n');
                out.append(line);
            }
        }
        return Files.size(file);
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks: an upper bound of the heap in use at any one time. */
    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
