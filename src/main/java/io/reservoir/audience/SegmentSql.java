package io.reservoir.audience;

import io.reservoir.audience.SegmentRule.Attribute;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.tenancy.Brands;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The reference evaluator of segment rules: the exact set of customers a rule selects, written to
 * be obviously right rather than fast. Faster engines must give the same answer, customer for
 * customer; the meaning of each condition is in {@code docs/segments.md} and on {@link SegmentRule}.
 *
 * <p><b>How.</b> Each condition is one plain query of the table that holds its facts, giving the
 * customer numbers that satisfy it; AND, OR and NOT are intersection, union and complement of
 * those sets in Java, always within the workspace's active customers. What SQL would do
 * differently on H2 and PostgreSQL is done in Java: numeric reading of attribute values, and
 * calendar days in a brand's time zone. One repeatable-read transaction, so every condition sees
 * the same data. The conditions read the tables of the modules that own those facts (identity,
 * ingest, loyalty) directly: this class is the yardstick for engines built from those modules'
 * events, so it must not share their code paths.
 *
 * <p><b>Merged customers.</b> A merge ({@code IdentityGraph.merge}, in the transaction that finds
 * it) moves every fact of the retired number to the surviving one before it commits: identities;
 * attributes and consent, the newer value winning per name and channel; {@code ingest}'s
 * {@code MergeFollower} moves events, orders and refunds and derives the survivor's relations
 * again from the moved events; {@code loyalty}'s {@code PointsMergeFollower} adds the balances per
 * brand and moves entries, lots, tier history and memberships (the survivor's membership of a
 * brand stands when both were members); {@link Tags} moves tags, the newer assignment winning.
 * Intake resolves identities before it writes, so new rows always carry a surviving number. Rows
 * are therefore never read through {@code customer.merged_into}: a fact belongs to the number it
 * carries. The retired number is {@code status = 'merged'}; it holds no facts and matches nothing,
 * not even under NOT. An unmerge moves back the events, orders and refunds whose first identity
 * returned to the restored profile and derives both profiles' attributes and relations again;
 * points, memberships and tags stay with the survivor.
 *
 * <p><b>Erased customers</b> lose identities, attributes and consent; their anonymised events,
 * orders, relations, memberships and points stay under their number, which is
 * {@code status = 'erased'} and never matches.
 */
@Component
public class SegmentSql {

    private final JdbcClient jdbc;

    SegmentSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The customers of the workspace that {@code rule} selects at {@code now}, as sorted customer
     * numbers. Only customers with status active are ever selected.
     *
     * @param now the end of every event window (inclusive)
     * @throws ReservoirException not_found when the rule refers to a segment the workspace does not
     *     have, conflict when saved segments refer to each other in a loop
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public int[] evaluate(long workspaceId, SegmentRule rule, Instant now) {
        return rule.accept(new Run(workspaceId, now)).stream().toArray();
    }

    private final class Run implements SegmentRule.Visitor<BitSet> {

        private final long ws;
        private final Instant now;
        private final BitSet active = new BitSet();
        private final Map<Long, BitSet> segments = new HashMap<>();
        private final Set<Long> evaluating = new HashSet<>();
        private Map<Long, ZoneId> zones;

        Run(long ws, Instant now) {
            this.ws = ws;
            this.now = now;
            jdbc.sql("select customer_no from customer where workspace_id = :ws and status = 'active'")
                    .param("ws", ws)
                    .query(rs -> {
                        active.set(rs.getInt(1));
                    });
        }

        @Override
        public BitSet all(SegmentRule.All rule) {
            BitSet result = (BitSet) active.clone();
            rule.rules().forEach(r -> result.and(r.accept(this)));
            return result;
        }

        @Override
        public BitSet any(SegmentRule.Any rule) {
            BitSet result = new BitSet();
            rule.rules().forEach(r -> result.or(r.accept(this)));
            return result;
        }

        @Override
        public BitSet not(SegmentRule.Not rule) {
            BitSet result = (BitSet) active.clone();
            result.andNot(rule.rule().accept(this));
            return result;
        }

