package io.reservoir.ingest;

import io.reservoir.ingest.importer.ImportProgress;
import io.reservoir.ingest.importer.ImportReport;
import io.reservoir.platform.storage.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code import_run} table: console imports, their state and figures. */
@Repository
class ImportRows {

    /** A row as stored, with the folder its files are in. */
    record Stored(long workspaceId, ImportView view, String folder) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    ImportRows(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * A queued import; its workspace is marked active in the same row, so that a second one is
     * refused by the database (a duplicate key) while this one is not over.
     */
    long insert(
            long workspaceId,
            String folder,
            String fileName,
            long fileBytes,
            String type,
            String layout,
            String optionsJson,
            String startedBy) {
        jdbc.sql("""
                        insert into import_run (workspace_id, folder, file_name, file_bytes, import_type, layout,
                                                options_json, run_state, active_workspace_id, started_by, started_at)
                        values (:ws, :folder, :file, :bytes, :type, :layout, :options, 'queued', :ws, :by, :at)
                        """)
                .param("ws", workspaceId)
                .param("folder", folder)
                .param("file", fileName)
                .param("bytes", fileBytes)
                .param("type", type)
                .param("layout", layout)
                .param("options", optionsJson)
                .param("by", startedBy)
                .param("at", SqlTime.param(SqlTime.now(clock)))
                .update();
        return jdbc.sql("select id from import_run where workspace_id = :ws and folder = :folder")
                .param("ws", workspaceId)
                .param("folder", folder)
                .query(Long.class)
                .single();
    }

    boolean anyActive(long workspaceId) {
        return jdbc.sql("select count(*) from import_run where active_workspace_id = :ws")
                        .param("ws", workspaceId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    void running(long workspaceId, long id) {
        jdbc.sql("update import_run set run_state = 'running' where workspace_id = :ws and id = :id")
                .param("ws", workspaceId)
                .param("id", id)
                .update();
    }

    void progressed(long workspaceId, long id, ImportProgress p) {
        jdbc.sql("""
                        update import_run
                           set rows_read = :rows, rows_imported = :imported, rows_rejected = :rejected,
                               rows_skipped = :skipped, messages_accepted = :accepted, duplicates = :duplicates,
                               elapsed_seconds = :seconds
                         where workspace_id = :ws and id = :id
                        """)
                .param("rows", p.rows())
                .param("imported", p.rows() - p.rejected() - p.skipped())
                .param("rejected", p.rejected())
                .param("skipped", p.skipped())
                .param("accepted", p.accepted())
                .param("duplicates", p.duplicates())
                .param("seconds", p.seconds())
                .param("ws", workspaceId)
                .param("id", id)
                .update();
    }

    void done(long workspaceId, long id, ImportReport report) {
        progressed(
                workspaceId,
                id,
                new ImportProgress(
                        report.rows(),
                        report.accepted(),
                        report.duplicates(),
                        report.rejected(),
                        report.skipped(),
                        report.seconds()));
        jdbc.sql("""
                        update import_run
                           set run_state = 'done', active_workspace_id = null, finished_at = :at,
                               layout = :layout, file_encoding = :encoding, time_zone = :zone
                         where workspace_id = :ws and id = :id
                        """)
                .param("at", SqlTime.param(SqlTime.now(clock)))
                .param("layout", report.layout().name().toLowerCase(Locale.ROOT))
                .param("encoding", report.encoding())
                .param("zone", report.zone())
                .param("ws", workspaceId)
                .param("id", id)
                .update();
    }

    void failed(long workspaceId, long id, String failure) {
        jdbc.sql("""
                        update import_run
                           set run_state = 'failed', active_workspace_id = null, finished_at = :at, failure = :failure
                         where workspace_id = :ws and id = :id
                        """)
                .param("at", SqlTime.param(SqlTime.now(clock)))
                .param("failure", failure.length() > 2000 ? failure.substring(0, 2000) : failure)
                .param("ws", workspaceId)
                .param("id", id)
                .update();
    }

    /** Imports that were queued or running when Reservoir stopped: their thread is gone. */
    List<Stored> unfinished() {
        return jdbc.sql("select * from import_run where active_workspace_id is not null")
                .query((rs, row) -> map(rs, folder -> false))
                .list();
    }

    Optional<Stored> find(long workspaceId, long id, Function<String, Boolean> rejectsExist) {
        return jdbc.sql("select * from import_run where workspace_id = :ws and id = :id")
                .param("ws", workspaceId)
                .param("id", id)
                .query((rs, row) -> map(rs, rejectsExist))
                .optional();
    }

    /** Newest first, those older than {@code beforeId} when given. */
    List<Stored> page(long workspaceId, Long beforeId, int limit, Function<String, Boolean> rejectsExist) {
        return jdbc.sql("""
                        select * from import_run
                         where workspace_id = :ws and (cast(:before as bigint) is null or id < :before)
                         order by id desc
                         fetch first :limit rows only
                        """)
                .param("ws", workspaceId)
                .param("before", beforeId)
                .param("limit", limit)
                .query((rs, row) -> map(rs, rejectsExist))
                .list();
    }

    private static Stored map(ResultSet rs, Function<String, Boolean> rejectsExist) throws SQLException {
        String folder = rs.getString("folder");
        long rejected = rs.getLong("rows_rejected");
        ImportView view = new ImportView(
                rs.getLong("id"),
                rs.getString("file_name"),
                rs.getLong("file_bytes"),
                rs.getString("import_type"),
                rs.getString("layout"),
                ImportState.valueOf(rs.getString("run_state").toUpperCase(Locale.ROOT)),
                rs.getLong("rows_read"),
                rs.getLong("rows_imported"),
                rejected,
                rs.getLong("rows_skipped"),
                rs.getLong("messages_accepted"),
                rs.getLong("duplicates"),
                rs.getDouble("elapsed_seconds"),
                rs.getString("file_encoding"),
                rs.getString("time_zone"),
                rs.getString("failure"),
                rs.getString("started_by"),
                SqlTime.read(rs, "started_at"),
                SqlTime.read(rs, "finished_at"),
                rejected > 0 && rejectsExist.apply(folder));
        return new Stored(rs.getLong("workspace_id"), view, folder);
    }
}
