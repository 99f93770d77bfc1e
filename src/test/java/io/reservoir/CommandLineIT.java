package io.reservoir;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's commands as a user meets them: help answers without starting anything, and the
 * first command on an empty data directory says what it set up, with the bootstrap settings the
 * server honours.
 */
class CommandLineIT {

    @TempDir
    Path dataDir;

    record Run(int status, String out, String err) {}

    @Test
    void helpOfEveryCommandAnswersWithoutCreatingTheDatabase() throws IOException {
        Run importHelp = run("import", "--help", "--reservoir.data-dir=" + dataDir);
        Run simulateHelp = run("simulate", "-h", "--reservoir.data-dir=" + dataDir);
        Run launcherHelp = run("help", "--reservoir.data-dir=" + dataDir);
        Run helpOfImport = run("help", "import");

        assertThat(importHelp.status()).isZero();
        assertThat(importHelp.out()).startsWith("Usage: reservoir import").contains("--type");
        assertThat(simulateHelp.out()).startsWith("Usage: reservoir simulate");
        assertThat(launcherHelp.status()).isZero();
        assertThat(launcherHelp.out()).contains("import", "simulate", "COMMAND --help");
        assertThat(helpOfImport.out()).isEqualTo(importHelp.out());
        try (Stream<Path> files = Files.list(dataDir)) {
            assertThat(files).as("nothing started, nothing written").isEmpty();
        }
    }

    @Test
    void anUnknownCommandIsOneLineAndTheListOfCommands() throws IOException {
        Run unknown = run("imprt", "--type", "members", "--reservoir.data-dir=" + dataDir);

        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("'imprt' is not a command");
        assertThat(unknown.out()).contains("import", "simulate");
        try (Stream<Path> files = Files.list(dataDir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void theFirstCommandOnAnEmptyDataDirectorySaysWhatItSetUpWithTheBootstrapKeys() throws IOException, SQLException {
        Path members = dataDir.resolve("members.csv");
        Files.writeString(members, "member_no,name\nM1,王小明\n");
        Path data = dataDir.resolve("data");

        Run first = run(
                "import",
                "--type",
                "members",
                members.toString(),
                "--reservoir.data-dir=" + data,
                "--reservoir.admin-password=",
                "--reservoir.bootstrap.write-key=" + TestDatabase.WRITE_KEY,
                "--reservoir.bootstrap.management-key=");
        Run second = run("import", "--type", "members", members.toString(), "--reservoir.data-dir=" + data);

        assertThat(first.status()).isZero();
        assertThat(first.err())
                .contains("import: this is Reservoir's first start on the embedded database " + data)
                .contains("console login 'admin' with the password ")
                .contains("stored the write key from RESERVOIR_BOOTSTRAP_*");
        assertThat(second.status()).isZero();
        assertThat(second.err()).doesNotContain("first start");
        try (var db = DriverManager.getConnection(
                        "jdbc:h2:file:" + data.resolve("reservoir") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                        "sa",
                        "");
                var rows = db.createStatement()
                        .executeQuery("select kind, count(*) from api_key group by kind order by kind")) {
            List<String> kinds = new ArrayList<>();
            while (rows.next()) {
                kinds.add(rows.getString(1) + "=" + rows.getInt(2));
            }
            assertThat(kinds).containsExactly("write=1");
        }
    }

    @Test
    void aCommandWhileAnotherProcessHoldsTheEmbeddedDatabaseSaysSoInAFewLines() throws Exception {
        Path data = dataDir.resolve("data");
        Files.createDirectories(data);
        // another process holds the database open, as a running server does
        Process holder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.h2.tools.Shell",
                        "-url",
                        "jdbc:h2:file:" + data.resolve("reservoir") + ";MODE=PostgreSQL",
                        "-user",
                        "sa")
                .redirectErrorStream(true)
                .start();
        try {
            waitForPrompt(holder);
            Run locked = run("import", "--type", "members", "x.csv", "--reservoir.data-dir=" + data);

            assertThat(locked.status()).isEqualTo(1);
            assertThat(locked.err()).contains("could not start").contains("one process at a time");
            assertThat((locked.out() + locked.err()).lines().count())
                    .as("no stack trace: %s", locked.out() + locked.err())
                    .isLessThanOrEqualTo(4);
        } finally {
            holder.destroy();
            holder.waitFor();
        }
    }

    /** The H2 shell prints its prompt once it holds the connection. */
    private static void waitForPrompt(Process shell) throws IOException {
        var in = shell.getInputStream();
        StringBuilder seen = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            seen.append((char) c);
            if (seen.toString().contains("sql>")) {
                return;
            }
        }
        throw new IllegalStateException("the H2 shell ended: " + seen);
    }

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            int status = ReservoirApplication.runCommand(args);
            return new Run(status, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
