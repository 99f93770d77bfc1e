package io.reservoir.bench;

import io.reservoir.ReservoirApplication;
import io.reservoir.support.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Reservoir started in the benchmark's process on a fresh database: embedded H2 (file) or PostgreSQL. */
public final class BenchReservoir implements AutoCloseable {

    public static final String WRITE_KEY = "bench_write_key_0123456789abcdef";
    public static final String MANAGEMENT_KEY = "bench_management_key_0123456789ab";

    public final String database;
    final ConfigurableApplicationContext context;

    private BenchReservoir(String database, ConfigurableApplicationContext context) {
        this.database = database;
        this.context = context;
    }

    public static BenchReservoir start(String database) {
        return start(database, List.of());
    }

    /** {@code extra}: more {@code --name=value} settings for this run. */
    public static BenchReservoir start(String database, List<String> extra) {
        Path dir;
        try {
            dir = Files.createTempDirectory("reservoir-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--reservoir.data-dir=" + dir,
                "--reservoir.data-key=" + Base64.getEncoder().encodeToString(key),
                "--reservoir.admin-password=bench-admin-password",
                "--reservoir.bootstrap.write-key=" + WRITE_KEY,
                "--reservoir.bootstrap.management-key=" + MANAGEMENT_KEY,
                "--logging.level.root=warn",
                "--spring.main.banner-mode=off"));
        args.addAll(extra);
        if (database.equals("postgresql")) {
            args.add("--spring.datasource.url=" + TestDatabase.createPostgresDatabase());
            args.add("--spring.datasource.username=" + TestDatabase.postgresUser());
            args.add("--spring.datasource.password=" + TestDatabase.postgresPassword());
        }
        var context = new SpringApplicationBuilder(ReservoirApplication.class).run(args.toArray(String[]::new));
        return new BenchReservoir(database, context);
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public DataSource dataSource() {
        return context.getBean(DataSource.class);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }

    public static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB max heap, Java " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name");
    }
}
