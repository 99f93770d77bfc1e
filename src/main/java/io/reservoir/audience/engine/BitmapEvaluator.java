package io.reservoir.audience.engine;

import io.reservoir.audience.SegmentRule;
import io.reservoir.audience.SegmentRule.Attribute;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Answers a segment rule from a {@link WorkspaceIndex}: AND, OR and NOT are bitmap algebra; each
 * condition is evaluated only within the customers still in question (an AND narrows them with
 * its cheap conditions before the event aggregates walk customer by customer). What the index
 * does not hold — an event name not indexed, a window reaching behind the horizon, an attribute
 * with too many values — is answered by {@code fallback} (SQL) and joins the algebra. The
 * meaning of every condition is the reference evaluator's ({@code SegmentSql}).
 */
final class BitmapEvaluator implements SegmentRule.Visitor<RoaringBitmap> {

    private final WorkspaceIndex index;
    private final long nowMicros;
    private final Instant now;
    private final Map<String, Long> tagIds;
    private final LongFunction<SegmentRule> segments;
    private final Function<SegmentRule, RoaringBitmap> fallback;
    private final Map<Long, RoaringBitmap> segmentResults = new HashMap<>();
    private final Set<Long> evaluating = new HashSet<>();
    private final EventColumns.Days days = new EventColumns.Days();
    /** The customers still in question: every result is within it. */
    private RoaringBitmap within;

    BitmapEvaluator(
            WorkspaceIndex index,
            Instant now,
            Map<String, Long> tagIds,
            LongFunction<SegmentRule> segments,
            Function<SegmentRule, RoaringBitmap> fallback) {
        this.index = index;
        this.now = now;
        this.nowMicros = Micros.of(now);
        this.tagIds = tagIds;
        this.segments = segments;
        this.fallback = fallback;
        this.within = index.active;
    }

    RoaringBitmap evaluate(SegmentRule rule) {
        return rule.accept(this);
    }

    private RoaringBitmap within(SegmentRule rule, RoaringBitmap candidates) {
        RoaringBitmap saved = within;
        within = candidates;
        try {
            return rule.accept(this);
        } finally {
            within = saved;
        }
    }

    @Override
    public RoaringBitmap all(SegmentRule.All rule) {
        List<SegmentRule> ordered = new ArrayList<>(rule.rules());
        ordered.sort(Comparator.comparingInt(BitmapEvaluator::cost));
        RoaringBitmap result = within;
        for (SegmentRule r : ordered) {
            result = within(r, result);
            if (result.isEmpty()) {
                break;
            }
        }
        return result == within ? within.clone() : result;
    }

    @Override
    public RoaringBitmap any(SegmentRule.Any rule) {
        RoaringBitmap result = new RoaringBitmap();
        RoaringBitmap left = within;
        for (SegmentRule r : rule.rules()) {
            result.or(within(r, left));
            left = RoaringBitmap.andNot(within, result);
            if (left.isEmpty()) {
                break;
            }
        }
        return result;
    }

    @Override
    public RoaringBitmap not(SegmentRule.Not rule) {
        return RoaringBitmap.andNot(within, rule.rule().accept(this));
    }

    @Override
    public RoaringBitmap attribute(Attribute rule) {
        if (index.unindexedAttributes.contains(rule.name())) {
            return fallback(rule);
        }
        Dimension dimension = index.attributes.get(rule.name());
        if (dimension == null) {
            return new RoaringBitmap();
        }
        String operand = rule.values().isEmpty() ? null : rule.values().get(0);
        RoaringBitmap hits = switch (rule.op()) {
            case EQ -> dimension.holding(operand);
            case NE -> RoaringBitmap.andNot(dimension.any(), dimension.holding(operand));
            case IN -> dimension.matching(rule.values()::contains);
            case CONTAINS -> dimension.matching(v -> v.contains(operand));
            case EXISTS -> dimension.any();
            case GT, GTE, LT, LTE, BETWEEN -> {
                List<BigDecimal> bounds = rule.numbers();
                yield dimension.matchingNumber(n -> switch (rule.op()) {
                    case GT -> n.compareTo(bounds.get(0)) > 0;
                    case GTE -> n.compareTo(bounds.get(0)) >= 0;
                    case LT -> n.compareTo(bounds.get(0)) < 0;
                    case LTE -> n.compareTo(bounds.get(0)) <= 0;
                    default -> n.compareTo(bounds.get(0)) >= 0 && n.compareTo(bounds.get(1)) <= 0;
                });
            }
        };
        return RoaringBitmap.and(within, hits);
    }

    @Override
    public RoaringBitmap identity(SegmentRule.Identity rule) {
        return and(index.identities.get(rule.type().id()));
    }

    @Override
    public RoaringBitmap relation(SegmentRule.Relation rule) {
        Map<String, RoaringBitmap> byField = index.relations.getOrDefault(rule.brandId(), Map.of());
        if (rule.field() != null) {
            return and(byField.get(rule.field()));
        }
        RoaringBitmap any = new RoaringBitmap();
        byField.values().forEach(any::or);
        return RoaringBitmap.and(within, any);
    }

    @Override
    public RoaringBitmap member(SegmentRule.Member rule) {
        return and(index.members.get(rule.brandId()));
    }

    @Override
    public RoaringBitmap tier(SegmentRule.Tier rule) {
        Dimension tiers = index.tiers.get(rule.brandId());
        if (tiers == null) {
            return new RoaringBitmap();
        }
        RoaringBitmap held = tiers.matching(rule.codes()::contains);
        held.and(index.members.getOrDefault(rule.brandId(), new RoaringBitmap()));
        return RoaringBitmap.and(within, held);
    }

