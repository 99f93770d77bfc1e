package io.reservoir.ingest.importer;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where an import stands after its last committed chunk, kept next to the input file. The file's
 * size and modification time fingerprint it: a checkpoint of another version of the file is not
 * used. Written to a temporary file and moved into place, so a crash leaves the old or the new
 * checkpoint, never half of one.
 *
 * @param offset byte offset of the first row not yet imported
 * @param nextRow that row's number
 * @param rejectsLength the rejects file's length at that point: rows rejected after it are redone
 * @param gathered documents whose rows lay apart in the file, imported whole so far
 * @param decimalIds identity values such as {@code 17850.0} met so far, by column
 */
record Checkpoint(
        long fileSize,
        long fileModified,
        String kind,
        long offset,
        long nextRow,
        long rows,
        long accepted,
        long duplicates,
        long rejected,
        long skipped,
        Map<String, Long> skipReasons,
        long rejectsLength,
        long gathered,
        Map<String, Long> decimalIds) {

    boolean matches(long size, long modified, String expectedKind) {
        return fileSize == size && fileModified == modified && kind.equals(expectedKind);
    }

    static Optional<Checkpoint> read(Path path) {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(in);
            Map<String, Long> reasons = new LinkedHashMap<>();
            Map<String, Long> decimalIds = new LinkedHashMap<>();
            for (String name : p.stringPropertyNames()) {
                if (name.startsWith("skipped.")) {
                    reasons.put(name.substring("skipped.".length()), Long.parseLong(p.getProperty(name)));
                } else if (name.startsWith("decimal-ids.")) {
                    decimalIds.put(name.substring("decimal-ids.".length()), Long.parseLong(p.getProperty(name)));
                }
            }
            return Optional.of(new Checkpoint(
                    number(p, "file.size"),
                    number(p, "file.modified"),
                    p.getProperty("kind", ""),
                    number(p, "offset"),
                    number(p, "next.row"),
                    number(p, "rows"),
                    number(p, "accepted"),
                    number(p, "duplicates"),
                    number(p, "rejected"),
                    number(p, "skipped"),
                    reasons,
                    number(p, "rejects.length"),
                    Long.parseLong(p.getProperty("gathered", "0").strip()),
                    decimalIds));
        } catch (IOException | RuntimeException unreadable) {
            return Optional
                    .empty(); // a damaged checkpoint is no checkpoint: the run starts over, duplicates are ignored
        }
    }

    void write(Path path) {
        Properties p = new Properties();
        p.setProperty("file.size", Long.toString(fileSize));
        p.setProperty("file.modified", Long.toString(fileModified));
        p.setProperty("kind", kind);
        p.setProperty("offset", Long.toString(offset));
        p.setProperty("next.row", Long.toString(nextRow));
        p.setProperty("rows", Long.toString(rows));
        p.setProperty("accepted", Long.toString(accepted));
        p.setProperty("duplicates", Long.toString(duplicates));
        p.setProperty("rejected", Long.toString(rejected));
        p.setProperty("skipped", Long.toString(skipped));
        skipReasons.forEach((reason, count) -> p.setProperty("skipped." + reason, Long.toString(count)));
        p.setProperty("rejects.length", Long.toString(rejectsLength));
        p.setProperty("gathered", Long.toString(gathered));
        decimalIds.forEach((column, count) -> p.setProperty("decimal-ids." + column, Long.toString(count)));
        Path temp = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                p.store(out, "reservoir import checkpoint: delete it (or use --restart) to import from the top");
            }
            try {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + path, e);
        }
    }

    private static long number(Properties p, String name) {
        return Long.parseLong(p.getProperty(name).strip());
    }
}
