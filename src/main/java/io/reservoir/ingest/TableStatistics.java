package io.reservoir.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps PostgreSQL's statistics of the intake's tables up with a bulk load. Autovacuum analyzes a
 * table a minute or more after it grew; until then the planner sees a fresh database's tables as
 * tiny and picks plans (a workspace-wide index range instead of the key) whose cost grows with
 * every batch of an import. So after every doubling of what the intake wrote (from 2,000 rows
 * on), the tables are analyzed in the background. H2 plans by its indexes and needs none of it.
 */
@Component
class TableStatistics implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TableStatistics.class);
    private static final String TABLES =
            "event_log, customer, customer_identity, customer_attribute, customer_consent, customer_order, order_refund, customer_relation";

    private final JdbcTemplate jdbc;
    private final boolean postgres;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "reservoir-table-statistics");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong nextAnalyzeAt = new AtomicLong(2_000);
    private final AtomicBoolean running = new AtomicBoolean();

    TableStatistics(JdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.postgres = isPostgres(dataSource);
    }

    /** Called by the intake writer after each commit with the messages it wrote. */
    void written(int messages) {
        long total = written.addAndGet(messages);
        if (postgres && total >= nextAnalyzeAt.get() && running.compareAndSet(false, true)) {
            nextAnalyzeAt.set(total * 2);
            background.execute(() -> {
                try {
                    jdbc.execute("analyze " + TABLES);
                } catch (RuntimeException e) {
                    log.debug("analyze of the intake tables failed; autovacuum will do it later", e);
                } finally {
                    running.set(false);
                }
            });
        }
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void destroy() {
        background.shutdownNow();
    }
}
