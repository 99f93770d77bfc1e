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
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk import of members, orders and events from CSV or NDJSON files, through {@link Intake} row
 * by row, so that imported facts are validated and projected exactly as those sent to the API.
 *
 * <p><b>Streaming.</b> The file is read in chunks of {@link ImportRequest#chunkRows()} rows; memory
 * does not grow with the file, but for the first pass over an orders or refunds file that finds the
 * documents whose rows lie apart ({@link SplitBlocks}: about 40 bytes per document).
 *
 * <p><b>Every row is stored or rejected.</b> A chunk that intake cannot store is split until the
 * groups at fault are found; only their rows are rejected. An unreachable database stops the run.
 *
 * <p><b>Idempotence and resumption.</b> Message ids come from the file's content, so importing a
 * file again changes nothing. After each committed chunk a {@link Checkpoint} records the byte
 * offset reached; an interrupted import resumes there. A crash between a commit and its checkpoint
 * only makes the next run send that chunk again, as duplicates.
 */
@Service
public class Importer {

    private static final java.util.regex.Pattern CURRENCY = java.util.regex.Pattern.compile("[A-Z]{3}");

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
            boolean brandRequired,
            ZoneId zone,
            TimePattern timePattern,
            Money money) {}

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
                brandRequired,
                zone(request, known),
                request.dateFormat() == null ? null : TimePattern.of(request.dateFormat()),
                money(request, known));
    }

    /** {@code --zone}, else the zone of the brand of every row ({@code --brand} or the only one), else Beijing time. */
    private static ZoneId zone(ImportRequest request, List<Brand> known) {
        if (request.zone() != null) {
            try {
                return ZoneId.of(request.zone());
            } catch (DateTimeException e) {
                throw ImportRefused.option(
                        "--zone", "'" + request.zone() + "' is not a time zone such as Asia/Shanghai or Europe/London");
            }
        }
        Brand brand = brandOf(request.brand(), known);
        if (brand != null && brand.timeZone() != null) {
            return ZoneId.of(brand.timeZone());
        }
        return Cells.ZONE;
    }

    private static Money money(ImportRequest request, List<Brand> known) {
        if (request.currency() != null && !CURRENCY.matcher(request.currency()).matches()) {
            throw ImportRefused.option(
                    "--currency", "'" + request.currency() + "' is not an ISO 4217 currency code such as CNY or USD");
        }
        for (var rate : request.rates().entrySet()) {
            if (!CURRENCY.matcher(rate.getKey()).matches() || rate.getValue().signum() <= 0) {
                throw ImportRefused.option(
                        "--rate",
                        rate.getKey() + "=" + rate.getValue().toPlainString()
                                + " is not CURRENCY=RATE with a rate above 0, e.g. USD=7.1234");
            }
        }
        return new Money(request.currency(), request.rates(), name -> {
            Brand brand = brandOf(name, known);
            return brand == null ? null : brand.currency();
        });
    }

    /** The brand named (by name or id), or the only brand when none is named; null when unknown. */
    private static Brand brandOf(String name, List<Brand> known) {
        if (name == null) {
            return known.size() == 1 ? known.get(0) : null;
        }
        return known.stream()
                .filter(b -> b.name().equals(name) || Long.toString(b.id()).equals(name))
                .findFirst()
                .orElse(null);
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
