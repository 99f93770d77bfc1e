package io.reservoir.loyalty;

import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The members of each brand's program. Joining is idempotent (joining again changes nothing; a
 * member who left joins anew), starts the member in the first tier or the one their last 12
 * months already reach, and credits the program's joining gift once per member and brand.
 */
@Service
public class Memberships {

    private final JdbcClient jdbc;
    private final PointsLedger ledger;
    private final TierKeeper tiers;
    private final JointPrograms joint;
    private final BrandClock brandClock;
    private final ApplicationEventPublisher events;

    Memberships(
            JdbcClient jdbc,
            PointsLedger ledger,
            TierKeeper tiers,
            JointPrograms joint,
            BrandClock brandClock,
            ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.tiers = tiers;
        this.joint = joint;
        this.brandClock = brandClock;
    }

    /**
     * A join: {@code viaBrandId} when a joint program enrolls the customer; {@code messageId} the
     * event that records it; {@code jointConsent} whether the customer agreed to join the joint
     * program's other brands too.
     */
    public record Join(
            long brandId,
            int customerNo,
            Instant at,
            String channel,
            Long viaBrandId,
            Long paidJoinFen,
            String messageId,
            boolean jointConsent) {}

    /** Makes the customer a member under {@code program} (if they are not one); returns the membership. */
    @Transactional
    public Member join(long workspaceId, LoyaltyProgram program, Join join) {
        Optional<Member> existing = find(workspaceId, join.brandId(), join.customerNo());
        if (existing.isPresent() && existing.get().active()) {
            return existing.get();
        }
        boolean pending = join.jointConsent()
                && join.viaBrandId() == null
                && joint.programOf(workspaceId, join.brandId()).isPresent();
        String baseTier = program.hasTiers() ? program.tiers().levels().get(0).code() : null;
        // a member who left is updated, a new one inserted; a concurrent join of the same member
        // (the earner and the member center) changes no row, and this call answers what it made
        String sql = existing.isPresent() ? """
                update loyalty_member set joined_at = :at, channel = :channel, via_brand_id = :via, paid_join_fen = :paid,
                       join_message_id = :message, joint_pending = :pending, left_at = null, tier_code = :tier,
                       tier_since = :at, tier_review_at = :review, grace_until = null
                 where workspace_id = :ws and brand_id = :brand and customer_no = :no and left_at is not null
                """ : """
                insert into loyalty_member (workspace_id, brand_id, customer_no, joined_at, channel, via_brand_id,
                                            paid_join_fen, join_message_id, joint_pending, tier_code, tier_since,
                                            tier_review_at)
                values (:ws, :brand, :no, :at, :channel, :via, :paid, :message, :pending, :tier, :at, :review)
                on conflict do nothing
                """;
        int made = jdbc.sql(sql)
                .param("ws", workspaceId)
                .param("brand", join.brandId())
                .param("no", join.customerNo())
                .param("at", SqlTime.param(join.at()))
                .param("channel", join.channel())
                .param("via", join.viaBrandId())
                .param("paid", join.paidJoinFen())
                .param("message", join.messageId())
                .param("pending", pending)
                .param("tier", baseTier)
                .param("review", SqlTime.param(baseTier == null ? null : TierKeeper.anniversary(join.at(), join.at())))
                .update();
        if (made == 0) {
            return find(workspaceId, join.brandId(), join.customerNo()).orElseThrow();
        }
        events.publishEvent(new MembersChanged(workspaceId, Set.of(join.customerNo())));
        if (baseTier != null) {
            tiers.record(workspaceId, join.brandId(), join.customerNo(), null, baseTier, "join", 0, join.at());
            tiers.evaluate(workspaceId, program, List.of(join.customerNo()), join.at());
        }
        long gift = program.joining().giftPoints();
        String giftKey = "join:" + join.brandId() + ":" + join.customerNo();
        // once per member and brand: a member who left and joins again got it the first time
        // (perhaps a different amount, which as a new request would be a conflict)
        if (gift > 0 && ledger.credit(workspaceId, giftKey).isEmpty()) {
            ZoneId zone = brandClock.zone(workspaceId, join.brandId());
            ledger.earn(
                    workspaceId,
                    new PointsLedger.Credit(
                            join.brandId(),
                            join.customerNo(),
                            gift,
                            giftKey,
                            null,
                            "joining gift",
                            "join",
                            join.at().atZone(zone).toLocalDate()));
        }
        return find(workspaceId, join.brandId(), join.customerNo()).orElseThrow();
    }

