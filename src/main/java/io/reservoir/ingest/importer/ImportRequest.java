package io.reservoir.ingest.importer;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One import of one file.
 *
 * @param format null: from the file name ({@code .ndjson}/{@code .jsonl}/{@code .json} is NDJSON, else CSV)
 * @param layout null: detected from the header ({@code 订单编号} means the Tmall export)
 * @param brand the brand (id or name) of every message, or null: the {@code brand} column, or the
 *     workspace's only brand
 * @param channel the channel of every message, or null: the {@code channel} column, else the layout's
 *     ({@code tmall} for Tmall exports), else intake's default
 * @param rejects where rejected rows go; null: next to the file, {@code FILE.rejects.csv}
 * @param restart ignore a checkpoint left by an interrupted run and start from the top
 * @param chunkRows rows per committed chunk (and checkpoint)
 * @param stopAfterChunks stop (as if interrupted) after this many chunks; 0 runs to the end
 * @param progress where the progress bar is drawn, or null for none
 * @param columns Reservoir's column name → the file's column name ({@code order_id → Invoice})
 * @param zone IANA zone of times without an offset; null: the brand's, else Asia/Shanghai
 * @param dateFormat how the file writes its times ({@code M/d/yyyy H:mm}); null: the usual forms
 * @param currency the file's currency; null: the {@code currency} column, else the brand's
 * @param rates currency → how many units of the brand's currency one unit is worth
 * @param negativeOrders what an order with a negative total is
 * @param integerIds read identity values such as {@code 17850.0} as {@code 17850}
 * @param listener told the figures after each committed chunk, or null
 */
