package io.reservoir;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.SourceText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each table has one owning module (docs/architecture.md, "Table ownership"): only the owner's SQL
 * writes it and only the owner's migrations change it; other modules read it through the owner's
 * API. A scan of the SQL text in each module's package, which is enough to keep a new module from
 * reaching into another's tables.
 */
class TableOwnershipTest {

    static final Path SOURCES = SourceText.JAVA;
    static final Path MIGRATIONS = SourceText.MAIN.resolve(Path.of("resources", "db"));

    /** Migrations up to this version were written before ownership and may not change (checksums). */
    static final int LAST_MIGRATION_BEFORE_OWNERSHIP = 16;

    /**
     * Reads of another module's table, as "module Class table", that are still to move behind the
     * owner's bulk reader. The list only shrinks: an entry no longer found fails the test too.
     */
    static final Set<String> READS_STILL_CROSSING = Set.of(
            // the reference evaluator of segment rules: a yardstick that must not share the owners' code paths
            "audience SegmentSql brand",
            "audience SegmentSql customer",
            "audience SegmentSql customer_attribute",
            "audience SegmentSql customer_consent",
            "audience SegmentSql customer_identity",
            "audience SegmentSql customer_order",
            "audience SegmentSql customer_relation",
            "audience SegmentSql event_log",
            "audience SegmentSql loyalty_member",
            // what an Order Refunded event refunded (a sum of refund events): the resolved amount is only there
            "audience SegmentSql order_refund",
            "audience SegmentSql points_account");

    static final Pattern WRITE = Pattern.compile(
            "\\b(?:insert\\s+into|merge\\s+into|update|delete\\s+from)\\s+(\\w+)", Pattern.CASE_INSENSITIVE);
    static final Pattern READ = Pattern.compile("\\b(?:from|join|using)\\s+(\\w+)", Pattern.CASE_INSENSITIVE);
    /**
     * A literal that is a table's name alone, in a class that builds SQL around one ({@code "… from "
     * + table}); only names with an underscore, as one-word names (brand, tag) are also JSON fields.
     */
    static final Pattern TABLE_NAME = Pattern.compile("^(\\w+_\\w+)$");

    static final Pattern BUILDS_SQL = Pattern.compile("\\b(?:from|join)\\s*$", Pattern.CASE_INSENSITIVE);
    static final Pattern DDL = Pattern.compile(
            "\\b(?:create\\s+table(?:\\s+if\\s+not\\s+exists)?|alter\\s+table|drop\\s+table(?:\\s+if\\s+exists)?"
                    + "|create\\s+(?:unique\\s+)?index\\s+\\w+\\s+on|insert\\s+into|update|delete\\s+from)\\s+(\\w+)",
            Pattern.CASE_INSENSITIVE);
    static final Pattern CREATE_TABLE =
            Pattern.compile("\\bcreate\\s+table(?:\\s+if\\s+not\\s+exists)?\\s+(\\w+)", Pattern.CASE_INSENSITIVE);
    static final Pattern OWNERSHIP_ROW = Pattern.compile("^\\| `(\\w+)` \\| (.*) \\|$", Pattern.MULTILINE);
    static final Pattern MIGRATION = Pattern.compile("V(\\d+)__(\\w+?)_.*\\.sql");

    /** Table → owning module, from the architecture doc. */
    static Map<String, String> owners;

