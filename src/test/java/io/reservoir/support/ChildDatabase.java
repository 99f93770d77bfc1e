package io.reservoir.support;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Where a {@link ChildReservoir} keeps its data (an H2 file or a fresh PostgreSQL database, as
 * this test run's database), the settings that point the child at it, and a direct look into it.
 */
public record ChildDatabase(String url, String user, String password, List<String> settings) {

    public static ChildDatabase forThisRun(Path dir) {
        return TestDatabase.postgres() ? postgres() : h2(dir);
    }

    static ChildDatabase h2(Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("reservoir")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;QUERY_CACHE_SIZE=0";
        return new ChildDatabase(url, "sa", "", List.of());
    }

    static ChildDatabase postgres() {
        String url = TestDatabase.createPostgresDatabase();
        return new ChildDatabase(
                url,
                TestDatabase.postgresUser(),
                TestDatabase.postgresPassword(),
                List.of(
                        "--spring.datasource.url=" + url,
                        "--spring.datasource.username=" + TestDatabase.postgresUser(),
                        "--spring.datasource.password=" + TestDatabase.postgresPassword()));
    }

    /** A fresh base64 data key for a child's vault. */
    public static String randomDataKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /**
     * Waits until the database has no session but this look's own: after a SIGKILL, PostgreSQL
     * still finishes a COMMIT the dead child had sent, so reading before that would see a moment
     * the child never left the data in. An H2 file has no sessions once the child is gone.
     */
    public void awaitChildSessionsGone() {
        if (!url.startsWith("jdbc:postgresql:")) {
            return;
        }
        String others = "select count(*) from pg_stat_activity"
                + " where datname = current_database() and pid <> pg_backend_pid()";
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> number(others) == 0);
    }

    /** The first column of every row of {@code sql}, as text. */
    public List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** The single number {@code sql} answers (null counts as 0). */
    public long number(String sql) throws SQLException {
        List<String> values = strings(sql);
        return values.isEmpty() || values.get(0) == null ? 0 : Long.parseLong(values.get(0));
    }
}