        @Override
        public BitSet attribute(Attribute rule) {
            BitSet result = new BitSet();
            jdbc.sql("""
                            select customer_no, attr_value from customer_attribute
                             where workspace_id = :ws and name = :name and attr_value is not null
                            """).param("ws", ws).param("name", rule.name()).query(rs -> {
                if (matches(rule, rs.getString(2))) {
                    result.set(rs.getInt(1));
                }
            });
            return activeOnly(result);
        }

        private static boolean matches(Attribute rule, String value) {
            String operand = rule.values().isEmpty() ? null : rule.values().get(0);
            if (!rule.op().numeric()) {
                return switch (rule.op()) {
                    case EQ -> value.equals(operand);
                    case NE -> !value.equals(operand);
                    case IN -> rule.values().contains(value);
                    case CONTAINS -> value.contains(operand);
                    case EXISTS -> true;
                    default -> throw new IllegalStateException(rule.op().id());
                };
            }
            Optional<BigDecimal> read = Attribute.number(value);
            if (read.isEmpty()) {
                return false;
            }
            BigDecimal number = read.get();
            BigDecimal first = rule.numbers().get(0);
            return switch (rule.op()) {
                case GT -> number.compareTo(first) > 0;
                case GTE -> number.compareTo(first) >= 0;
                case LT -> number.compareTo(first) < 0;
                case LTE -> number.compareTo(first) <= 0;
                case BETWEEN ->
                    number.compareTo(first) >= 0
                            && number.compareTo(rule.numbers().get(1)) <= 0;
                default -> throw new IllegalStateException(rule.op().id());
            };
        }

        @Override
        public BitSet identity(SegmentRule.Identity rule) {
            return numbers(
                    "select customer_no from customer_identity where workspace_id = :ws and id_type = :type",
                    Map.of("type", rule.type().id()));
        }

        @Override
        public BitSet relation(SegmentRule.Relation rule) {
            if (rule.field() == null) {
                return numbers(
                        "select customer_no from customer_relation where workspace_id = :ws and brand_id = :brand and until is null",
                        Map.of("brand", rule.brandId()));
            }
            return numbers("""
                    select customer_no from customer_relation
                     where workspace_id = :ws and brand_id = :brand and field = :field and until is null
                    """, Map.of("brand", rule.brandId(), "field", rule.field()));
        }

        @Override
        public BitSet member(SegmentRule.Member rule) {
            return numbers(
                    "select customer_no from loyalty_member where workspace_id = :ws and brand_id = :brand and left_at is null",
                    Map.of("brand", rule.brandId()));
        }

        @Override
        public BitSet tier(SegmentRule.Tier rule) {
            return numbers("""
                    select customer_no from loyalty_member
                     where workspace_id = :ws and brand_id = :brand and left_at is null and tier_code in (:codes)
                    """, Map.of("brand", rule.brandId(), "codes", rule.codes()));
        }

        @Override
        public BitSet points(SegmentRule.Points rule) {
            Map<Integer, Long> balances = new HashMap<>();
            jdbc.sql("select customer_no, balance from points_account where workspace_id = :ws and brand_id = :brand")
                    .param("ws", ws)
                    .param("brand", rule.brandId())
                    .query(rs -> {
                        balances.put(rs.getInt(1), rs.getLong(2));
                    });
            BitSet result = new BitSet();
            for (int c = active.nextSetBit(0); c >= 0; c = active.nextSetBit(c + 1)) {
                if (rule.balance().contains(balances.getOrDefault(c, 0L))) {
                    result.set(c);
                }
            }
            return result;
        }

        @Override
        public BitSet tagged(SegmentRule.Tagged rule) {
            String sql = """
                    select ct.customer_no from customer_tag ct
                      join tag t on t.workspace_id = ct.workspace_id and t.id = ct.tag_id
                     where ct.workspace_id = :ws and t.name = :name
                    """;
            if (rule.value() == null) {
                return numbers(sql, Map.of("name", rule.name()));
            }
            return numbers(sql + " and ct.tag_value = :value", Map.of("name", rule.name(), "value", rule.value()));
        }

        @Override
        public BitSet consent(SegmentRule.Consent rule) {
            return numbers("""
                    select customer_no from customer_consent
                     where workspace_id = :ws and channel = :channel and granted = :granted
                    """, Map.of("channel", rule.channel().id(), "granted", rule.granted()));
        }

