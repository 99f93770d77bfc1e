package io.reservoir.ingest.importer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;

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
        PrintStream progress) {

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

    public ImportRequest {
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
                null);
    }

    public ImportRequest withLayout(Layout value) {
        return new ImportRequest(
                type,
                file,
                workspaceId,
                format,
                value,
                brand,
                channel,
                encoding,
                rejects,
                restart,
                chunkRows,
                stopAfterChunks,
                progress);
    }

    public ImportRequest withFormat(Format value) {
        return new ImportRequest(
                type,
                file,
                workspaceId,
                value,
                layout,
                brand,
                channel,
                encoding,
                rejects,
                restart,
                chunkRows,
                stopAfterChunks,
                progress);
    }

    public ImportRequest withBrand(String value) {
        return new ImportRequest(
                type,
                file,
                workspaceId,
                format,
                layout,
                value,
                channel,
                encoding,
                rejects,
                restart,
                chunkRows,
                stopAfterChunks,
                progress);
    }

    public ImportRequest withChannel(String value) {
        return new ImportRequest(
                type,
                file,
                workspaceId,
                format,
                layout,
                brand,
                value,
                encoding,
                rejects,
                restart,
                chunkRows,
                stopAfterChunks,
                progress);
    }

    public ImportRequest withEncoding(Encoding value) {
        return new ImportRequest(
                type,
                file,
                workspaceId,
                format,
                layout,
                brand,
                channel,
                value,
                rejects,
                restart,
                chunkRows,
                stopAfterChunks,
                progress);
    }

    public ImportRequest withRejects(Path value) {
        return new ImportRequest(
                type,
                file,
                workspaceId,
                format,
                layout,
                brand,
                channel,
                encoding,
                value,
                restart,
                chunkRows,
                stopAfterChunks,
                progress);
    }

    public ImportRequest withRestart(boolean value) {
        return new ImportRequest(
                type,
                file,
                workspaceId,
                format,
                layout,
                brand,
                channel,
                encoding,
                rejects,
                value,
                chunkRows,
                stopAfterChunks,
                progress);
    }

    public ImportRequest withChunkRows(int value) {
        return new ImportRequest(
                type,
                file,
                workspaceId,
                format,
                layout,
                brand,
                channel,
                encoding,
                rejects,
                restart,
                value,
                stopAfterChunks,
                progress);
    }

    public ImportRequest withStopAfterChunks(int value) {
        return new ImportRequest(
                type,
                file,
                workspaceId,
                format,
                layout,
                brand,
                channel,
                encoding,
                rejects,
                restart,
                chunkRows,
                value,
                progress);
    }

    public ImportRequest withProgress(PrintStream value) {
        return new ImportRequest(
                type,
                file,
                workspaceId,
                format,
                layout,
                brand,
                channel,
                encoding,
                rejects,
                restart,
                chunkRows,
                stopAfterChunks,
                value);
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
