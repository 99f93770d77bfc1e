package io.reservoir.ingest.importer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading what an import wrote, for the tests. */
final class ImportITSupport {

    private ImportITSupport() {}

    /** The rejects file's records, the header first (its byte-order mark included). */
    static List<List<String>> rejects(Path file) throws IOException {
        List<List<String>> records = new ArrayList<>();
        try (CsvReader reader = new CsvReader(Files.newInputStream(file), StandardCharsets.UTF_8, 0, 1)) {
            CsvReader.Record record;
            while ((record = reader.next()) != null) {
                records.add(record.fields());
            }
        }
        return records;
    }
}
