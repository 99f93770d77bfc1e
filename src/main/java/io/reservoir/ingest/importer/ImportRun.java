package io.reservoir.ingest.importer;

import io.reservoir.ingest.Intake;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One run of an import: reads chunks of rows and maps them to messages on the calling thread,
 * while the {@link ChunkCommitter} hands the chunk before to intake and, once it is committed,
 * records its rejects and its checkpoint, in that order.
 */
final class ImportRun {

    private final ImportRequest request;
    private final Importer.Plan plan;
    private final Intake intake;
    private final JsonMapper json;
    private final String kind;
    private final long started = System.nanoTime();

    private MessageFactory messages;
    private ZoneId zone;
    private SplitBlocks splits = SplitBlocks.none();

    ImportRun(ImportRequest request, Importer.Plan plan, Intake intake, JsonMapper json) {
        this.request = request;
        this.plan = plan;
        this.zone = plan.zone();
        this.intake = intake;
        this.json = json;
        this.kind = request.type().id() + "/" + plan.format().name().toLowerCase(Locale.ROOT);
    }

    ImportReport run() throws IOException {
        Path checkpointFile = request.checkpointFile();
        Checkpoint resume = resumePoint(checkpointFile);
        PrintStream out = request.progress();
        ChunkCommitter.Totals totals = new ChunkCommitter.Totals();
        if (resume != null) {
            totals.rows = resume.rows();
            totals.accepted = resume.accepted();
            totals.duplicates = resume.duplicates();
            totals.rejected = resume.rejected();
            totals.skipped = resume.skipped();
            totals.skipReasons.putAll(resume.skipReasons());
            totals.gathered = resume.gathered();
            totals.decimalIds = Map.copyOf(resume.decimalIds());
            if (out != null) {
                out.printf("resuming at row %,d (%,d rows were imported before)%n", resume.nextRow(), resume.rows());
            }
        }
        long offset = resume == null ? 0 : resume.offset();
        long nextRow = resume == null ? 0 : resume.nextRow();
        try (RowSource source = open(offset, nextRow);
                RejectsFile rejects = resume == null
                        ? RejectsFile.fresh(request.rejectsFile())
                        : RejectsFile.resumed(request.rejectsFile(), resume.rejectsLength())) {
            ImportRequest.Layout layout = layout(source.columns());
            RowMapping mapping = prepare(source, layout);
            if (resume != null) {
                messages.decimalIds().putAll(resume.decimalIds());
            }
            if (layout == ImportRequest.Layout.GENERIC
                    && (request.type() == ImportType.ORDERS || request.type() == ImportType.REFUNDS)) {
                try (RowSource all = open(0, 0)) {
                    splits = SplitBlocks.scan(all, mapping::groupKey);
                }
                if (out != null && !splits.isEmpty()) {
                    out.printf(
                            "%,d %s have rows apart in the file: each is imported whole at its first row%n",
                            splits.documents(), request.type().id());
                }
            }
            totals.offset = source.position();
            ProgressBar progress = new ProgressBar(out, plan.size(), totals.offset, totals.rows);
            ChunkCommitter committer =
                    new ChunkCommitter(request, plan, kind, intake, mapping, rejects, progress, started, totals);
            boolean finished = loop(source, mapping, committer);
            // the import is done when what it logged is projected: its orders and customers readable
            if (!intake.awaitProjected(request.workspaceId(), totals.logPosition, Intake.PROJECTION_WAIT)) {
                throw new IllegalStateException("the imported rows are stored in the event log but not yet projected"
                        + " after " + Intake.PROJECTION_WAIT.toSeconds() + " s; they will be");
            }
            progress.finish(totals.rows, finished ? plan.size() : totals.offset);
            if (finished) {
                Files.deleteIfExists(checkpointFile);
            }
            return new ImportReport(
                    totals.rows,
                    totals.accepted,
                    totals.duplicates,
                    totals.rejected,
                    totals.skipped,
                    Map.copyOf(totals.skipReasons),
                    (System.nanoTime() - started) / 1e9,
                    resume == null ? 0 : resume.nextRow(),
                    finished,
                    rejects.exists() ? rejects.path() : null,
                    Encodings.name(plan.encoding().charset()),
                    layout,
                    zone.getId(),
                    totals.gathered,
                    Map.copyOf(totals.decimalIds),
                    request.integerIds());
        }
    }

