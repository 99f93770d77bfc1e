package io.reservoir.ingest.importer;

import io.reservoir.ingest.Intake;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One run of an import: reads chunks of rows, maps them to messages, hands each chunk to intake
 * and, once it is committed, records the rejects and the checkpoint, in that order.
 */
final class ImportRun {

    private final ImportRequest request;
    private final Importer.Plan plan;
    private final Intake intake;
    private final JsonMapper json;
    private final String kind;
    private final long started = System.nanoTime();

    private long rows;
    private long accepted;
    private long duplicates;
    private long rejected;
    private long skipped;
    private final Map<String, Long> skipReasons = new LinkedHashMap<>();

    ImportRun(ImportRequest request, Importer.Plan plan, Intake intake, JsonMapper json) {
        this.request = request;
        this.plan = plan;
        this.intake = intake;
        this.json = json;
        this.kind = request.type().id() + "/" + plan.format().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Rows of one order (or a single row) that become messages together and are rejected together. */
    private static final class Group {
        private final List<Row> rows = new ArrayList<>(1);

        List<Row> rows() {
            return rows;
        }
    }

    ImportReport run() throws IOException {
        Path checkpointFile = request.checkpointFile();
        Checkpoint resume = resumePoint(checkpointFile);
        PrintStream out = request.progress();
        if (resume != null) {
            rows = resume.rows();
            accepted = resume.accepted();
            duplicates = resume.duplicates();
            rejected = resume.rejected();
            skipped = resume.skipped();
            skipReasons.putAll(resume.skipReasons());
            if (out != null) {
                out.printf("resuming at row %,d (%,d rows were imported before)%n", resume.nextRow(), resume.rows());
            }
        }
        int bom = plan.encoding().bomLength();
        long offset = resume == null ? 0 : resume.offset();
        long nextRow = resume == null ? 0 : resume.nextRow();
        try (RowSource source = plan.format() == ImportRequest.Format.CSV
                        ? RowSource.csv(request.file(), plan.encoding().charset(), bom, offset, nextRow)
                        : RowSource.ndjson(request.file(), plan.encoding().charset(), json, bom, offset, nextRow);
                RejectsFile rejects = resume == null
                        ? RejectsFile.fresh(request.rejectsFile())
                        : RejectsFile.resumed(request.rejectsFile(), resume.rejectsLength())) {
            ImportRequest.Layout layout = layout(source.columns());
            RowMapping mapping = mapping(layout);
            if (plan.format() == ImportRequest.Format.CSV) {
                mapping.checkHeader(source.columns());
                if (plan.brandRequired() && !source.columns().contains("brand")) {
                    throw ImportRefused.option(
                            "--brand",
                            "is required: the workspace has several brands and the file has no brand column");
                }
            }
            ProgressBar progress = new ProgressBar(out, plan.size(), source.position(), rows);
            boolean finished = loop(source, mapping, rejects, checkpointFile, progress);
            progress.finish(rows, finished ? plan.size() : source.position());
            if (finished) {
                Files.deleteIfExists(checkpointFile);
            }
            return new ImportReport(
                    rows,
                    accepted,
                    duplicates,
                    rejected,
                    skipped,
                    Map.copyOf(skipReasons),
                    (System.nanoTime() - started) / 1e9,
                    resume == null ? 0 : resume.nextRow(),
                    finished,
                    rejects.exists() ? rejects.path() : null,
                    Encodings.name(plan.encoding().charset()),
                    layout);
        }
    }

    /** True at the end of the file; false when stopped by {@link ImportRequest#stopAfterChunks()}. */
    private boolean loop(
            RowSource source, RowMapping mapping, RejectsFile rejects, Path checkpointFile, ProgressBar progress)
            throws IOException {
        Row pending = source.next();
        int chunks = 0;
        while (pending != null) {
            List<Group> chunk = new ArrayList<>();
            int chunkRows = 0;
            Group group = null;
            String groupKey = null;
            while (pending != null) {
                String key = mapping.groupKey(pending);
                boolean sameGroup = group != null && key != null && key.equals(groupKey);
                if (!sameGroup && chunkRows >= request.chunkRows()) {
                    break; // the chunk ends between groups; `pending` opens the next one
                }
                if (!sameGroup) {
                    group = new Group();
                    chunk.add(group);
                    groupKey = key;
                }
                group.rows().add(pending);
                chunkRows++;
                pending = source.next();
            }
            commit(chunk, mapping, rejects);
            long offset = pending == null ? source.position() : pending.start();
            long next = pending == null ? 0 : pending.number();
            new Checkpoint(
                            plan.size(),
                            plan.modified(),
                            kind,
                            offset,
                            next,
                            rows,
                            accepted,
                            duplicates,
                            rejected,
                            skipped,
                            skipReasons,
                            rejects.flush())
                    .write(checkpointFile);
            progress.update(rows, offset, false);
            chunks++;
            if (pending != null && request.stopAfterChunks() > 0 && chunks >= request.stopAfterChunks()) {
                return false;
            }
        }
        return true;
    }

    private void commit(List<Group> chunk, RowMapping mapping, RejectsFile rejects) throws IOException {
        List<JsonNode> messages = new ArrayList<>(chunk.size() * 2);
        List<Group> owners = new ArrayList<>(chunk.size() * 2);
        Map<Group, Intake.Rejected> refused = new LinkedHashMap<>();
        for (Group group : chunk) {
            rows += group.rows().size();
            if (group.rows().get(0) instanceof Row.Unreadable bad) {
                refused.put(group, new Intake.Rejected(0, "line", bad.reason()));
                continue;
            }
            try {
                RowMapping.Mapped mapped = mapping.map(group.rows());
                if (mapped instanceof RowMapping.Mapped.Messages m) {
                    for (ObjectNode message : m.messages()) {
                        messages.add(message);
                        owners.add(group);
                    }
                } else if (mapped instanceof RowMapping.Mapped.Skipped s) {
                    skipped += group.rows().size();
                    skipReasons.merge(s.reason(), (long) group.rows().size(), Long::sum);
                }
            } catch (RowRejected e) {
                refused.put(group, new Intake.Rejected(0, e.field(), e.reason()));
            }
        }
        if (!messages.isEmpty()) {
            List<Intake.Rejected> byIntake = new ArrayList<>();
            Intake.Accepted result = intake.acceptValid(request.workspaceId(), messages, byIntake);
            accepted += result.accepted();
            duplicates += result.duplicates();
            for (Intake.Rejected r : byIntake) {
                refused.putIfAbsent(
                        owners.get(r.index()),
                        new Intake.Rejected(
                                r.index(),
                                mapping.column(r.field(), (ObjectNode) messages.get(r.index())),
                                reason(r.field(), r.reason())));
            }
        }
        List<Map.Entry<Group, Intake.Rejected>> inOrder = new ArrayList<>(refused.entrySet());
        inOrder.sort((a, b) -> Long.compare(
                a.getKey().rows().get(0).number(), b.getKey().rows().get(0).number()));
        for (var entry : inOrder) {
            for (Row row : entry.getKey().rows()) {
                rejects.add(
                        row.number(), entry.getValue().field(), entry.getValue().reason(), row.raw());
                rejected++;
            }
        }
    }

    /** Intake's messages start with the field ({@code properties.total: …}); the rejects file has its own column. */
    private static String reason(String field, String message) {
        String prefix = field + ": ";
        return field != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private Checkpoint resumePoint(Path checkpointFile) throws IOException {
        if (request.restart()) {
            Files.deleteIfExists(checkpointFile);
            return null;
        }
        Optional<Checkpoint> found = Checkpoint.read(checkpointFile);
        if (found.isEmpty()) {
            return null;
        }
        if (!found.get().matches(plan.size(), plan.modified(), kind)) {
            if (request.progress() != null) {
                request.progress()
                        .println("ignoring the checkpoint " + checkpointFile
                                + ": it belongs to another version of the file or another --type");
            }
            Files.deleteIfExists(checkpointFile);
            return null;
        }
        return found.get();
    }

    private ImportRequest.Layout layout(List<String> columns) {
        if (plan.layout() != null) {
            return plan.layout();
        }
        return request.type() == ImportType.ORDERS && columns.contains(TmallOrderMapping.ORDER_ID)
                ? ImportRequest.Layout.TMALL
                : ImportRequest.Layout.GENERIC;
    }

    private RowMapping mapping(ImportRequest.Layout layout) {
        String channel = request.channel();
        if (layout == ImportRequest.Layout.TMALL) {
            MessageFactory messages =
                    new MessageFactory(json, request.brand(), Objects.requireNonNullElse(channel, "tmall"));
            return new TmallOrderMapping(messages);
        }
        MessageFactory messages = new MessageFactory(json, request.brand(), channel);
        return switch (request.type()) {
            case MEMBERS -> new MemberMapping(messages);
            case ORDERS -> new OrderMapping(messages);
            case EVENTS -> new EventMapping(messages, json);
        };
    }
}
