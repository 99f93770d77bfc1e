package io.reservoir.console;

import io.reservoir.audience.Audiences;
import io.reservoir.audience.SegmentRule;
import io.reservoir.identity.Customers;
import io.reservoir.identity.ProfileRows;
import io.reservoir.ingest.OrderRows;
import io.reservoir.loyalty.LoyaltyProgram;
import io.reservoir.loyalty.LoyaltyPrograms;
import io.reservoir.loyalty.MemberRows;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.roaringbitmap.RoaringBitmap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The customers of the list: the audience engine selects who the filters' rule holds; each
 * customer's joining time (identity) and orders (the intake's order book, net of refunds) decide
 * the date filters and the order; only the shown page is read in detail (name, tiers, and channels:
 * those of the identities held and those ordered in).
 */
@Component
class CustomerDirectory {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    /** A customer of the list with what it sorts by; {@code lastOrder} null when none. */
    record Listed(int customerNo, Instant joined, Instant lastOrder, int orders, long netFen) {}

    /** Who the filters select, sorted; {@code anyCustomer} whether the workspace has any at all. */
    record Selection(List<Listed> customers, boolean anyCustomer) {}

    /**
     * A row as the table shows it: {@code name} masked (null: none known), {@code tiers} tier names
     * (with the brand's name when the workspace has several brands), {@code channels} channel ids.
     */
    record Row(
            int position,
            String id,
            String name,
            List<String> tiers,
            String joined,
            String lastOrder,
            String orders,
            String net,
            List<String> channels) {}

    private final Audiences audiences;
    private final ProfileRows profiles;
    private final OrderRows orders;
    private final MemberRows members;
    private final LoyaltyPrograms programs;
    private final Customers customers;
    private final Brands brands;

    CustomerDirectory(
            Audiences audiences,
            ProfileRows profiles,
            OrderRows orders,
            MemberRows members,
            LoyaltyPrograms programs,
            Customers customers,
            Brands brands) {
        this.audiences = audiences;
        this.profiles = profiles;
        this.orders = orders;
        this.members = members;
        this.programs = programs;
        this.customers = customers;
        this.brands = brands;
    }

    @Transactional(readOnly = true)
    Selection select(Caller caller, CustomerFilters filters, ZoneId zone) {
        long ws = caller.workspaceId();
        Map<Integer, Instant> joined = new HashMap<>();
        profiles.joined(ws, null, joined::put);
        if (joined.isEmpty()) {
            return new Selection(List.of(), false);
        }
        SegmentRule rule = filters.rule();
        RoaringBitmap chosen = rule == null ? null : audiences.select(caller, rule);
        Map<Integer, long[]> totals = totals(caller, filters.brand()); // count, net fen, last paid (epoch ms)
        List<Listed> listed = new ArrayList<>();
        joined.forEach((no, at) -> {
            if (chosen != null && !chosen.contains(no)) {
                return;
            }
            long[] t = totals.get(no);
            Instant last = t == null || t[2] == Long.MIN_VALUE ? null : Instant.ofEpochMilli(t[2]);
            if (filters.dated(at, last, zone)) {
                listed.add(new Listed(no, at, last, t == null ? 0 : (int) t[0], t == null ? 0 : t[1]));
            }
        });
        listed.sort(order(filters));
        return new Selection(listed, true);
    }