    /** Refuses a file whose header does not fit the request, reading nothing but the header. */
    void check() throws IOException {
        try (RowSource source = open(0, 0)) {
            prepare(source, layout(source.columns()));
        }
    }

    /** The mapping of the file's rows, once its header and the column options are found to fit. */
    private RowMapping prepare(RowSource source, ImportRequest.Layout layout) {
        RowMapping mapping = mapping(layout);
        checkColumnOption(mapping, layout);
        if (plan.format() == ImportRequest.Format.CSV) {
            mapping.checkHeader(source.columns());
            if (plan.brandRequired() && !source.columns().contains("brand")) {
                throw ImportRefused.option(
                        "--brand",
                        "brandRequired",
                        null,
                        "is required: the workspace has several brands and the file has no brand column");
            }
        }
        return mapping;
    }

    /**
     * Reads and maps chunk after chunk, each handed to the committer while the next is read: true
     * at the end of the file; false when stopped by {@link ImportRequest#stopAfterChunks()}. Once
     * this returns, every chunk read is committed.
     */
    private boolean loop(RowSource source, RowMapping mapping, ChunkCommitter committer) throws IOException {
        boolean finished;
        try {
            finished = readChunks(source, mapping, committer);
        } catch (IOException | RuntimeException | Error e) {
            if (e instanceof ClosedByInterruptException
                    || Thread.currentThread().isInterrupted()) {
                committer.abort(); // a stop: what is not committed yet is read again on resumption
                throw ChunkCommitter.interrupted();
            }
            try {
                committer.finish(); // the chunks read before the failure are committed, as they always were
            } catch (IOException | RuntimeException | Error committing) {
                if (committing != e) { // the reading may have stopped on the commit's own failure
                    committing.addSuppressed(e);
                }
                throw committing; // the commit's failure came first in the file
            }
            throw e;
        }
        committer.finish();
        return finished;
    }

    private boolean readChunks(RowSource source, RowMapping mapping, ChunkCommitter committer) throws IOException {
        Row pending = source.next();
        int chunks = 0;
        String lastKey = null; // the key of the last row read: a row with another key starts a block
        boolean passing = false; // the block being read was gathered into its document's first block
        while (pending != null) {
            if (Thread.currentThread().isInterrupted()) {
                throw ChunkCommitter.interrupted();
            }
            List<ChunkCommitter.Group> chunk = new ArrayList<>();
            int chunkRows = 0;
            ChunkCommitter.Group group = null;
            while (pending != null) {
                String key = mapping.groupKey(pending);
                boolean newBlock = key == null || !key.equals(lastKey);
                if (newBlock && chunkRows >= request.chunkRows()) {
                    break; // the chunk ends between blocks; `pending` opens the next one
                }
                if (newBlock) {
                    passing = key != null && gatheredBefore(pending, key, mapping);
                    if (!passing) {
                        group = new ChunkCommitter.Group();
                        chunk.add(group);
                    }
                }
                lastKey = key;
                if (!passing) {
                    group.rows().add(pending);
                    chunkRows++;
                }
                pending = source.next();
            }
            long offset = pending == null ? source.position() : pending.start();
            long next = pending == null ? 0 : pending.number();
            committer.submit(map(chunk, mapping, offset, next));
            chunks++;
            if (pending != null && request.stopAfterChunks() > 0 && chunks >= request.stopAfterChunks()) {
                return false;
            }
        }
        return true;
    }

