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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk import of members, orders and events from CSV or NDJSON files, through {@link Intake} row
 * by row, so that imported facts are validated and projected exactly as those sent to the API.
 *
 * <p><b>Streaming.</b> The file is read in chunks of {@link ImportRequest#chunkRows()} rows (CSV
 * through Apache Commons CSV); while one chunk is committed on a background thread the next is read
 * and mapped, and at most one more waits ({@link ChunkCommitter}). Memory does not grow with the
 * file, but for the first pass over an orders or refunds file that finds the documents whose rows
 * lie apart ({@link SplitBlocks}: about 40 bytes per document).
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
     * Reads the options an operator gave into a request for {@code file}: the one door of the
     * command and the console. Every refused option is named at once — a time zone that is none, a
     * rate that is not CUR=RATE, an unknown brand — before the file is opened.
     *
     * @throws ImportRefused with every problem found
     */
    public ImportRequest request(ImportOptions options, Path file, long workspaceId) {
        List<ImportRefused.Problem> problems = new ArrayList<>();
        ImportRequest request = options.read(file, workspaceId, problems);
        if (problems.stream().noneMatch(p -> p.option().equals("--workspace"))) {
            problems.addAll(problems(request));
        }
        if (!problems.isEmpty()) {
            throw ImportRefused.all(problems);
        }
        return request;
    }

    /**
     * Refuses the request, with every problem at once, when its options are wrong or the file
     * cannot be imported (unreadable, UTF-16, a header without the columns its type needs);
     * writes nothing.
     */
    public void check(ImportRequest request) {
        List<ImportRefused.Problem> problems = problems(request);
        if (!problems.isEmpty()) {
            throw ImportRefused.all(problems);
        }
        checkFile(request.file());
        try {
            List<Brand> known = brands.list(Caller.system(request.workspaceId()));
            new ImportRun(request, plan(request, known), intake, json).check();
        } catch (IOException e) {
            throw ImportRefused.file(request.file().getFileName() + " cannot be read: " + e.getMessage());
        }
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
        checkFile(file);
        List<ImportRefused.Problem> problems = problems(request);
        if (!problems.isEmpty()) {
            throw ImportRefused.all(problems);
        }
        List<Brand> known = brands.list(Caller.system(request.workspaceId()));
        try {
            return new ImportRun(request, plan(request, known), intake, json).run();
        } catch (IOException e) {
            throw new UncheckedIOException("import of " + file + " stopped: " + e.getMessage(), e);
        }
    }

    private static void checkFile(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw ImportRefused.file(file + " is not a readable file");
        }
    }

    /** Every wrong option of the request (the workspace first: without it nothing else is known). */
    private List<ImportRefused.Problem> problems(ImportRequest request) {
        List<ImportRefused.Problem> problems = new ArrayList<>();
        try {
            workspaces.current(Caller.system(request.workspaceId()));
        } catch (ReservoirException e) {
            problems.add(new ImportRefused.Problem(
                    "--workspace",
                    "workspace",
                    Long.toString(request.workspaceId()),
                    "there is no workspace " + request.workspaceId()));
            return problems;
        }
        List<Brand> known = brands.list(Caller.system(request.workspaceId()));
        String brand = request.brand();
        if (brand != null && brandOf(brand, known) == null) {
            problems.add(new ImportRefused.Problem(
                    "--brand",
                    "brand",
                    brand,
                    "'" + brand + "' is not a brand of workspace " + request.workspaceId() + " (its brands: "
                            + String.join(", ", known.stream().map(Brand::name).toList()) + ")"));
        }
        if (request.channel() != null && !Channels.CHANNELS.contains(request.channel())) {
            problems.add(new ImportRefused.Problem(
                    "--channel",
                    "channel",
                    request.channel(),
                    "'" + request.channel() + "' is not one of "
                            + String.join(
                                    ", ", Channels.CHANNELS.stream().sorted().toList())));
        }
        if (request.zone() != null) {
            try {
                ZoneId.of(request.zone());
            } catch (DateTimeException e) {
                problems.add(new ImportRefused.Problem(
                        "--zone",
                        "zone",
                        request.zone(),
                        "'" + request.zone() + "' is not a time zone such as Asia/Shanghai or Europe/London"));
            }
        }
        if (request.dateFormat() != null) {
            try {
                TimePattern.of(request.dateFormat());
            } catch (ImportRefused e) {
                problems.addAll(e.problems());
            }
        }
        if (request.currency() != null && !CURRENCY.matcher(request.currency()).matches()) {
            problems.add(new ImportRefused.Problem(
                    "--currency",
                    "currency",
                    request.currency(),
                    "'" + request.currency() + "' is not an ISO 4217 currency code such as CNY or USD"));
        }
        for (var rate : request.rates().entrySet()) {
            if (!CURRENCY.matcher(rate.getKey()).matches() || rate.getValue().signum() <= 0) {
                String value = rate.getKey() + "=" + rate.getValue().toPlainString();
                problems.add(new ImportRefused.Problem(
                        "--rate", "rate", value, value + " is not CURRENCY=RATE with a rate above 0, e.g. USD=7.1234"));
            }
        }
        ImportRequest.Format format = request.format() != null ? request.format() : formatOf(request.file());
        if (request.layout() == ImportRequest.Layout.TMALL
                && (request.type() != ImportType.ORDERS || format != ImportRequest.Format.CSV)) {
            problems.add(new ImportRefused.Problem(
                    "--layout", "tmall", "tmall", "tmall is the Tmall/Taobao order export: --type orders, CSV"));
        }
        return problems;
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
            return ZoneId.of(request.zone());
        }
        Brand brand = brandOf(request.brand(), known);
        if (brand != null && brand.timeZone() != null) {
            return ZoneId.of(brand.timeZone());
        }
        return Cells.ZONE;
    }

    private static Money money(ImportRequest request, List<Brand> known) {
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
}