    /** The rows of {@code page} (positions from {@code offset + 1}). */
    @Transactional(readOnly = true)
    List<Row> rows(Caller caller, List<Listed> page, int offset, ZoneId zone) {
        long ws = caller.workspaceId();
        List<Integer> nos = page.stream().map(Listed::customerNo).toList();
        if (nos.isEmpty()) {
            return List.of();
        }
        Map<Integer, String> ids = customers.publicIds(ws, nos);
        Map<Integer, String> names = new HashMap<>();
        profiles.attributes(ws, nos, (no, name, value) -> {
            if (name.equals("name") && value != null && !value.isBlank()) {
                names.put(no, maskName(value.strip()));
            }
        });
        Map<Integer, TreeSet<String>> channels = new HashMap<>();
        profiles.identityTypes(ws, nos, (no, type) -> {
            String channel = CustomerFilters.channelOf(type);
            if (channel != null) {
                channels.computeIfAbsent(no, k -> new TreeSet<>()).add(channel);
            }
        });
        List<Brand> all = brands.list(caller);
        for (Brand brand : all) { // where they bought counts as where they came from
            orders.orders(ws, OrderRows.Selection.ofBrand(brand.id()).ofCustomers(nos), false, order -> {
                String channel = CustomerFilters.channelOfOrders(order.channel());
                if (channel != null) {
                    channels.computeIfAbsent(order.customerNo(), k -> new TreeSet<>())
                            .add(channel);
                }
            });
        }
        Map<Long, String> brandNames = new HashMap<>();
        all.forEach(b -> brandNames.put(b.id(), b.name()));
        Map<Long, Optional<LoyaltyProgram>> programOf = new HashMap<>();
        Map<Integer, List<String>> tiers = new HashMap<>();
        members.memberships(ws, nos, (no, brandId, code) -> {
            if (code == null) {
                return;
            }
            String name = programOf
                    .computeIfAbsent(brandId, b -> programs.find(ws, b))
                    .flatMap(p -> p.tiers().levels().stream()
                            .filter(t -> t.code().equals(code))
                            .findFirst())
                    .map(LoyaltyProgram.Tier::name)
                    .orElse(code);
            String shown = all.size() > 1 ? brandNames.getOrDefault(brandId, "") + " · " + name : name;
            tiers.computeIfAbsent(no, k -> new ArrayList<>()).add(shown);
        });
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < page.size(); i++) {
            Listed c = page.get(i);
            int no = c.customerNo();
            rows.add(new Row(
                    offset + i + 1,
                    ids.get(no),
                    names.get(no),
                    tiers.getOrDefault(no, List.of()),
                    DAY.format(c.joined().atZone(zone)),
                    c.lastOrder() == null ? null : DAY.format(c.lastOrder().atZone(zone)),
                    BusinessFormat.count(c.orders()),
                    BusinessFormat.money(BigDecimal.valueOf(c.netFen(), 2), "CNY"),
                    List.copyOf(channels.getOrDefault(no, new TreeSet<>()))));
        }
        return rows;
    }

    /** Orders per customer of one brand or all: count, net spend (fen, refunds of all kinds deducted), last payment. */
    private Map<Integer, long[]> totals(Caller caller, Long brandId) {
        long ws = caller.workspaceId();
        Map<Integer, long[]> totals = new TreeMap<>();
        List<Long> brandIds = brandId != null
                ? List.of(brandId)
                : brands.list(caller).stream().map(Brand::id).toList();
        for (long b : brandIds) {
            OrderRows.Selection selection = OrderRows.Selection.ofBrand(b);
            orders.amounts(ws, selection, (no, paidAt, paid, refunded) -> {
                long[] t = totals.computeIfAbsent(no, k -> new long[] {0, 0, Long.MIN_VALUE});
                t[0]++;
                t[1] += paid - refunded;
                t[2] = Math.max(t[2], paidAt.toEpochMilli());
            });
            orders.customerRefunds(
                    ws,
                    selection,
                    refund -> totals.computeIfAbsent(refund.customerNo(), k -> new long[] {0, 0, Long.MIN_VALUE})[1] -=
                            refund.amountFen());
        }
        return totals;
    }

    private static Comparator<Listed> order(CustomerFilters filters) {
        Comparator<Listed> by = switch (filters.sort()) {
            case JOINED -> Comparator.comparing(Listed::joined);
            // customers who never ordered come last both ways
            case LAST_ORDER ->
                Comparator.comparing(
                        Listed::lastOrder,
                        filters.ascending()
                                ? Comparator.nullsLast(Comparator.<Instant>naturalOrder())
                                : Comparator.nullsFirst(Comparator.<Instant>naturalOrder()));
            case NET_SPEND -> Comparator.comparingLong(Listed::netFen);
            case ORDERS -> Comparator.comparingInt(Listed::orders);
        };
        by = by.thenComparingInt(Listed::customerNo);
        return filters.ascending() ? by : by.reversed();
    }

    /** A name as lists show it: its first character, the rest starred (林小满 → 林**). */
    static String maskName(String name) {
        int first = name.offsetByCodePoints(0, 1);
        int rest = name.codePointCount(first, name.length());
        return name.substring(0, first) + "*".repeat(Math.max(1, rest));
    }
}
