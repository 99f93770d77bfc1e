package io.reservoir.ingest.importer;

import io.reservoir.ingest.Channels;
import io.reservoir.ingest.Intake;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Workspaces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk import of members, orders and events from CSV or NDJSON files, through {@link Intake} row
 * by row, so that imported facts are validated and projected exactly as those sent to the API.
 *
 * <p><b>Streaming.</b> The file is read in chunks of {@link ImportRequest#chunkRows()} rows; memory
 * does not grow with the file.
 *
 * <p><b>Idempotence and resumption.</b> Message ids come from the file's content, so importing a
 * file again changes nothing. After each committed chunk a {@link Checkpoint} records the byte
 * offset reached; an interrupted import resumes there. A crash between a commit and its checkpoint
 * only makes the next run send that chunk again, as duplicates.
 */
@Service
public class Importer {

    private final Intake intake;
    private final JsonMapper json;
    private final Workspaces workspaces;
    private final Brands brands;

    Importer(Intake intake, JsonMapper json, Workspaces workspaces, Brands brands) {
        this.intake = intake;
        this.json = json;
        this.workspaces = workspaces;
        this.brands = brands;
    }

    /**
     * Imports the file, or the rest of it when a checkpoint of an interrupted run matches it.
     *
     * @throws ImportRefused for a bad request or an unusable file, before anything is written
     * @throws UncheckedIOException when the file cannot be read or is malformed part-way; the rows
     *     before are committed and the checkpoint says where to resume
     */
    public ImportReport run(ImportRequest request) {
        Path file = request.file();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw ImportRefused.file(file + " is not a readable file");
        }
        checkWorkspace(request.workspaceId());
        List<Brand> known = brands.list(Caller.system(request.workspaceId()));
        checkBrand(request.brand(), known, request.workspaceId());
        if (request.channel() != null && !Channels.CHANNELS.contains(request.channel())) {
            throw ImportRefused.option(
                    "--channel",
                    "'" + request.channel() + "' is not one of "
                            + String.join(
                                    ", ", Channels.CHANNELS.stream().sorted().toList()));
        }
        try {
            return new ImportRun(request, plan(request, known), intake, json).run();
        } catch (IOException e) {
            throw new UncheckedIOException("import of " + file + " stopped: " + e.getMessage(), e);
        }
    }

    /** What the run needs to know about the file before reading rows. */
    record Plan(
            ImportRequest.Format format,
            Encodings.Detected encoding,
            long size,
            long modified,
            ImportRequest.Layout layout,
            boolean brandRequired) {}

    private Plan plan(ImportRequest request, List<Brand> known) throws IOException {
        Path file = request.file();
        ImportRequest.Format format = request.format() != null ? request.format() : formatOf(file);
        byte[] sample = new byte[Encodings.SAMPLE_BYTES];
        int length;
        try (InputStream in = Files.newInputStream(file)) {
            length = in.readNBytes(sample, 0, sample.length);
        }
        Encodings.Detected encoding = Encodings.detect(sample, length, request.encoding());
        ImportRequest.Layout layout = request.layout();
        if (layout == ImportRequest.Layout.TMALL
                && (request.type() != ImportType.ORDERS || format != ImportRequest.Format.CSV)) {
            throw ImportRefused.option("--layout", "tmall is the Tmall/Taobao order export: --type orders, CSV");
        }
        boolean brandRequired = request.brand() == null && known.size() > 1;
        return new Plan(
                format,
                encoding,
                Files.size(file),
                Files.getLastModifiedTime(file).toMillis(),
                layout,
                brandRequired);
    }

    private static ImportRequest.Format formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".ndjson") || name.endsWith(".jsonl") || name.endsWith(".json")
                ? ImportRequest.Format.NDJSON
                : ImportRequest.Format.CSV;
    }

    private void checkWorkspace(long workspaceId) {
        try {
            workspaces.current(Caller.system(workspaceId));
        } catch (ReservoirException e) {
            throw ImportRefused.option("--workspace", "there is no workspace " + workspaceId);
        }
    }

    private static void checkBrand(String brand, List<Brand> known, long workspaceId) {
        if (brand == null) {
            return;
        }
        boolean found = known.stream()
                .anyMatch(b -> b.name().equals(brand) || Long.toString(b.id()).equals(brand));
        if (!found) {
            throw ImportRefused.option(
                    "--brand",
                    "'" + brand + "' is not a brand of workspace " + workspaceId + " (its brands: "
                            + String.join(", ", known.stream().map(Brand::name).toList()) + ")");
        }
    }
}