public record ImportRequest(
        ImportType type,
        Path file,
        long workspaceId,
        Format format,
        Layout layout,
        String brand,
        String channel,
        Encoding encoding,
        Path rejects,
        boolean restart,
        int chunkRows,
        int stopAfterChunks,
        PrintStream progress,
        Map<String, String> columns,
        String zone,
        String dateFormat,
        String currency,
        Map<String, BigDecimal> rates,
        NegativeOrders negativeOrders,
        boolean integerIds,
        ImportProgress.Listener listener) {

    public static final int DEFAULT_CHUNK_ROWS = 2_000;

    public enum Format {
        CSV,
        NDJSON
    }

    public enum Layout {
        GENERIC,
        TMALL
    }

    public enum Encoding {
        AUTO,
        UTF_8,
        GBK
    }

    /** An order whose total is negative: a return the shop exported as an invoice of its own. */
    public enum NegativeOrders {
        /** Rejected, naming the option that imports it. */
        REJECT,
        /** Imported as a refund ({@code Order Refunded}) of the absolute amount. */
        RETURNS
    }

    public ImportRequest {
        columns = columns == null ? Map.of() : Map.copyOf(columns);
        rates = rates == null ? Map.of() : Map.copyOf(rates);
        negativeOrders = negativeOrders == null ? NegativeOrders.REJECT : negativeOrders;
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(file, "file");
        encoding = encoding == null ? Encoding.AUTO : encoding;
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunkRows must be at least 1");
        }
        if (stopAfterChunks < 0) {
            throw new IllegalArgumentException("stopAfterChunks must not be negative");
        }
    }

    /** Defaults for everything but what to import, from where, into which workspace. */
    public static ImportRequest of(ImportType type, Path file, long workspaceId) {
        return new ImportRequest(
                type,
                file,
                workspaceId,
                null,
                null,
                null,
                null,
                Encoding.AUTO,
                null,
                false,
                DEFAULT_CHUNK_ROWS,
                0,
                null,
                Map.of(),
                null,
                null,
                null,
                Map.of(),
                NegativeOrders.REJECT,
                false,
                null);
    }

    public ImportRequest withLayout(Layout value) {
        return edit(d -> d.layout = value);
    }

    public ImportRequest withFormat(Format value) {
        return edit(d -> d.format = value);
    }

    public ImportRequest withBrand(String value) {
        return edit(d -> d.brand = value);
    }

    public ImportRequest withChannel(String value) {
        return edit(d -> d.channel = value);
    }

    public ImportRequest withEncoding(Encoding value) {
        return edit(d -> d.encoding = value);
    }

    public ImportRequest withRejects(Path value) {
        return edit(d -> d.rejects = value);
    }

    public ImportRequest withRestart(boolean value) {
        return edit(d -> d.restart = value);
    }

    public ImportRequest withChunkRows(int value) {
        return edit(d -> d.chunkRows = value);
    }

    public ImportRequest withStopAfterChunks(int value) {
        return edit(d -> d.stopAfterChunks = value);
    }

    public ImportRequest withProgress(PrintStream value) {
        return edit(d -> d.progress = value);
    }

    public ImportRequest withColumns(Map<String, String> value) {
        return edit(d -> d.columns = value);
    }

    public ImportRequest withZone(String value) {
        return edit(d -> d.zone = value);
    }

    public ImportRequest withDateFormat(String value) {
        return edit(d -> d.dateFormat = value);
    }

    public ImportRequest withCurrency(String value) {
        return edit(d -> d.currency = value);
    }

    public ImportRequest withRates(Map<String, BigDecimal> value) {
        return edit(d -> d.rates = value);
    }

    public ImportRequest withNegativeOrders(NegativeOrders value) {
        return edit(d -> d.negativeOrders = value);
    }

    public ImportRequest withIntegerIds(boolean value) {
        return edit(d -> d.integerIds = value);
    }

    public ImportRequest withListener(ImportProgress.Listener value) {
        return edit(d -> d.listener = value);
    }

    /** A copy with one setting changed: the one place that lists every component. */
    private ImportRequest edit(Consumer<Draft> change) {
        Draft draft = new Draft();
        draft.format = format;
        draft.layout = layout;
        draft.brand = brand;
        draft.channel = channel;
        draft.encoding = encoding;
        draft.rejects = rejects;
        draft.restart = restart;
        draft.chunkRows = chunkRows;
        draft.stopAfterChunks = stopAfterChunks;
        draft.progress = progress;
        draft.columns = columns;
        draft.zone = zone;
        draft.dateFormat = dateFormat;
        draft.currency = currency;
        draft.rates = rates;
        draft.negativeOrders = negativeOrders;
        draft.integerIds = integerIds;
        draft.listener = listener;
        change.accept(draft);
        return new ImportRequest(
                type,
                file,
                workspaceId,
                draft.format,
                draft.layout,
                draft.brand,
                draft.channel,
                draft.encoding,
                draft.rejects,
                draft.restart,
                draft.chunkRows,
                draft.stopAfterChunks,
                draft.progress,
                draft.columns,
                draft.zone,
                draft.dateFormat,
                draft.currency,
                draft.rates,
                draft.negativeOrders,
                draft.integerIds,
                draft.listener);
    }

    /** The settings a {@code with…} call may change. */
    private static final class Draft {
        Format format;
        Layout layout;
        String brand;
        String channel;
        Encoding encoding;
        Path rejects;
        boolean restart;
        int chunkRows;
        int stopAfterChunks;
        PrintStream progress;
        Map<String, String> columns;
        String zone;
        String dateFormat;
        String currency;
        Map<String, BigDecimal> rates;
        NegativeOrders negativeOrders;
        boolean integerIds;
        ImportProgress.Listener listener;
    }

    /** The rejects file: as given, or {@code FILE.rejects.csv} next to the input. */
    public Path rejectsFile() {
        return rejects != null ? rejects : file.resolveSibling(file.getFileName() + ".rejects.csv");
    }

    /** The checkpoint file next to the input. */
    public Path checkpointFile() {
        return file.resolveSibling(file.getFileName() + ".reservoir-checkpoint");
    }
}
