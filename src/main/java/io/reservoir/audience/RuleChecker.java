package io.reservoir.audience;

import io.reservoir.loyalty.LoyaltyProgram;
import io.reservoir.loyalty.LoyaltyPrograms;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Checks a rule's references against a workspace: brands of this workspace (another workspace's
 * brand is unknown here), tiers of the brand's program, tags and saved segments of this workspace,
 * and no saved segment that leads back, through the segments it refers to, to the one being saved.
 * Errors name the JSON path of the reference, as {@link RuleReader} does, and every wrong
 * reference of a rule is named in one refusal.
 */
@Component
class RuleChecker {

    private final JdbcClient jdbc;
    private final Brands brands;
    private final LoyaltyPrograms programs;

    RuleChecker(JdbcClient jdbc, Brands brands, LoyaltyPrograms programs) {
        this.jdbc = jdbc;
        this.brands = brands;
        this.programs = programs;
    }

    /**
     * @param segmentId the saved segment this rule is for, or null for a new segment or a rule
     *     that is not a segment's
     */
    void check(long workspaceId, SegmentRule rule, String path, Long segmentId) {
        new Walk(workspaceId, segmentId, path).visit(rule, path);
    }

    /** The saved segments a rule refers to directly. */
    static Set<Long> references(SegmentRule rule) {
        return rule.conditions()
                .filter(SegmentRule.InSegment.class::isInstance)
                .map(c -> ((SegmentRule.InSegment) c).segmentId())
                .collect(Collectors.toSet());
    }

    Optional<SegmentRule> storedRule(long workspaceId, long segmentId) {
        return jdbc.sql("select rule from segment where workspace_id = :ws and id = :id")
                .param("ws", workspaceId)
                .param("id", segmentId)
                .query(String.class)
                .optional()
                .map(StoredRule::read);
    }

    private final class Walk implements SegmentRule.Visitor<Void> {

        private final long workspaceId;
        private final Long segmentId;
        private final Set<Long> brandIds;
        private final Map<Long, Optional<LoyaltyProgram>> programsByBrand = new HashMap<>();
        private String path;

        Walk(long workspaceId, Long segmentId, String path) {
            this.workspaceId = workspaceId;
            this.segmentId = segmentId;
            this.path = path;
            this.brandIds = brands.list(Caller.system(workspaceId)).stream()
                    .map(Brand::id)
                    .collect(Collectors.toSet());
        }

        void visit(SegmentRule rule, String at) {
            String before = path;
            path = at;
            try {
                rule.accept(this);
            } finally {
                path = before;
            }
        }

        @Override
        public Void all(SegmentRule.All rule) {
            each(rule.rules(), path + ".all");
            return null;
        }

        @Override
        public Void any(SegmentRule.Any rule) {
            each(rule.rules(), path + ".any");
            return null;
        }

        /** Checks every rule of a list, so that one refusal names every wrong reference. */
        private void each(List<SegmentRule> rules, String at) {
            List<ReservoirException> problems = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                try {
                    visit(rules.get(i), at + "[" + i + "]");
                } catch (ReservoirException e) {
                    problems.add(e);
                }
            }
            if (!problems.isEmpty()) {
                throw ReservoirException.invalid(problems);
            }
        }

        @Override
        public Void not(SegmentRule.Not rule) {
            visit(rule.rule(), path + ".not");
            return null;
        }

        @Override
        public Void attribute(SegmentRule.Attribute rule) {
            return null;
        }

        @Override
        public Void identity(SegmentRule.Identity rule) {
            return null;
        }

        @Override
        public Void relation(SegmentRule.Relation rule) {
            brand(rule.brandId(), path + ".relation.brand");
            return null;
        }

        @Override
        public Void member(SegmentRule.Member rule) {
            brand(rule.brandId(), path + ".member.brand");
            return null;
        }

