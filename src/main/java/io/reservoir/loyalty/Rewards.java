package io.reservoir.loyalty;

import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The redemption catalog. Redeeming is atomic: the points spent through the ledger (which refuses
 * an overdraw), the stock taken and the redemption recorded in one transaction, or none of it.
 *
 * <p>Locks: a redemption locks the member's points account (as every ledger call does) and checks
 * the key and the member's limit under it; it takes the stock last, with a conditional
 * {@code update … where stock >= quantity} that refuses when too little is left. The item's row is
 * thus locked only from that update to the commit, and redemptions of different members run side
 * by side until then. The request key makes a retried redemption return the first one.
 */
@Service
public class Rewards {

    public static final Set<String> KINDS = Set.of("gift", "coupon", "ticket", "benefit");
    static final int MAX_QUANTITY = 100;
    static final int MAX_STOCK_CHANGE = 10_000_000;

    private final JdbcClient jdbc;
    private final PointsLedger ledger;
    private final LoyaltyPrograms programs;
    private final Memberships memberships;
    private final AuditLog audit;
    private final Clock clock;

    Rewards(
            JdbcClient jdbc,
            PointsLedger ledger,
            LoyaltyPrograms programs,
            Memberships memberships,
            AuditLog audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.programs = programs;
        this.memberships = memberships;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * What an edit of an item sets: every field is given, a null stock or limit meaning unlimited
     * and a null validity bound meaning open. A limited stock set to another limited one changes
     * by the difference from what the edit found, as a restock does.
     *
     * @param pointsPrice null only when it was left out, which is refused
     */
    public record Change(
            String name,
            Long pointsPrice,
            Integer stock,
            Integer perMemberLimit,
            Instant validFrom,
            Instant validUntil) {}

    /**
     * Everything wrong with {@code item} as a catalog entry of the caller's workspace, each problem
     * at its field; empty when it may be saved. Lets a form show all its mistakes at once.
     */
    @Transactional(readOnly = true)
    public List<ReservoirException> problems(Caller caller, RewardItem item) {
        List<ReservoirException> problems = new ArrayList<>();
        if (item.name() == null || item.name().isBlank() || item.name().strip().length() > 200) {
            problems.add(ReservoirException.invalid("name", "must be 1 to 200 characters"));
        }
        if (item.kind() == null || !KINDS.contains(item.kind())) {
            problems.add(ReservoirException.invalid("kind", "must be one of " + KINDS));
        }
        if (item.pointsPrice() < 1 || item.pointsPrice() > PointsLedger.MAX_POINTS) {
            problems.add(ReservoirException.invalid("pointsPrice", "must be between 1 and " + PointsLedger.MAX_POINTS));
        }
        if (item.stock() != null && item.stock() < 0) {
            problems.add(ReservoirException.invalid("stock", "must be 0 or more (leave it out for unlimited)"));
        }
        if (item.perMemberLimit() != null && item.perMemberLimit() < 1) {
            problems.add(ReservoirException.invalid("perMemberLimit", "must be 1 or more (leave it out for no limit)"));
        }
        if (item.validFrom() != null
                && item.validUntil() != null
                && !item.validFrom().isBefore(item.validUntil())) {
            problems.add(ReservoirException.invalid("validUntil", "must be after validFrom"));
        }
        if (item.minTier() != null
                && programs.find(caller.workspaceId(), item.brandId())
                        .filter(p -> p.tiers().rank(item.minTier()) >= 0)
                        .isEmpty()) {
            problems.add(ReservoirException.invalid(
                    "minTier", "'" + item.minTier() + "' is not a tier of the brand's program"));
        }
        return problems;
    }

    /** Adds an item to a brand's catalog (operators); audited. */
    @Transactional
    public RewardItem create(Caller caller, RewardItem item) {
        caller.require(Role.OPERATOR);
        List<ReservoirException> problems = problems(caller, item);
        if (!problems.isEmpty()) {
            throw ReservoirException.invalid(problems);
        }
        GeneratedKeyHolder id = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into reward_item (workspace_id, brand_id, name, kind, points_price, stock, per_member_limit,
                                                 valid_from, valid_until, min_tier, created_at)
                        values (:ws, :brand, :name, :kind, :price, :stock, :limit, :from, :until, :tier, :at)
                        """)
                .param("ws", caller.workspaceId())
                .param("brand", item.brandId())
                .param("name", item.name().strip())
                .param("kind", item.kind())
                .param("price", item.pointsPrice())
                .param("stock", item.stock())
                .param("limit", item.perMemberLimit())
                .param("from", SqlTime.param(item.validFrom()))
                .param("until", SqlTime.param(item.validUntil()))
                .param("tier", item.minTier())
                .param("at", SqlTime.param(SqlTime.now(clock)))
                .update(id, "id");
        RewardItem created = item(caller.workspaceId(), id.getKey().longValue()).orElseThrow();
        audit.record(caller, "reward.created", "reward_item", created.id(), Map.of("name", created.name()));
        return created;
    }

    /**
     * Sets an item's name, price, stock, per-member limit and validity; its kind, tier and
     * redemptions stay. Every problem is refused at once, each at its field. Operators; audited
     * with what changed.
     *
     * @throws ReservoirException not_found; invalid listing every wrong field
     */
    @Transactional
    public RewardItem update(Caller caller, long itemId, Change change) {
        caller.require(Role.OPERATOR);
        RewardItem before = item(caller.workspaceId(), itemId)
                .orElseThrow(() -> ReservoirException.notFound("reward item", itemId));
        List<ReservoirException> problems = new ArrayList<>();
        if (change.pointsPrice() == null) {
            problems.add(ReservoirException.invalid("pointsPrice", "is required"));
        }
        RewardItem after = new RewardItem(
                itemId,
                before.brandId(),
                change.name() == null ? null : change.name().strip(),
                before.kind(),
                change.pointsPrice() == null ? 1 : change.pointsPrice(),
                change.stock(),
                change.perMemberLimit(),
                change.validFrom(),
                change.validUntil(),
                before.minTier(),
                before.disabled());
        // the tier is not edited here: a tier the program has since lost does not block the edit
        problems(caller, after).stream()
                .filter(p -> !"minTier".equals(p.field()))
                .forEach(problems::add);
        if (!problems.isEmpty()) {
            throw ReservoirException.invalid(problems);
        }
        // A limited stock changes by the difference, as a restock does, so that redemptions made
        // meanwhile are not undone; from or to unlimited it is set.
        boolean relative = before.stock() != null && after.stock() != null;
        String stock = relative ? "stock = stock + :delta" : "stock = :stock";
        String enough = relative ? " and stock + :delta >= 0" : "";
        int changed = jdbc.sql("update reward_item set name = :name, points_price = :price, " + stock
                        + ", per_member_limit = :limit, valid_from = :from, valid_until = :until"
                        + " where workspace_id = :ws and id = :id" + enough)
                .param("name", after.name())
                .param("price", after.pointsPrice())
                .param("delta", relative ? after.stock() - before.stock() : 0)
                .param("stock", after.stock())
                .param("limit", after.perMemberLimit())
                .param("from", SqlTime.param(after.validFrom()))
                .param("until", SqlTime.param(after.validUntil()))
                .param("ws", caller.workspaceId())
                .param("id", itemId)
                .update();
        if (changed == 0) {
            throw ReservoirException.invalid(
                    "stock",
                    "was redeemed meanwhile: fewer than " + (before.stock() - after.stock()) + " left to take back");
        }
        // the name as it is now, for the log's sentence; then each field that changed
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("name", after.name());
        changed(changes, "previousName", before.name(), after.name());
        changed(changes, "pointsPrice", before.pointsPrice(), after.pointsPrice());
        changed(changes, "stock", before.stock(), after.stock());
        changed(changes, "perMemberLimit", before.perMemberLimit(), after.perMemberLimit());
        changed(changes, "validFrom", before.validFrom(), after.validFrom());
        changed(changes, "validUntil", before.validUntil(), after.validUntil());
        audit.record(caller, "reward.updated", "reward_item", itemId, changes);
        return item(caller.workspaceId(), itemId).orElseThrow();
    }

    /**
     * Disables an item (no longer redeemable nor offered to members; its redemptions and reports
     * stay) or enables it again. Setting what already holds changes nothing. Operators; audited.
     */
    @Transactional
    public RewardItem setDisabled(Caller caller, long itemId, boolean disabled) {
        caller.require(Role.OPERATOR);
        RewardItem item = item(caller.workspaceId(), itemId)
                .orElseThrow(() -> ReservoirException.notFound("reward item", itemId));
        if (item.disabled() == disabled) {
            return item;
        }
        jdbc.sql("update reward_item set disabled = :disabled where workspace_id = :ws and id = :id")
                .param("disabled", disabled)
                .param("ws", caller.workspaceId())
                .param("id", itemId)
                .update();
        audit.record(
                caller,
                disabled ? "reward.disabled" : "reward.enabled",
                "reward_item",
                itemId,
                Map.of("name", item.name()));
        return item(caller.workspaceId(), itemId).orElseThrow();
    }

    private static void changed(Map<String, Object> changes, String field, Object from, Object to) {
        if (!Objects.equals(from, to)) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("from", from == null ? null : from.toString());
            change.put("to", to == null ? null : to.toString());
            changes.put(field, change);
        }
    }

    /**
     * Adds {@code added} to an item's stock (negative takes stock back, never below 0), relative so
     * that redemptions running at the same moment are not overwritten. Operators; audited.
     */
    @Transactional
    public RewardItem addStock(Caller caller, long itemId, int added) {
        caller.require(Role.OPERATOR);
        RewardItem item = item(caller.workspaceId(), itemId)
                .orElseThrow(() -> ReservoirException.notFound("reward item", itemId));
        if (item.stock() == null) {
            throw ReservoirException.invalid("add", item.name() + " has unlimited stock");
        }
        if (added == 0 || Math.abs((long) added) > MAX_STOCK_CHANGE) {
            throw ReservoirException.invalid(
                    "add", "must be between -" + MAX_STOCK_CHANGE + " and " + MAX_STOCK_CHANGE + ", and not 0");
        }
        int changed = jdbc.sql("""
                        update reward_item set stock = stock + :added
                         where workspace_id = :ws and id = :id and stock + :added >= 0
                        """)
                .param("added", added)
                .param("ws", caller.workspaceId())
                .param("id", itemId)
                .update();
        if (changed == 0) {
            throw ReservoirException.invalid("add", item.name() + " has fewer than " + -added + " left to take back");
        }
        audit.record(caller, "reward.stock_changed", "reward_item", itemId, Map.of("added", added));
        return item(caller.workspaceId(), itemId).orElseThrow();
    }

    /** How many of each of a brand's items have been redeemed, by item id. */
    @Transactional(readOnly = true)
    public Map<Long, Long> redeemed(long workspaceId, long brandId) {
        Map<Long, Long> counts = new HashMap<>();
        jdbc.sql("""
                        select item_id, sum(quantity) from redemption
                         where workspace_id = :ws and brand_id = :brand group by item_id
                        """)
                .param("ws", workspaceId)
                .param("brand", brandId)
                .query((rs, row) -> Map.entry(rs.getLong(1), rs.getLong(2)))
                .list()
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    @Transactional(readOnly = true)
    public List<RewardItem> catalog(long workspaceId, long brandId) {
        return jdbc.sql("select * from reward_item where workspace_id = :ws and brand_id = :brand order by id")
                .param("ws", workspaceId)
                .param("brand", brandId)
                .query((rs, row) -> item(rs))
                .list();
    }

    /**
     * Redeems {@code quantity} of item {@code itemId} for member {@code customerNo}: the points
     * spent, the stock taken and the redemption recorded, or none of it. A retry with the same key
     * (and item, member, quantity) answers the first redemption, also when it arrives while the
     * first is still running.
     *
     * @throws ReservoirException not_found for an unknown item; invalid for an item outside its
     *     validity, above the member's tier, out of stock, over the member's limit, or more points
     *     than the balance; conflict for a key used for another redemption
     */
    @Transactional
    public Redemption redeem(long workspaceId, long itemId, int customerNo, int quantity, String key) {
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw ReservoirException.invalid("quantity", "must be between 1 and " + MAX_QUANTITY);
        }
        if (key == null || key.isBlank() || key.length() > 280) {
            throw ReservoirException.invalid("key", "must be 1 to 280 characters naming the request");
        }
        RewardItem item =
                item(workspaceId, itemId).orElseThrow(() -> ReservoirException.notFound("reward item", itemId));
        Optional<Redemption> earlier = earlier(workspaceId, key, itemId, customerNo, quantity);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        if (item.disabled()) {
            throw ReservoirException.invalid("item", item.name() + " is disabled and cannot be redeemed");
        }
        Instant now = SqlTime.now(clock);
        if ((item.validFrom() != null && now.isBefore(item.validFrom()))
                || (item.validUntil() != null && !now.isBefore(item.validUntil()))) {
            throw ReservoirException.invalid("item", item.name() + " cannot be redeemed now (outside its validity)");
        }
        if (item.minTier() != null) {
            requireTier(workspaceId, item, customerNo);
        }
        if (item.stock() != null && item.stock() < quantity) {
            throw outOfStock(item, item.stock());
        }
        // The member's redemptions run one after another from here: a retry that came in at the
        // same moment finds the first one, and the limit counts what the member has.
        ledger.lock(workspaceId, item.brandId(), customerNo);
        earlier = earlier(workspaceId, key, itemId, customerNo, quantity);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        if (item.perMemberLimit() != null) {
            long had = jdbc.sql("""
                            select coalesce(sum(quantity), 0) from redemption
                             where workspace_id = :ws and item_id = :item and customer_no = :no
                            """)
                    .param("ws", workspaceId)
                    .param("item", itemId)
                    .param("no", customerNo)
                    .query(Long.class)
                    .single();
            if (had + quantity > item.perMemberLimit()) {
                throw ReservoirException.invalid(
                        "quantity", "at most " + item.perMemberLimit() + " per member; this member has " + had);
            }
        }
        long points = Math.multiplyExact(item.pointsPrice(), quantity);
        int made = jdbc.sql("""
                        insert into redemption (workspace_id, item_id, brand_id, customer_no, quantity, points,
                                                idempotency_key, redeemed_at)
                        values (:ws, :item, :brand, :no, :q, :points, :key, :at)
                        on conflict do nothing
                        """)
                .param("ws", workspaceId)
                .param("item", itemId)
                .param("brand", item.brandId())
                .param("no", customerNo)
                .param("q", quantity)
                .param("points", points)
                .param("key", key)
                .param("at", SqlTime.param(now))
                .update();
        if (made == 0) {
            // Free under the member's lock, taken now: another member's request holds the key,
            // or (H2) this member's previous request with it committed a moment ago and is not
            // yet visible to this transaction's reads. Nothing is written yet: look again.
            return settled(workspaceId, key, itemId, customerNo, quantity);
        }
        PointsChange spent = ledger.spend(
                workspaceId, item.brandId(), customerNo, points, "redeem:" + key, "redeemed " + item.name());
        if (spent.replay()) {
            // a ledger call outside the catalog used this redemption's key: it must not pay for it
            throw ReservoirException.conflict("key", "was already used for a change of points: " + key);
        }
        // Last, so the item's row is locked only from here to the commit: redemptions of other
        // members wait for each other no longer than that.
        if (item.stock() != null) {
            int taken = jdbc.sql("""
                            update reward_item set stock = stock - :q
                             where workspace_id = :ws and id = :id and stock >= :q
                            """)
                    .param("q", quantity)
                    .param("ws", workspaceId)
                    .param("id", itemId)
                    .update();
            if (taken == 0) {
                throw outOfStock(
                        item, item(workspaceId, itemId).map(RewardItem::stock).orElse(0));
            }
        }
        Redemption redemption = redemption(workspaceId, key).orElseThrow();
        return new Redemption(
                redemption.id(),
                redemption.itemId(),
                redemption.customerNo(),
                redemption.quantity(),
                redemption.points(),
                redemption.key(),
                redemption.at(),
                false);
    }

    /** The redemption made with {@code key}, if it is this request's; a conflict if it is another's. */
    private Optional<Redemption> earlier(long workspaceId, String key, long itemId, int customerNo, int quantity) {
        Optional<Redemption> earlier = redemption(workspaceId, key);
        if (earlier.isPresent()
                && (earlier.get().itemId() != itemId
                        || earlier.get().customerNo() != customerNo
                        || earlier.get().quantity() != quantity)) {
            throw ReservoirException.conflict("key", "was already used for another redemption: " + key);
        }
        return earlier;
    }

    /** The redemption with {@code key} once it can be read (a conflict if it is another request's). */
    private Redemption settled(long workspaceId, String key, long itemId, int customerNo, int quantity) {
        for (int attempt = 0; attempt < PointsLedger.SETTLE_ATTEMPTS; attempt++) {
            Optional<Redemption> earlier = earlier(workspaceId, key, itemId, customerNo, quantity);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            PointsLedger.pause();
        }
        throw ReservoirException.conflict("key", "is used by another redemption still running: " + key);
    }

    private static ReservoirException outOfStock(RewardItem item, int left) {
        return ReservoirException.invalid("quantity", item.name() + " has " + left + " left");
    }

    private void requireTier(long workspaceId, RewardItem item, int customerNo) {
        LoyaltyProgram.Tiers tiers = programs.find(workspaceId, item.brandId())
                .map(LoyaltyProgram::tiers)
                .orElse(LoyaltyProgram.Tiers.none());
        String held = memberships
                .find(workspaceId, item.brandId(), customerNo)
                .filter(Member::active)
                .map(Member::tierCode)
                .orElse(null);
        if (held == null || tiers.rank(held) < tiers.rank(item.minTier())) {
            throw ReservoirException.invalid(
                    "item",
                    item.name() + " is for " + item.minTier() + " members and above; this member is "
                            + (held == null ? "not in a tier" : held));
        }
    }

    Optional<RewardItem> item(long workspaceId, long itemId) {
        return jdbc.sql("select * from reward_item where workspace_id = :ws and id = :id")
                .param("ws", workspaceId)
                .param("id", itemId)
                .query((rs, row) -> item(rs))
                .optional();
    }

    private Optional<Redemption> redemption(long workspaceId, String key) {
        return jdbc.sql("select * from redemption where workspace_id = :ws and idempotency_key = :key")
                .param("ws", workspaceId)
                .param("key", key)
                .query((rs, row) -> new Redemption(
                        rs.getLong("id"),
                        rs.getLong("item_id"),
                        rs.getInt("customer_no"),
                        rs.getInt("quantity"),
                        rs.getLong("points"),
                        rs.getString("idempotency_key"),
                        SqlTime.read(rs, "redeemed_at"),
                        true))
                .optional();
    }

    private static RewardItem item(ResultSet rs) throws SQLException {
        return new RewardItem(
                rs.getLong("id"),
                rs.getLong("brand_id"),
                rs.getString("name"),
                rs.getString("kind"),
                rs.getLong("points_price"),
                rs.getObject("stock", Integer.class),
                rs.getObject("per_member_limit", Integer.class),
                SqlTime.read(rs, "valid_from"),
                SqlTime.read(rs, "valid_until"),
                rs.getString("min_tier"),
                rs.getBoolean("disabled"));
    }
}
