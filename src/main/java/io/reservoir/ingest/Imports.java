package io.reservoir.ingest;

import io.reservoir.ingest.importer.ImportOptions;
import io.reservoir.ingest.importer.ImportRefused;
import io.reservoir.ingest.importer.ImportReport;
import io.reservoir.ingest.importer.ImportRequest;
import io.reservoir.ingest.importer.Importer;
import io.reservoir.platform.PlatformSettings;
import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports started from the console: the {@code reservoir import} command's engine ({@link Importer})
 * run in the background on an uploaded file, one import at a time per workspace, its state and
 * figures kept in {@code import_run} so that a page reload finds them.
 *
 * <p><b>Who.</b> Admins and operators import (operators run the day-to-day of customers and
 * campaigns; loading a shop's export is part of it). Analysts and guides change nothing. The
 * rejects file holds the rows as uploaded — personal data — so only admins and the user who
 * started the import download it, and each download is audited, as each start is.
 *
 * <p><b>Files.</b> The upload is streamed to {@code <data-dir>/imports/<workspace>/<folder>/}, never
 * held in memory; its rejects file and checkpoint are written next to it.
 */
@Service
public class Imports {

    public static final int MAX_PAGE = 100;
    static final String REJECTS = "rejects.csv";
    private static final int THREADS = 2;
    private static final Logger log = LoggerFactory.getLogger(Imports.class);

    /** A rejects file to download and the name to give it. */
    public record Rejects(Path file, String downloadName) {}

    private final Importer importer;
    private final ImportRows rows;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Path root;
    private final ExecutorService threads;

    Imports(
            Importer importer,
            ImportRows rows,
            AuditLog audit,
            TransactionTemplate tx,
            JsonMapper json,
            PlatformSettings settings) {
        this.importer = importer;
        this.rows = rows;
        this.audit = audit;
        this.tx = tx;
        this.json = json;
        this.root = settings.dataDir().resolve("imports");
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "import-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Whether the caller may import files (and see the imports page). */
    public static boolean mayImport(Caller caller) {
        return caller.role() == Role.ADMIN || caller.role() == Role.OPERATOR;
    }

    /**
     * Checks the options and the file, stores the file, records and audits the start and runs the
     * import in the background.
     *
     * @param fileName the name the file had on the operator's computer ({@code .ndjson} means NDJSON)
     * @param content the file, read once, to its end
     * @throws ImportNotStarted with every refused field, before anything is imported
     */
    public ImportView start(Caller caller, String fileName, InputStream content, ImportStart form) {
        requireImporter(caller);
        long ws = caller.workspaceId();
        List<ImportNotStarted.Refusal> refusals = new ArrayList<>();
        String name = safeName(fileName);
        if (name == null) {
            refusals.add(new ImportNotStarted.Refusal("file", "required", null, "is required: the file to import"));
        }
        if (rows.anyActive(ws)) {
            refusals.add(running());
        }
        String folder = UUID.randomUUID().toString();
        Path dir = root.resolve(Long.toString(ws)).resolve(folder);
        Path file = dir.resolve(name == null ? "file.csv" : name);
        ImportRequest request = null;
        try {
            request = importer.request(options(form), file, ws).withRejects(dir.resolve(REJECTS));
        } catch (ImportRefused e) {
            refusals.addAll(refusals(e));
        }
        if (!refusals.isEmpty()) {
            throw new ImportNotStarted(refusals);
        }
        long bytes;
        try {
            Files.createDirectories(dir);
            bytes = Files.copy(content, file);
        } catch (IOException e) {
            delete(dir);
            throw new UncheckedIOException("the upload of " + name + " could not be stored: " + e.getMessage(), e);
        }
        try {
            importer.check(request);
        } catch (ImportRefused e) {
            delete(dir);
            throw new ImportNotStarted(refusals(e));
        }
        long id;
        try {
            id = tx.execute(status -> {
                long created = rows.insert(
                        ws,
                        folder,
                        name,
                        bytes,
                        form.type().strip(),
                        blankToNull(form.layout()),
                        json(form),
                        caller.actorName());
                audit.record(caller, "import.started", "import", created, detail(name, bytes, form));
                return created;
            });
        } catch (DataIntegrityViolationException e) {
            delete(dir); // another import started in the meantime
            throw new ImportNotStarted(List.of(running()));
        }
        ImportRequest job = request.withListener(progress -> rows.progressed(ws, id, progress));
        threads.execute(() -> run(ws, id, job));
        return get(caller, id);
    }

    public ImportView get(Caller caller, long id) {
        requireImporter(caller);
        return stored(caller, id).view();
    }

    /** Newest first; {@code beforeId} is the last id of the previous page, or null. */
    public List<ImportView> page(Caller caller, Long beforeId, int limit) {
        requireImporter(caller);
        if (limit < 1 || limit > MAX_PAGE) {
            throw ReservoirException.invalid("limit", "must be between 1 and " + MAX_PAGE);
        }
        return rows.page(caller.workspaceId(), beforeId, limit, rejectsExist(caller.workspaceId())).stream()
                .map(ImportRows.Stored::view)
                .toList();
    }

    /** The rows that could not be imported, with row number, column and reason; audited. */
    public Rejects rejects(Caller caller, long id) {
        requireImporter(caller);
        ImportRows.Stored stored = stored(caller, id);
        if (caller.role() != Role.ADMIN
                && !caller.actorName().equals(stored.view().startedBy())) {
            throw ReservoirException.forbidden("only admins and the user who started an import download its rejects");
        }
        if (!stored.view().hasRejects()) {
            throw ReservoirException.notFound("rejects of import", id);
        }
        tx.executeWithoutResult(status -> audit.record(
                caller,
                "import.rejects.downloaded",
                "import",
                id,
                Map.of("file", stored.view().fileName(), "rows", stored.view().rowsRejected())));
        return new Rejects(
                rejectsPath(caller.workspaceId(), stored.folder()),
                stored.view().fileName() + ".rejects.csv");
    }

    /**
     * An import queued or running when the server stopped has no thread any more: it failed. Only
     * a server runs console imports; a command started beside it (on PostgreSQL) leaves them be.
     */
    @EventListener
    void failUnfinished(ApplicationReadyEvent ready) {
        if (!(ready.getApplicationContext() instanceof WebApplicationContext)) {
            return;
        }
        for (ImportRows.Stored stored : rows.unfinished()) {
            rows.failed(
                    stored.workspaceId(),
                    stored.view().id(),
                    "Reservoir stopped during the import; the rows before were committed, importing the file again"
                            + " adds the rest");
        }
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }

    private void run(long ws, long id, ImportRequest request) {
        try {
            rows.running(ws, id);
            ImportReport report = importer.run(request);
            rows.done(ws, id, report);
        } catch (ImportRefused e) {
            rows.failed(ws, id, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Import {} of workspace {} stopped by an error", id, ws, e);
            rows.failed(ws, id, "stopped by an error: " + e.getMessage());
        }
    }

    private ImportRows.Stored stored(Caller caller, long id) {
        return rows.find(caller.workspaceId(), id, rejectsExist(caller.workspaceId()))
                .orElseThrow(() -> ReservoirException.notFound("import", id));
    }

    private java.util.function.Function<String, Boolean> rejectsExist(long ws) {
        return folder -> Files.isRegularFile(rejectsPath(ws, folder));
    }

    private Path rejectsPath(long ws, String folder) {
        return root.resolve(Long.toString(ws)).resolve(folder).resolve(REJECTS);
    }

    private static void requireImporter(Caller caller) {
        if (!mayImport(caller)) {
            throw ReservoirException.forbidden("role " + caller.role().id() + " may not import files");
        }
    }

    private static ImportNotStarted.Refusal running() {
        return new ImportNotStarted.Refusal(
                "running", "running", null, "another import of this workspace is not over yet; wait for it to end");
    }

    private static ImportOptions options(ImportStart form) {
        return new ImportOptions(
                form.type(),
                null,
                form.layout(),
                form.brand(),
                null,
                null,
                form.zone(),
                form.dateFormat(),
                form.currency(),
                lines(form.rates()),
                lines(form.columns()),
                form.negativeOrdersAsReturns() ? "returns" : null,
                form.integerIds(),
                false);
    }

    /** The lines of a text area, blank ones left out. */
    private static List<String> lines(String text) {
        return text == null
                ? List.of()
                : text.lines()
                        .map(String::strip)
                        .filter(line -> !line.isEmpty())
                        .toList();
    }

    /** The option of the command → the field of the form it comes from. */
    private static List<ImportNotStarted.Refusal> refusals(ImportRefused refused) {
        return refused.problems().stream()
                .map(p -> new ImportNotStarted.Refusal(field(p.option()), p.code(), p.value(), p.reason()))
                .toList();
    }

    private static String field(String option) {
        return switch (option) {
            case "--type" -> "type";
            case "--layout" -> "layout";
            case "--brand" -> "brand";
            case "--zone" -> "zone";
            case "--currency" -> "currency";
            case "--rate" -> "rates";
            case "--column" -> "columns";
            case "--date-format" -> "dateFormat";
            case "--negative-orders" -> "negativeOrdersAsReturns";
            case "--workspace" -> "workspace";
            default -> "file";
        };
    }

    /** The last part of the name the browser sent, without characters a file system may refuse. */
    static String safeName(String fileName) {
        if (fileName == null) {
            return null;
        }
        String last = fileName.replace('\\', '/');
        last = last.substring(last.lastIndexOf('/') + 1).strip();
        String safe = last.replaceAll("[\\x00-\\x1f:*?\"<>|]", "_");
        if (safe.isEmpty() || safe.equals(".") || safe.equals("..")) {
            return null;
        }
        return safe.length() > 200 ? safe.substring(safe.length() - 200) : safe;
    }

    private String json(ImportStart form) {
        return json.writeValueAsString(form);
    }

    private static Map<String, Object> detail(String name, long bytes, ImportStart form) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("file", name);
        detail.put("bytes", bytes);
        detail.put("type", form.type());
        if (form.layout() != null && !form.layout().isBlank()) {
            detail.put("layout", form.layout());
        }
        if (form.brand() != null && !form.brand().isBlank()) {
            detail.put("brand", form.brand());
        }
        return detail;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("Could not delete the refused upload {}: {}", dir, e.getMessage());
        }
    }
}
