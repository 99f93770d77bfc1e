package io.reservoir.loyalty;

import io.reservoir.ingest.EventNames;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Enrolls in the joint program's other brands each member who joined one of them with consent:
 * a {@code Member Joined} per other brand (same person, time and channel, {@code
 * properties.jointFrom} naming the brand joined) goes through the intake like any event, so
 * relations and reports see the new memberships and the earner enrolls them. The message ids are
 * derived from the original join, so a round that dies after sending and before clearing the
 * member's flag sends replays that change nothing. It runs outside the earner's transaction: the
 * intake's writer may need the locks the earner holds.
 */
@Component
class JointEnroller {

    static final int BATCH = 200;
    private static final Logger log = LoggerFactory.getLogger(JointEnroller.class);

    private final JdbcClient jdbc;
    private final JointPrograms joint;
    private final MemberEvents events;

    JointEnroller(JdbcClient jdbc, JointPrograms joint, MemberEvents events) {
        this.jdbc = jdbc;
        this.joint = joint;
        this.events = events;
    }

    private record Pending(long brandId, int customerNo, String messageId, Instant joinedAt, String channel) {}

    /** Enrolls up to {@link #BATCH} members; returns how many it handled. */
    int send(long workspaceId) {
        List<Pending> pending = jdbc.sql("""
                        select brand_id, customer_no, join_message_id, joined_at, channel from loyalty_member
                         where workspace_id = :ws and joint_pending fetch first :limit rows only
                        """)
                .param("ws", workspaceId)
                .param("limit", BATCH)
                .query((rs, row) -> new Pending(
                        rs.getLong(1), rs.getInt(2), rs.getString(3), SqlTime.read(rs, "joined_at"), rs.getString(5)))
                .list();
        for (Pending member : pending) {
            var program = joint.programOf(workspaceId, member.brandId());
            for (long brand : program.map(JointProgram::brandIds).orElse(List.of())) {
                if (brand == member.brandId()) {
                    continue;
                }
                try {
                    events.send(
                            workspaceId,
                            member.customerNo(),
                            "joint:" + brand + ":" + member.messageId(),
                            EventNames.MEMBER_JOINED,
                            member.joinedAt(),
                            brand,
                            member.channel(),
                            Map.of("jointFrom", member.brandId()));
                } catch (ReservoirException refused) {
                    log.warn(
                            "Joint enrolment of customer {} in brand {} refused: {}",
                            member.customerNo(),
                            brand,
                            refused.getMessage());
                }
            }
            jdbc.sql("""
                            update loyalty_member set joint_pending = false
                             where workspace_id = :ws and brand_id = :brand and customer_no = :no
                            """)
                    .param("ws", workspaceId)
                    .param("brand", member.brandId())
                    .param("no", member.customerNo())
                    .update();
        }
        return pending.size();
    }
}