        @Override
        public Void tier(SegmentRule.Tier rule) {
            String brandPath = path + ".tier.brand";
            brand(rule.brandId(), brandPath);
            LoyaltyProgram program = programsByBrand
                    .computeIfAbsent(rule.brandId(), b -> programs.find(workspaceId, b))
                    .orElseThrow(() -> ReservoirException.invalid(
                            brandPath, "brand " + rule.brandId() + " has no loyalty program"));
            List<String> codes = program.tiers().levels().stream()
                    .map(LoyaltyProgram.Tier::code)
                    .toList();
            for (int i = 0; i < rule.codes().size(); i++) {
                String code = rule.codes().get(i);
                if (!codes.contains(code)) {
                    throw ReservoirException.invalid(
                            path + ".tier.in[" + i + "]",
                            "'" + code + "' is not a tier of brand " + rule.brandId()
                                    + (codes.isEmpty()
                                            ? ", whose program has no tiers"
                                            : "; one of " + String.join(", ", codes)));
                }
            }
            return null;
        }

        @Override
        public Void points(SegmentRule.Points rule) {
            brand(rule.brandId(), path + ".points.brand");
            return null;
        }

        @Override
        public Void tagged(SegmentRule.Tagged rule) {
            boolean known = jdbc.sql("select count(*) from tag where workspace_id = :ws and name = :name")
                            .param("ws", workspaceId)
                            .param("name", rule.name())
                            .query(Long.class)
                            .single()
                    > 0;
            if (!known) {
                throw ReservoirException.invalid(path + ".tag", "there is no tag named '" + rule.name() + "'");
            }
            return null;
        }

        @Override
        public Void consent(SegmentRule.Consent rule) {
            return null;
        }

        @Override
        public Void event(SegmentRule.Event rule) {
            if (rule.brandId() != null) {
                brand(rule.brandId(), path + ".brand");
            }
            return null;
        }

        @Override
        public Void inSegment(SegmentRule.InSegment rule) {
            String at = path + ".segment";
            long target = rule.segmentId();
            if (segmentId != null && target == segmentId) {
                throw ReservoirException.invalid(at, "a segment cannot contain itself");
            }
            SegmentRule stored = storedRule(workspaceId, target)
                    .orElseThrow(() -> ReservoirException.invalid(at, "there is no segment " + target));
            if (segmentId != null) {
                List<Long> loop = pathBack(target, stored);
                if (loop != null) {
                    throw ReservoirException.invalid(
                            at,
                            "segment " + target + " refers back to this segment ("
                                    + segmentId + " → "
                                    + loop.stream().map(String::valueOf).collect(Collectors.joining(" → ")) + ")");
                }
            }
            return null;
        }

        /** The chain of references from {@code start} back to the segment being saved, if there is one. */
        private List<Long> pathBack(long start, SegmentRule startRule) {
            Map<Long, Long> cameFrom = new HashMap<>();
            Deque<Long> queue = new ArrayDeque<>(List.of(start));
            Map<Long, SegmentRule> rules = new HashMap<>(Map.of(start, startRule));
            Set<Long> seen = new HashSet<>(Set.of(start));
            while (!queue.isEmpty()) {
                long current = queue.poll();
                SegmentRule rule = rules.containsKey(current)
                        ? rules.get(current)
                        : storedRule(workspaceId, current).orElse(null);
                if (rule == null) {
                    continue;
                }
                for (long next : references(rule)) {
                    if (next == segmentId) {
                        List<Long> chain = new ArrayList<>(List.of(next, current));
                        for (Long back = cameFrom.get(current); back != null; back = cameFrom.get(back)) {
                            chain.add(back);
                        }
                        Collections.reverse(chain);
                        return chain;
                    }
                    if (seen.add(next)) {
                        cameFrom.put(next, current);
                        queue.add(next);
                    }
                }
            }
            return null;
        }

        private void brand(long brandId, String at) {
            if (!brandIds.contains(brandId)) {
                throw ReservoirException.invalid(at, "there is no brand " + brandId + " in this workspace");
            }
        }
    }
}
