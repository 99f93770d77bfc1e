package io.reservoir.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points the application under test at a fresh database of the kind the run asks for.
 *
 * <p>On PostgreSQL ({@code -Dreservoir.it.database=postgresql}) it creates a new database on the
 * server given by {@code RESERVOIR_IT_PG_URL} (default the local server, user {@code postgres}) and
 * drops it when the JVM ends. When that server is unreachable the tests are skipped with a notice,
 * unless {@code RESERVOIR_IT_REQUIRED=1}, under which they fail: CI always runs them.
 */
public final class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String ADMIN_PASSWORD = "it-admin-password-1";
    public static final String MANAGEMENT_KEY = "it_management_key_0123456789";
    public static final String WRITE_KEY = "it_write_key_0123456789abcdef";

    static final String SERVER_URL = env("RESERVOIR_IT_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    static final String USER = env("RESERVOIR_IT_PG_USER", "postgres");
    static final String PASSWORD = env("RESERVOIR_IT_PG_PASSWORD", "");

    public static boolean postgres() {
        return "postgresql".equals(System.getProperty("reservoir.it.database", "h2"));
    }

    public static boolean required() {
        return "1".equals(System.getenv("RESERVOIR_IT_REQUIRED"));
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Map<String, Object> properties = new HashMap<>();
        String name =
                "reservoir_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (postgres()) {
            createDatabase(name);
            properties.put("spring.datasource.url", SERVER_URL.substring(0, SERVER_URL.lastIndexOf('/') + 1) + name);
            properties.put("spring.datasource.username", USER);
            properties.put("spring.datasource.password", PASSWORD);
        } else {
            properties.put(
                    "spring.datasource.url",
                    "jdbc:h2:mem:" + name
                            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"
                            + ";QUERY_CACHE_SIZE=0");
            properties.put("spring.datasource.username", "sa");
            properties.put("spring.datasource.password", "");
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        properties.put("reservoir.data-key", Base64.getEncoder().encodeToString(key));
        properties.put("reservoir.data-dir", tempDir().toString());
        properties.put("reservoir.admin-password", ADMIN_PASSWORD);
        properties.put("reservoir.bootstrap.management-key", MANAGEMENT_KEY);
        properties.put("reservoir.bootstrap.write-key", WRITE_KEY);
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("reservoir-it", properties));
    }

    /** A new, empty PostgreSQL database, dropped when the JVM ends; returns its JDBC URL. */
    public static String createPostgresDatabase() {
        String name =
                "reservoir_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        createDatabase(name);
        return SERVER_URL.substring(0, SERVER_URL.lastIndexOf('/') + 1) + name;
    }

    public static String postgresUser() {
        return USER;
    }

    public static String postgresPassword() {
        return PASSWORD;
    }

    private static void createDatabase(String name) {
        try (Connection c = DriverManager.getConnection(SERVER_URL, USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database on " + SERVER_URL, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection c = DriverManager.getConnection(SERVER_URL, USER, PASSWORD);
                    Statement s = c.createStatement()) {
                s.execute("drop database if exists " + name + " with (force)");
            } catch (SQLException ignored) {
                // the server went away first; nothing to clean
            }
        }));
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("reservoir-it");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Skips (or, when required, fails) the tests of a PostgreSQL run without a reachable server. */
    public static final class Availability implements ExecutionCondition {

        private static volatile String unreachable;
        private static volatile boolean probed;

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (!postgres()) {
                return ConditionEvaluationResult.enabled("embedded H2");
            }
            String problem = probe();
            if (problem == null) {
                return ConditionEvaluationResult.enabled("PostgreSQL at " + SERVER_URL);
            }
            if (required()) {
                throw new IllegalStateException("RESERVOIR_IT_REQUIRED=1 but PostgreSQL is unreachable: " + problem);
            }
            String reason = "SKIPPED: PostgreSQL not reachable at " + SERVER_URL + " (" + problem
                    + "); set RESERVOIR_IT_PG_URL or start PostgreSQL to run these tests";
            System.err.println(reason);
            return ConditionEvaluationResult.disabled(reason);
        }

        private static synchronized String probe() {
            if (!probed) {
                DriverManager.setLoginTimeout(3);
                try (Connection c = DriverManager.getConnection(SERVER_URL, USER, PASSWORD)) {
                    unreachable = null;
                } catch (SQLException e) {
                    unreachable = e.getMessage();
                }
                probed = true;
            }
            return unreachable;
        }
    }
}