    @BeforeAll
    static void readOwners() throws IOException {
        String doc = Files.readString(Path.of("docs", "architecture.md"));
        String section = doc.substring(doc.indexOf("## Table ownership"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        Map<String, String> owners = new HashMap<>();
        Matcher row = OWNERSHIP_ROW.matcher(section);
        while (row.find()) {
            Matcher table = Pattern.compile("`(\\w+)`").matcher(row.group(2));
            while (table.find()) {
                String previous = owners.put(table.group(1), row.group(1));
                assertThat(previous)
                        .as("table %s has one owner, not %s and %s", table.group(1), previous, row.group(1))
                        .isNull();
            }
        }
        TableOwnershipTest.owners = owners;
    }

    @Test
    void everyTableOfTheSchemaHasExactlyOneOwner() throws IOException {
        Set<String> created = new TreeSet<>();
        for (Path migration : SourceText.files(MIGRATIONS, ".sql")) {
            Matcher table = CREATE_TABLE.matcher(Files.readString(migration));
            while (table.find()) {
                created.add(table.group(1).toLowerCase());
            }
        }
        assertThat(new TreeSet<>(owners.keySet()))
                .as("the tables of docs/architecture.md, \"Table ownership\", against the migrations")
                .isEqualTo(created);
    }

    @Test
    void onlyTheOwnerWritesATable() throws IOException {
        assertThat(foreign(WRITE).stream().map(w -> w + " (owned by " + owners.get(w.table()) + ")"))
                .as("writes to another module's table: call the owner's API instead")
                .isEmpty();
    }

    @Test
    void aModuleReadsAnotherModulesTablesOnlyWhereStillListed() throws IOException {
        Set<String> crossing = new TreeSet<>();
        foreign(READ).forEach(read -> crossing.add(read.toString()));
        assertThat(crossing)
                .as("reads of another module's table: read through the owner's API or bulk reader")
                .isSubsetOf(READS_STILL_CROSSING);
        assertThat(READS_STILL_CROSSING)
                .as("crossings gone from the code: remove them from READS_STILL_CROSSING")
                .isSubsetOf(crossing);
    }

    @Test
    void aMigrationChangesOnlyTheTablesOfTheModuleItNames() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path migration : SourceText.files(MIGRATIONS, ".sql")) {
            Matcher name = MIGRATION.matcher(migration.getFileName().toString());
            if (!name.matches() || Integer.parseInt(name.group(1)) <= LAST_MIGRATION_BEFORE_OWNERSHIP) {
                continue;
            }
            String module = name.group(2);
            if (!owners.containsValue(module) && !Files.isDirectory(SOURCES.resolve(module))) {
                offenders.add(migration + ": names no module (V{n}__{module}_{what}.sql)");
                continue;
            }
            Matcher ddl = DDL.matcher(Files.readString(migration));
            while (ddl.find()) {
                String table = ddl.group(1).toLowerCase();
                if (owners.containsKey(table) && !module.equals(owners.get(table))) {
                    offenders.add(migration + ": " + ddl.group() + " (owned by " + owners.get(table) + ")");
                }
            }
        }
        assertThat(offenders).as("migrations changing another module's tables").isEmpty();
    }

    /** A table named by SQL in a module's class. */
    record Reference(String module, String className, String table) {
        @Override
        public String toString() {
            return module + " " + className + " " + table;
        }
    }

    /**
     * The tables of other modules that {@code pattern} finds in the string literals of each
     * module's classes; for reads also the literals that name a table alone in a class that builds
     * SQL around such names.
     */
    static List<Reference> foreign(Pattern pattern) throws IOException {
        List<Reference> found = new ArrayList<>();
        for (Path file : SourceText.files(SOURCES, ".java")) {
            String module = SOURCES.relativize(file).getName(0).toString();
            String className = file.getFileName().toString().replace(".java", "");
            List<String> literals = SourceText.stringLiterals(Files.readString(file));
            boolean namesTables = pattern == READ
                    && literals.stream()
                            .anyMatch(text -> BUILDS_SQL.matcher(text).find());
            for (String text : literals) {
                Matcher table = pattern.matcher(text);
                if (namesTables && TABLE_NAME.matcher(text).matches()) {
                    table = TABLE_NAME.matcher(text);
                }
                while (table.find()) {
                    String name = table.group(1).toLowerCase();
                    if (owners.containsKey(name) && !module.equals(owners.get(name))) {
                        found.add(new Reference(module, className, name));
                    }
                }
            }
        }
        return found;
    }
}
