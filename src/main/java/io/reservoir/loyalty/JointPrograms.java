package io.reservoir.loyalty;

import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Joint membership (联合入会): a workspace's brands that enroll each other's new members. A
 * brand belongs to at most one joint program. The report counts, for each brand, the members it
 * gained through each of the others.
 */
@Service
public class JointPrograms {

    private final JdbcClient jdbc;
    private final Brands brands;
    private final AuditLog audit;
    private final Clock clock;

    JointPrograms(JdbcClient jdbc, Brands brands, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.brands = brands;
        this.audit = audit;
        this.clock = clock;
    }

    /** One line of the report: members of {@code brandId} who joined through {@code viaBrandId}. */
    public record Gain(long brandId, long viaBrandId, long members) {}

    @Transactional
    public JointProgram create(Caller caller, String name, List<Long> brandIds) {
        caller.requireAdmin();
        if (name == null || name.isBlank() || name.length() > 100) {
            throw ReservoirException.invalid("name", "must be 1 to 100 characters");
        }
        if (brandIds == null || new LinkedHashSet<>(brandIds).size() < 2) {
            throw ReservoirException.invalid("brands", "a joint program needs at least two different brands");
        }
        Set<Long> ids = new LinkedHashSet<>();
        for (Long brand : brandIds) {
            ids.add(brands.get(caller, brand).id());
            if (programOf(caller.workspaceId(), brand).isPresent()) {
                throw ReservoirException.conflict("brands", "brand " + brand + " is already in a joint program");
            }
        }
        GeneratedKeyHolder id = new GeneratedKeyHolder();
        jdbc.sql("insert into joint_program (workspace_id, name, created_at) values (:ws, :name, :at)")
                .param("ws", caller.workspaceId())
                .param("name", name.strip())
                .param("at", SqlTime.param(SqlTime.now(clock)))
                .update(id, "id");
        long programId = id.getKey().longValue();
        for (long brand : ids) {
            jdbc.sql(
                            "insert into joint_program_brand (workspace_id, brand_id, program_id) values (:ws, :brand, :program)")
                    .param("ws", caller.workspaceId())
                    .param("brand", brand)
                    .param("program", programId)
                    .update();
        }
        audit.record(caller, "loyalty.joint_program_created", "joint_program", programId, Map.of("brands", ids));
        return get(caller.workspaceId(), programId).orElseThrow();
    }

    @Transactional(readOnly = true)
    public List<JointProgram> list(long workspaceId) {
        return jdbc
                .sql("select id from joint_program where workspace_id = :ws order by id")
                .param("ws", workspaceId)
                .query(Long.class)
                .list()
                .stream()
                .map(id -> get(workspaceId, id).orElseThrow())
                .toList();
    }

    @Transactional(readOnly = true)
    public Optional<JointProgram> get(long workspaceId, long programId) {
        return jdbc.sql("select name from joint_program where workspace_id = :ws and id = :id")
                .param("ws", workspaceId)
                .param("id", programId)
                .query(String.class)
                .optional()
                .map(name -> new JointProgram(programId, name, brandsOf(workspaceId, programId)));
    }

    /** The joint program {@code brandId} belongs to, if any. */
    @Transactional(readOnly = true)
    public Optional<JointProgram> programOf(long workspaceId, long brandId) {
        return jdbc.sql("select program_id from joint_program_brand where workspace_id = :ws and brand_id = :brand")
                .param("ws", workspaceId)
                .param("brand", brandId)
                .query(Long.class)
                .optional()
                .flatMap(id -> get(workspaceId, id));
    }

    /** For each brand of the program, the active members each other brand brought in. */
    @Transactional(readOnly = true)
    public List<Gain> report(long workspaceId, long programId) {
        JointProgram program =
                get(workspaceId, programId).orElseThrow(() -> ReservoirException.notFound("joint program", programId));
        return jdbc.sql("""
                        select m.brand_id, m.via_brand_id, count(*) from loyalty_member m
                          join joint_program_brand b on b.workspace_id = m.workspace_id and b.brand_id = m.brand_id
                         where m.workspace_id = :ws and b.program_id = :program and m.via_brand_id is not null
                           and m.left_at is null
                         group by m.brand_id, m.via_brand_id order by m.brand_id, m.via_brand_id
                        """)
                .param("ws", workspaceId)
                .param("program", program.id())
                .query((rs, row) -> new Gain(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .list();
    }

    private List<Long> brandsOf(long workspaceId, long programId) {
        return jdbc.sql(
                        "select brand_id from joint_program_brand where workspace_id = :ws and program_id = :program order by brand_id")
                .param("ws", workspaceId)
                .param("program", programId)
                .query(Long.class)
                .list();
    }
}
