package io.reservoir.identity;

import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlArrays;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.Role;
import io.reservoir.platform.vault.Masking;
import io.reservoir.platform.vault.PiiVault;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The customers of a workspace: resolution of identities to profiles, and the profiles themselves. */
@Service
public class Customers {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final IdentityGraph graph;
    private final PiiVault vault;
    private final AuditLog audit;
    private final Clock clock;

    Customers(JdbcClient jdbc, JdbcTemplate batch, IdentityGraph graph, PiiVault vault, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.graph = graph;
        this.vault = vault;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Resolves each claim to the number of its customer, creating profiles for new people and
     * merging profiles that a claim shows to be one person ({@link CustomersMerged} is published
     * for each merge). Joins the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int[] resolve(long workspaceId, List<IdentityClaim> claims) {
        return claims.isEmpty() ? new int[0] : graph.resolve(workspaceId, claims);
    }

    /** Sets profile attributes; per attribute, the value with the latest time wins. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void applyAttributes(long workspaceId, List<AttributeChange> changes) {
        if (!changes.isEmpty()) {
            Profiles.upsertAttributes(batch, workspaceId, changes);
        }
    }

    /**
     * Replaces all of one customer's attributes with {@code changes} (of that customer): for an
     * unmerge, which derives each side's profile again from its own identify events.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void replaceAttributes(long workspaceId, int customerNo, List<AttributeChange> changes) {
        jdbc.sql("delete from customer_attribute where workspace_id = :ws and customer_no = :customer")
                .param("ws", workspaceId)
                .param("customer", customerNo)
                .update();
        applyAttributes(workspaceId, changes);
    }

    /** Records consent decisions; per channel, the latest decision wins. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void applyConsent(long workspaceId, List<ConsentChange> changes) {
        if (!changes.isEmpty()) {
            Profiles.upsertConsent(batch, workspaceId, changes);
        }
    }

    /** The customer holding {@code identity} now, if any. */
    @Transactional(readOnly = true)
    public Optional<CustomerRef> findByIdentity(Caller caller, IdentityValue identity) {
        requireReader(caller);
        IdentityGraph.Key key = graph.key(identity);
        return jdbc.sql("""
                        select c.* from customer_identity i
                          join customer c on c.workspace_id = i.workspace_id and c.customer_no = i.customer_no
                         where i.workspace_id = :ws and i.id_type = :type and i.lookup_key = :key
                        """)
                .param("ws", caller.workspaceId())
                .param("type", key.type().id())
                .param("key", key.lookup())
                .query(this::ref)
                .optional();
    }

    /** @throws ReservoirException not_found when {@code id} is no customer of the caller's workspace */
    @Transactional(readOnly = true)
    public CustomerRef get(Caller caller, String id) {
        requireReader(caller);
        return jdbc.sql("select * from customer where workspace_id = :ws and public_id = :id")
                .param("ws", caller.workspaceId())
                .param("id", id)
                .query(this::ref)
                .optional()
                .orElseThrow(() -> ReservoirException.notFound("customer", id));
    }

    /** The customer numbered {@code customerNo} in the caller's workspace. */
    @Transactional(readOnly = true)
    public CustomerRef get(Caller caller, int customerNo) {
        requireReader(caller);
        return jdbc.sql("select * from customer where workspace_id = :ws and customer_no = :no")
                .param("ws", caller.workspaceId())
                .param("no", customerNo)
                .query(this::ref)
                .optional()
                .orElseThrow(() -> ReservoirException.notFound("customer", customerNo));
    }

    /**
     * The profile of a customer. Phone numbers and e-mail addresses are masked unless
     * {@code reveal} is asked by an admin; every reveal is audited.
     */
    @Transactional
    public CustomerProfile profile(Caller caller, String id, boolean reveal) {
        CustomerRef ref = get(caller, id);
        if (reveal) {
            caller.requireAdmin();
            audit.record(caller, "customer.pii_revealed", "customer", id, Map.of());
        }
        long ws = caller.workspaceId();
        Map<String, String> attributes = new LinkedHashMap<>();
        jdbc.sql(
                        "select name, attr_value from customer_attribute where workspace_id = :ws and customer_no = :no order by name")
                .param("ws", ws)
                .param("no", ref.customerNo())
                .query(rs -> {
                    attributes.put(rs.getString(1), rs.getString(2));
                });
        List<CustomerProfile.Identity> identities = jdbc.sql("""
                        select id_type, lookup_key, sealed_value, first_seen from customer_identity
                         where workspace_id = :ws and customer_no = :no order by id_type, first_seen
                        """)
                .param("ws", ws)
                .param("no", ref.customerNo())
                .query((rs, row) -> identity(rs, reveal))
                .list();
        Map<String, CustomerProfile.Consent> consent = new LinkedHashMap<>();
        jdbc.sql("select * from customer_consent where workspace_id = :ws and customer_no = :no order by channel")
                .param("ws", ws)
                .param("no", ref.customerNo())
                .query(rs -> {
                    consent.put(
                            rs.getString("channel"),
                            new CustomerProfile.Consent(
                                    rs.getBoolean("granted"), rs.getString("source"), SqlTime.read(rs, "changed_at")));
                });
        var createdAt = jdbc.sql("select created_at from customer where workspace_id = :ws and customer_no = :no")
                .param("ws", ws)
                .param("no", ref.customerNo())
                .query((rs, row) -> SqlTime.read(rs, "created_at"))
                .single();
        return new CustomerProfile(
                ref.id(), ref.customerNo(), ref.status(), ref.mergedInto(), createdAt, attributes, identities, consent);
    }

    /** Sets consent on one channel by hand (or for an API client); audited. */
    @Transactional
    public void setConsent(Caller caller, String id, ConsentChannel channel, boolean granted, String source) {
        caller.require(Role.OPERATOR);
        CustomerRef ref = get(caller, id);
        if (!ref.active()) {
            throw ReservoirException.conflict("id", "customer " + id + " is " + ref.status());
        }
        String from = source == null || source.isBlank() ? "api" : source.strip();
        Profiles.upsertConsent(
                batch,
                caller.workspaceId(),
                List.of(new ConsentChange(ref.customerNo(), channel, granted, from, SqlTime.now(clock))));
        audit.record(
                caller,
                "customer.consent_changed",
                "customer",
                id,
                Map.of("channel", channel.id(), "granted", granted, "source", from));
    }

    /**
     * Undoes the merge that retired customer {@code id}: it becomes a profile of its own again with
     * the identities it brought, and its events, orders and relations follow those identities.
     * Audited.
     *
     * @throws ReservoirException conflict when {@code id} is not a merged profile
     */
    @Transactional
    public CustomerRef unmerge(Caller caller, String id) {
        caller.require(Role.OPERATOR);
        CustomerRef ref = get(caller, id);
        if (!"merged".equals(ref.status())) {
            throw ReservoirException.conflict("id", "customer " + id + " is " + ref.status() + ", not merged");
        }
        graph.unmerge(caller.workspaceId(), ref.customerNo());
        audit.record(caller, "customer.unmerged", "customer", id, Map.of("from", ref.mergedInto()));
        return get(caller, id);
    }

    /**
     * Erases the personal data of customer {@code id} and of the profiles merged into it (PIPL /
     * GDPR): identities, attributes, consent, and what the event log kept of them. Orders and
     * events stay, anonymised, so that totals do not change. Admins only; audited. Erasing an
     * erased customer changes nothing.
     */
    @Transactional
    public void erase(Caller caller, String id) {
        caller.requireAdmin();
        CustomerRef ref = get(caller, id);
        if ("erased".equals(ref.status())) {
            return;
        }
        if (!ref.active()) {
            throw ReservoirException.conflict(
                    "id", "customer " + id + " is merged into " + ref.mergedInto() + ": erase that profile");
        }
        graph.erase(caller.workspaceId(), ref.customerNo());
        audit.record(caller, "customer.erased", "customer", id, Map.of());
    }

    /** Which customer number holds each identity now; identities nobody holds are absent. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<IdentityValue, Integer> holders(long workspaceId, Collection<IdentityValue> identities) {
        return identities.isEmpty() ? Map.of() : graph.holders(workspaceId, identities);
    }

    /** Public ids of customer numbers of one workspace (for answers that list customers). */
    @Transactional(readOnly = true)
    public Map<Integer, String> publicIds(long workspaceId, Collection<Integer> customerNos) {
        Map<Integer, String> ids = new HashMap<>();
        jdbc.sql("""
                        select c.customer_no, c.public_id from unnest(cast(:nos as integer array)) as k(customer_no)
                          join customer c on c.workspace_id = :ws and c.customer_no = k.customer_no
                        """)
                .param("ws", workspaceId)
                .param("nos", SqlArrays.integers(customerNos))
                .query(rs -> {
                    ids.put(rs.getInt(1), rs.getString(2));
                });
        return ids;
    }

    /**
     * Customer numbers of public ids of one workspace (for requests that list customers); ids that
     * are no customer of the workspace are absent. Merged and erased profiles are found too: their
     * status is the caller's to judge.
     */
    @Transactional(readOnly = true)
    public Map<String, Integer> numbers(long workspaceId, Collection<String> ids) {
        Map<String, Integer> numbers = new HashMap<>();
        if (ids.isEmpty()) {
            return numbers;
        }
        // One index probe per id (SqlArrays explains why).
        jdbc.sql("""
                        select k.public_id,
                               (select c.customer_no from customer c where c.workspace_id = :ws and c.public_id = k.public_id)
                          from unnest(cast(:ids as varchar array)) as k(public_id)
                        """)
                .param("ws", workspaceId)
                .param("ids", SqlArrays.varchars(new LinkedHashSet<>(ids)))
                .query(rs -> {
                    int no = rs.getInt(2);
                    if (!rs.wasNull()) {
                        numbers.put(rs.getString(1), no);
                    }
                });
        return numbers;
    }

    /**
     * One identity that finds this customer, for a module that records an event about them: a
     * unique-per-person one if they have it (phone, member number, WeChat unionid), else the
     * oldest. Empty for an erased or unknown customer.
     */
    @Transactional(readOnly = true)
    public Optional<IdentityValue> anIdentity(long workspaceId, int customerNo) {
        return jdbc
                .sql("""
                        select id_type, lookup_key, sealed_value, first_seen from customer_identity
                         where workspace_id = :ws and customer_no = :no order by first_seen
                        """)
                .param("ws", workspaceId)
                .param("no", customerNo)
                .query((rs, row) -> {
                    IdentityType type = IdentityType.of(rs.getString("id_type")).orElseThrow();
                    String value =
                            type.personalData() ? vault.open(rs.getString("sealed_value")) : rs.getString("lookup_key");
                    return new IdentityValue(type, value);
                })
                .list()
                .stream()
                .min(Comparator.comparing(v -> v.type().uniquePerPerson() ? 0 : 1));
    }

    /** One profile attribute ({@code birthday}, {@code city}, …) of customer numbers that have it. */
    @Transactional(readOnly = true)
    public Map<Integer, String> attribute(long workspaceId, Collection<Integer> customerNos, String name) {
        Map<Integer, String> values = new HashMap<>();
        if (customerNos.isEmpty()) {
            return values;
        }
        jdbc.sql("""
                        select a.customer_no, a.attr_value from unnest(cast(:nos as integer array)) as k(customer_no)
                          join customer_attribute a on a.workspace_id = :ws and a.customer_no = k.customer_no
                         where a.name = :name and a.attr_value is not null
                        """)
                .param("ws", workspaceId)
                .param("nos", SqlArrays.integers(customerNos))
                .param("name", name)
                .query(rs -> {
                    values.put(rs.getInt(1), rs.getString(2));
                });
        return values;
    }

    private CustomerProfile.Identity identity(ResultSet rs, boolean reveal) throws SQLException {
        IdentityType type = IdentityType.of(rs.getString("id_type")).orElseThrow();
        String value = rs.getString("lookup_key");
        boolean masked = false;
        if (type.personalData()) {
            String clear = vault.open(rs.getString("sealed_value"));
            masked = !reveal;
            value = reveal ? clear : (type == IdentityType.PHONE ? Masking.phone(clear) : Masking.email(clear));
        }
        return new CustomerProfile.Identity(type.id(), value, masked, SqlTime.read(rs, "first_seen"));
    }

    private CustomerRef ref(ResultSet rs, int row) throws SQLException {
        Integer mergedInto = rs.getObject("merged_into", Integer.class);
        String mergedId = mergedInto == null
                ? null
                : jdbc.sql("select public_id from customer where workspace_id = :ws and customer_no = :no")
                        .param("ws", rs.getLong("workspace_id"))
                        .param("no", mergedInto)
                        .query(String.class)
                        .single();
        return new CustomerRef(rs.getString("public_id"), rs.getInt("customer_no"), rs.getString("status"), mergedId);
    }

    private static void requireReader(Caller caller) {
        caller.require(Role.OPERATOR, Role.ANALYST);
    }
}