    @Override
    public RoaringBitmap points(SegmentRule.Points rule) {
        long[] balances = index.points.getOrDefault(rule.brandId(), new long[0]);
        RoaringBitmap result = new RoaringBitmap();
        for (IntIterator it = within.getIntIterator(); it.hasNext(); ) {
            int no = it.next();
            if (rule.balance().contains(no < balances.length ? balances[no] : 0)) {
                result.add(no);
            }
        }
        return result;
    }

    @Override
    public RoaringBitmap tagged(SegmentRule.Tagged rule) {
        Long id = tagIds.get(rule.name());
        Dimension tag = id == null ? null : index.tags.get(id);
        if (tag == null) {
            return new RoaringBitmap();
        }
        return and(rule.value() == null ? tag.any() : tag.holding(rule.value()));
    }

    @Override
    public RoaringBitmap consent(SegmentRule.Consent rule) {
        Dimension consent = index.consent.get(rule.channel().id());
        return consent == null ? new RoaringBitmap() : and(consent.holding(rule.granted() ? "granted" : "withdrawn"));
    }

    @Override
    public RoaringBitmap event(SegmentRule.Event rule) {
        long from = Micros.of(now.minus(Duration.ofDays(rule.days())));
        EventColumns columns = index.events.get(rule.name());
        if (from < index.eventHorizon || columns == null && !indexedName(rule.name())) {
            return fallback(rule);
        }
        boolean zeroMatches = (rule.count() == null || rule.count().contains(0))
                && (rule.sum() == null || rule.sum().contains(BigDecimal.ZERO))
                && (rule.distinctDays() == null || rule.distinctDays().contains(0));
        RoaringBitmap result = new RoaringBitmap();
        if (columns == null) {
            return zeroMatches ? within.clone() : result;
        }
        int channel = rule.channel() == null ? EventColumns.ANY : index.channels.find(rule.channel());
        int field = rule.field() == null ? EventColumns.ANY : index.fields.find(rule.field());
        long brand = rule.brandId() == null ? -1 : rule.brandId();
        // Customers without any such event have count, sum and days 0: they match only if 0 does.
        RoaringBitmap candidates = RoaringBitmap.and(within, columns.customers());
        for (IntIterator it = candidates.getIntIterator(); it.hasNext(); ) {
            int no = it.next();
            EventColumns.Aggregate a = columns.aggregate(
                    no, from, nowMicros, brand, channel, field, rule.distinctDays() == null ? null : days);
            if ((rule.count() == null || rule.count().contains(a.count()))
                    && (rule.sum() == null || rule.sum().contains(BigDecimal.valueOf(a.amountFen(), 2)))
                    && (rule.distinctDays() == null || rule.distinctDays().contains(a.distinctDays()))) {
                result.add(no);
            }
        }
        if (zeroMatches) {
            result.or(RoaringBitmap.andNot(within, columns.customers()));
        }
        return result;
    }

    @Override
    public RoaringBitmap inSegment(SegmentRule.InSegment rule) {
        long id = rule.segmentId();
        RoaringBitmap known = segmentResults.get(id);
        if (known == null) {
            if (!evaluating.add(id)) {
                throw io.reservoir.platform.errors.ReservoirException.conflict(
                        "rule", "segment " + id + " refers to itself through other segments");
            }
            RoaringBitmap saved = within;
            within = index.active;
            try {
                known = segments.apply(id).accept(this);
            } finally {
                within = saved;
                evaluating.remove(id);
            }
            segmentResults.put(id, known);
        }
        return RoaringBitmap.and(within, known);
    }

    private RoaringBitmap and(RoaringBitmap held) {
        return held == null ? new RoaringBitmap() : RoaringBitmap.and(within, held);
    }

    private RoaringBitmap fallback(SegmentRule rule) {
        return RoaringBitmap.and(within, fallback.apply(rule));
    }

    private boolean indexedName(String name) {
        return index.indexedEvents.contains(name);
    }

    /** Cheap conditions first, so that an AND narrows before the costly ones walk customers. */
    private static int cost(SegmentRule rule) {
        return rule.accept(new Cost());
    }

    private static final class Cost implements SegmentRule.Visitor<Integer> {
        @Override
        public Integer all(SegmentRule.All rule) {
            return rule.rules().stream().mapToInt(r -> r.accept(this)).max().orElse(0);
        }

        @Override
        public Integer any(SegmentRule.Any rule) {
            return rule.rules().stream().mapToInt(r -> r.accept(this)).max().orElse(0);
        }

        @Override
        public Integer not(SegmentRule.Not rule) {
            return rule.rule().accept(this);
        }

        @Override
        public Integer attribute(Attribute rule) {
            return rule.op().numeric() || rule.op() == Attribute.Op.CONTAINS ? 2 : 1;
        }

        @Override
        public Integer identity(SegmentRule.Identity rule) {
            return 1;
        }

        @Override
        public Integer relation(SegmentRule.Relation rule) {
            return 1;
        }

        @Override
        public Integer member(SegmentRule.Member rule) {
            return 1;
        }

        @Override
        public Integer tier(SegmentRule.Tier rule) {
            return 1;
        }

        @Override
        public Integer points(SegmentRule.Points rule) {
            return 3;
        }

        @Override
        public Integer tagged(SegmentRule.Tagged rule) {
            return 1;
        }

        @Override
        public Integer consent(SegmentRule.Consent rule) {
            return 1;
        }

        @Override
        public Integer event(SegmentRule.Event rule) {
            return 4;
        }

        @Override
        public Integer inSegment(SegmentRule.InSegment rule) {
            return 3;
        }
    }
}