        private static final class Aggregate {
            long count;
            long fen;
            final Set<LocalDate> days = new HashSet<>();
        }

        @Override
        public BitSet event(SegmentRule.Event rule) {
            StringBuilder sql = new StringBuilder("""
                    select e.customer_no, e.brand_id, e.occurred_at, coalesce(o.paid_fen, r.amount_fen)
                      from event_log e
                      left join customer_order o on o.workspace_id = e.workspace_id and o.message_id = e.message_id
                      left join order_refund r on r.workspace_id = e.workspace_id and r.message_id = e.message_id
                     where e.workspace_id = :ws and e.msg_type = 'track' and e.event_name = :name
                       and e.customer_no is not null
                       and e.occurred_at > :from and e.occurred_at <= :now
                    """);
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("name", rule.name());
            params.put("from", SqlTime.param(now.minus(Duration.ofDays(rule.days()))));
            params.put("now", SqlTime.param(now));
            if (rule.brandId() != null) {
                sql.append(" and e.brand_id = :brand");
                params.put("brand", rule.brandId());
            }
            if (rule.channel() != null) {
                sql.append(" and e.channel = :channel");
                params.put("channel", rule.channel());
            }
            if (rule.field() != null) {
                sql.append(" and e.field = :field");
                params.put("field", rule.field());
            }
            Map<Integer, Aggregate> aggregates = new HashMap<>();
            jdbc.sql(sql.toString()).param("ws", ws).params(params).query(rs -> {
                Aggregate a = aggregates.computeIfAbsent(rs.getInt(1), c -> new Aggregate());
                a.count++;
                a.fen += rs.getLong(4);
                a.days.add(SqlTime.read(rs, "occurred_at")
                        .atZone(zone(rs.getLong(2)))
                        .toLocalDate());
            });
            Aggregate none = new Aggregate();
            BitSet result = new BitSet();
            for (int c = active.nextSetBit(0); c >= 0; c = active.nextSetBit(c + 1)) {
                Aggregate a = aggregates.getOrDefault(c, none);
                if ((rule.count() == null || rule.count().contains(a.count))
                        && (rule.sum() == null || rule.sum().contains(BigDecimal.valueOf(a.fen, 2)))
                        && (rule.distinctDays() == null || rule.distinctDays().contains(a.days.size()))) {
                    result.set(c);
                }
            }
            return result;
        }

        private ZoneId zone(long brandId) {
            if (zones == null) {
                zones = new HashMap<>();
                jdbc.sql("select id, time_zone from brand where workspace_id = :ws")
                        .param("ws", ws)
                        .query(rs -> {
                            zones.put(rs.getLong(1), ZoneId.of(rs.getString(2)));
                        });
            }
            return zones.getOrDefault(brandId, ZoneId.of(Brands.DEFAULT_TIME_ZONE));
        }

        @Override
        public BitSet inSegment(SegmentRule.InSegment rule) {
            long id = rule.segmentId();
            BitSet known = segments.get(id);
            if (known != null) {
                return (BitSet) known.clone();
            }
            if (!evaluating.add(id)) {
                throw ReservoirException.conflict("rule", "segment " + id + " refers to itself through other segments");
            }
            SegmentRule stored = jdbc.sql("select rule from segment where workspace_id = :ws and id = :id")
                    .param("ws", ws)
                    .param("id", id)
                    .query(String.class)
                    .optional()
                    .map(StoredRule::read)
                    .orElseThrow(() -> ReservoirException.notFound("segment", id));
            BitSet result = stored.accept(this);
            evaluating.remove(id);
            segments.put(id, result);
            return (BitSet) result.clone();
        }

        /** The numbers {@code sql} selects (it binds {@code :ws} and {@code params}), active ones only. */
        private BitSet numbers(String sql, Map<String, ?> params) {
            BitSet result = new BitSet();
            jdbc.sql(sql).param("ws", ws).params(params).query(rs -> {
                result.set(rs.getInt(1));
            });
            return activeOnly(result);
        }

        private BitSet activeOnly(BitSet result) {
            result.and(active);
            return result;
        }
    }
}