    /** Maps the chunk's groups to messages; the groups the mapping refuses are rejected when the chunk is committed. */
    private ChunkCommitter.Chunk map(List<ChunkCommitter.Group> chunk, RowMapping mapping, long offset, long nextRow)
            throws IOException {
        Map<ChunkCommitter.Group, List<ObjectNode>> mappedGroups = new LinkedHashMap<>();
        Map<ChunkCommitter.Group, Intake.Rejected> refused = new LinkedHashMap<>();
        Map<String, Long> skipReasons = new LinkedHashMap<>();
        long rows = 0;
        long skipped = 0;
        long gathered = 0;
        for (ChunkCommitter.Group group : chunk) {
            if (gather(group, mapping)) {
                gathered++;
            }
            rows += group.rows().size();
            if (group.rows().get(0) instanceof Row.Unreadable bad) {
                refused.put(group, new Intake.Rejected(0, "line", bad.reason()));
                continue;
            }
            for (Row row : group.rows()) {
                messages.countDecimalIds(row);
            }
            try {
                RowMapping.Mapped mapped = mapping.map(group.rows());
                if (mapped instanceof RowMapping.Mapped.Messages m) {
                    mappedGroups.put(group, m.messages());
                } else if (mapped instanceof RowMapping.Mapped.Skipped s) {
                    skipped += group.rows().size();
                    skipReasons.merge(s.reason(), (long) group.rows().size(), Long::sum);
                }
            } catch (RowRejected e) {
                refused.put(group, new Intake.Rejected(0, e.field(), e.reason()));
            }
        }
        return new ChunkCommitter.Chunk(
                mappedGroups,
                refused,
                rows,
                skipped,
                skipReasons,
                gathered,
                Map.copyOf(messages.decimalIds()),
                offset,
                nextRow);
    }

    /**
     * Adds to a document's first block the rows of its later blocks, read where they are in the
     * file; true when there were any.
     */
    private boolean gather(ChunkCommitter.Group group, RowMapping mapping) throws IOException {
        Row first = group.rows().get(0);
        long[] later = splits.later(first.start());
        if (later.length == 0) {
            return false;
        }
        String key = mapping.groupKey(first);
        boolean any = false;
        for (int i = 0; i < later.length; i += 2) {
            try (RowSource block = open(later[i], later[i + 1])) {
                Row row;
                while ((row = block.next()) != null && key.equals(mapping.groupKey(row))) {
                    group.rows().add(row);
                    any = true;
                }
            }
        }
        return any;
    }

    /** True when the block that {@code row} starts was read with its document's first block. */
    private boolean gatheredBefore(Row row, String key, RowMapping mapping) throws IOException {
        long[] first = splits.first(row.start());
        if (first == null) {
            return false;
        }
        try (RowSource block = open(first[0], first[1])) {
            Row head = block.next();
            return head != null && key.equals(mapping.groupKey(head)); // not a hash collision
        }
    }

    /** The file's rows from {@code offset} (0: the first row), under Reservoir's column names. */
    private RowSource open(long offset, long nextRow) throws IOException {
        int bom = plan.encoding().bomLength();
        return plan.format() == ImportRequest.Format.CSV
                ? RowSource.csv(request.file(), plan.encoding().charset(), bom, offset, nextRow, request.columns())
                : RowSource.ndjson(
                        request.file(), plan.encoding().charset(), json, bom, offset, nextRow, request.columns());
    }

    /** {@code --column} may only name columns the mapping reads. */
    private void checkColumnOption(RowMapping mapping, ImportRequest.Layout layout) {
        if (request.columns().isEmpty()) {
            return;
        }
        if (layout == ImportRequest.Layout.TMALL) {
            throw ImportRefused.option(
                    "--column", "tmallColumns", null, "the Tmall layout reads the export's own column names");
        }
        Set<String> known = mapping.knownColumns();
        if (known == null) {
            return;
        }
        for (String own : request.columns().keySet()) {
            if (!known.contains(own)) {
                throw ImportRefused.option(
                        "--column",
                        "unknownColumn",
                        own,
                        "'" + own + "' is not a column of a " + request.type().id() + " file; its columns are "
                                + String.join(", ", known));
            }
        }
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
            zone = request.zone() == null ? Cells.ZONE : plan.zone(); // the back-end exports Beijing time
            messages = new MessageFactory(
                    json,
                    request.brand(),
                    Objects.requireNonNullElse(channel, "tmall"),
                    zone,
                    plan.timePattern(),
                    plan.money(),
                    request.integerIds());
            return new TmallOrderMapping(messages);
        }
        messages = new MessageFactory(
                json, request.brand(), channel, plan.zone(), plan.timePattern(), plan.money(), request.integerIds());
        return switch (request.type()) {
            case MEMBERS -> new MemberMapping(messages);
            case ORDERS -> new OrderMapping(messages, request.negativeOrders());
            case REFUNDS -> new RefundMapping(messages);
            case EVENTS -> new EventMapping(messages, json);
        };
    }
}
