package io.reservoir.loyalty;

import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.tenancy.Caller;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The brands' loyalty programs: how many points a yuan earns and when points expire. */
@Service
public class LoyaltyPrograms {

    static final Set<String> EXPIRIES = Set.of("never", "end_of_next_year");
    static final int MAX_POINTS_PER_YUAN = 1_000;

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    LoyaltyPrograms(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Optional<LoyaltyProgram> find(long workspaceId, long brandId) {
        return jdbc.sql("select * from loyalty_program where workspace_id = :ws and brand_id = :brand")
                .param("ws", workspaceId)
                .param("brand", brandId)
                .query((rs, row) -> new LoyaltyProgram(
                        rs.getLong("brand_id"), rs.getInt("points_per_yuan"), rs.getString("expiry")))
                .optional();
    }

    /** Sets a brand's program (admins); earning from later orders follows it. Audited. */
    @Transactional
    public LoyaltyProgram put(Caller caller, LoyaltyProgram program) {
        caller.requireAdmin();
        if (program.pointsPerYuan() < 0 || program.pointsPerYuan() > MAX_POINTS_PER_YUAN) {
            throw ReservoirException.invalid("pointsPerYuan", "must be between 0 and " + MAX_POINTS_PER_YUAN);
        }
        if (program.expiry() == null || !EXPIRIES.contains(program.expiry())) {
            throw ReservoirException.invalid("expiry", "must be one of " + EXPIRIES);
        }
        jdbc.sql("delete from loyalty_program where workspace_id = :ws and brand_id = :brand")
                .param("ws", caller.workspaceId())
                .param("brand", program.brandId())
                .update();
        jdbc.sql("""
                        insert into loyalty_program (workspace_id, brand_id, points_per_yuan, expiry, updated_at)
                        values (:ws, :brand, :rate, :expiry, :at)
                        """)
                .param("ws", caller.workspaceId())
                .param("brand", program.brandId())
                .param("rate", program.pointsPerYuan())
                .param("expiry", program.expiry())
                .param("at", SqlTime.param(SqlTime.now(clock)))
                .update();
        audit.record(
                caller,
                "loyalty.program_set",
                "brand",
                program.brandId(),
                Map.of("pointsPerYuan", program.pointsPerYuan(), "expiry", program.expiry()));
        return program;
    }
}