    /** The member leaves the program (their points stay); a later join starts anew. */
    @Transactional
    public void leave(long workspaceId, long brandId, int customerNo, Instant at) {
        find(workspaceId, brandId, customerNo).filter(Member::active).ifPresent(member -> {
            jdbc.sql("""
                            update loyalty_member set left_at = :at, tier_review_at = null, grace_until = null
                             where workspace_id = :ws and brand_id = :brand and customer_no = :no
                            """)
                    .param("at", SqlTime.param(at))
                    .param("ws", workspaceId)
                    .param("brand", brandId)
                    .param("no", customerNo)
                    .update();
            tiers.record(workspaceId, brandId, customerNo, member.tierCode(), null, "left", 0, at);
        });
    }

    @Transactional(readOnly = true)
    public Optional<Member> find(long workspaceId, long brandId, int customerNo) {
        return jdbc.sql(
                        "select * from loyalty_member where workspace_id = :ws and brand_id = :brand and customer_no = :no")
                .param("ws", workspaceId)
                .param("brand", brandId)
                .param("no", customerNo)
                .query((rs, row) -> member(rs))
                .optional();
    }

    /** The active members among {@code customerNos}, by number. */
    @Transactional(readOnly = true)
    public Map<Integer, Member> active(long workspaceId, long brandId, Collection<Integer> customerNos) {
        Map<Integer, Member> members = new HashMap<>();
        if (customerNos.isEmpty()) {
            return members;
        }
        jdbc.sql("""
                        select m.* from unnest(cast(:nos as integer array)) as k(no)
                          join loyalty_member m on m.workspace_id = :ws and m.brand_id = :brand and m.customer_no = k.no
                         where m.left_at is null
                        """)
                .param("nos", SqlArrays.integers(customerNos))
                .param("ws", workspaceId)
                .param("brand", brandId)
                .query((rs, row) -> member(rs))
                .list()
                .forEach(m -> members.put(m.customerNo(), m));
        return members;
    }

    /** A page of a brand's active members, newest first, optionally of one tier. */
    @Transactional(readOnly = true)
    public List<Member> page(long workspaceId, long brandId, String tierCode, Integer beforeNo, int limit) {
        return jdbc.sql("""
                        select * from loyalty_member
                         where workspace_id = :ws and brand_id = :brand and left_at is null
                           and (cast(:tier as varchar(30)) is null or tier_code = :tier) and customer_no < :before
                         order by customer_no desc fetch first :limit rows only
                        """)
                .param("ws", workspaceId)
                .param("brand", brandId)
                .param("tier", tierCode)
                .param("before", beforeNo == null ? Integer.MAX_VALUE : beforeNo)
                .param("limit", limit)
                .query((rs, row) -> member(rs))
                .list();
    }

    /** How many active members hold each tier (in the program's order; null: no tier). */
    @Transactional(readOnly = true)
    public Map<String, Long> distribution(long workspaceId, LoyaltyProgram program) {
        Map<String, Long> counts = new LinkedHashMap<>();
        program.tiers().levels().forEach(t -> counts.put(t.code(), 0L));
        jdbc.sql("""
                        select tier_code, count(*) from loyalty_member
                         where workspace_id = :ws and brand_id = :brand and left_at is null group by tier_code
                        """)
                .param("ws", workspaceId)
                .param("brand", program.brandId())
                .query((rs, row) -> Map.entry(String.valueOf(rs.getString(1)), rs.getLong(2)))
                .list()
                .forEach(e -> counts.merge(e.getKey(), e.getValue(), Long::sum));
        return counts;
    }

    @Transactional(readOnly = true)
    public List<TierChange> history(long workspaceId, long brandId, int customerNo) {
        return tiers.history(workspaceId, brandId, customerNo);
    }

    static Member member(ResultSet rs) throws SQLException {
        return new Member(
                rs.getLong("brand_id"),
                rs.getInt("customer_no"),
                SqlTime.read(rs, "joined_at"),
                rs.getString("channel"),
                rs.getObject("via_brand_id", Long.class),
                rs.getObject("paid_join_fen", Long.class),
                SqlTime.read(rs, "left_at"),
                rs.getString("tier_code"),
                SqlTime.read(rs, "tier_since"),
                SqlTime.read(rs, "tier_review_at"),
                SqlTime.read(rs, "grace_until"));
    }
}
