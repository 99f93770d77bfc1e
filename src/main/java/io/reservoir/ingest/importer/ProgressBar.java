package io.reservoir.ingest.importer;

import java.io.PrintStream;

/**
 * The progress line on stderr: rows, rows per second, percent of the file and time left, redrawn
 * in place with {@code \r} at most four times a second. Percent and time left go by bytes read,
 * the only measure known before the end of a streamed file.
 */
final class ProgressBar {

    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream out;
    private final long fileSize;
    private final long startBytes;
    private final long startRows;
    private final long started = System.nanoTime();
    private long lastDraw;
    private int lastWidth;

    ProgressBar(PrintStream out, long fileSize, long startBytes, long startRows) {
        this.out = out;
        this.fileSize = Math.max(1, fileSize);
        this.startBytes = startBytes;
        this.startRows = startRows;
    }

    void update(long rows, long bytes, boolean force) {
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        double rate = (rows - startRows) / seconds;
        double byteRate = (bytes - startBytes) / seconds;
        double percent = 100.0 * bytes / fileSize;
        String eta = byteRate > 0 ? duration((fileSize - bytes) / byteRate) : "--:--";
        String line = String.format(
                "%s %5.1f%%  %,d rows  %,.0f rows/s  ETA %s", bar(percent), Math.min(100, percent), rows, rate, eta);
        StringBuilder padded = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < lastWidth; i++) {
            padded.append(' ');
        }
        lastWidth = line.length();
        out.print(padded);
        out.flush();
    }

    void finish(long rows, long bytes) {
        if (out == null) {
            return;
        }
        update(rows, bytes, true);
        out.println();
    }

    private static String bar(double percent) {
        int filled = (int) Math.min(20, Math.round(percent / 5));
        return "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "]";
    }

    static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        return s >= 3600
                ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
