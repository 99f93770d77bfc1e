package io.reservoir.platform.tenancy;

import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The brands of a workspace. */
@Service
public class Brands {

    public static final String DEFAULT_TIME_ZONE = "Asia/Shanghai";
    public static final String DEFAULT_CURRENCY = "CNY";
    public static final String DEFAULT_PHONE_REGION = "CN";

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Brands(JdbcClient jdbc, AuditLog audit, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }

    @Transactional(readOnly = true)
    public List<Brand> list(Caller caller) {
        return jdbc.sql("select * from brand where workspace_id = :ws order by id")
                .param("ws", caller.workspaceId())
                .query(Brands::map)
                .list();
    }

    /** @throws ReservoirException not_found when the brand is not in the caller's workspace */
    @Transactional(readOnly = true)
    public Brand get(Caller caller, long id) {
        return jdbc.sql("select * from brand where workspace_id = :ws and id = :id")
                .param("ws", caller.workspaceId())
                .param("id", id)
                .query(Brands::map)
                .optional()
                .orElseThrow(() -> ReservoirException.notFound("brand", id));
    }

    /**
     * What a brand is called and how it counts; {@code null} leaves a setting as it is (on create:
     * its default, Asia/Shanghai, CNY and CN).
     *
     * @param timeZone an IANA zone id
     * @param currency an ISO 4217 code
     * @param phoneRegion an ISO 3166 region code
     */
    public record Settings(String name, String timeZone, String currency, String phoneRegion) {

        public static Settings named(String name) {
            return new Settings(name, null, null, null);
        }

        public Settings inZone(String zone) {
            return new Settings(name, zone, currency, phoneRegion);
        }
    }

    /** Creates a brand named {@code name} in {@code timeZone} (null: Asia/Shanghai). Admins only. */
    @Transactional
    public Brand create(Caller caller, String name, String timeZone) {
        return create(caller, Settings.named(name).inZone(timeZone));
    }

    /** Creates a brand. Admins only. */
    @Transactional
    public Brand create(Caller caller, Settings settings) {
        caller.requireAdmin();
        String validName = Text.required("name", settings.name(), 200);
        String zone = settings.timeZone() == null ? DEFAULT_TIME_ZONE : zone(settings.timeZone());
        String currency = settings.currency() == null ? DEFAULT_CURRENCY : currency(settings.currency());
        String region = settings.phoneRegion() == null ? DEFAULT_PHONE_REGION : region(settings.phoneRegion());
        Instant now = SqlTime.now(clock);
        var keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                            insert into brand (workspace_id, name, time_zone, currency, phone_region, created_at)
                            values (:ws, :name, :zone, :currency, :region, :at)
                            """)
                    .param("ws", caller.workspaceId())
                    .param("name", validName)
                    .param("zone", zone)
                    .param("currency", currency)
                    .param("region", region)
                    .param("at", SqlTime.param(now))
                    .update(keys, "id");
        } catch (DuplicateKeyException e) {
            throw ReservoirException.conflict("name", "a brand named '" + validName + "' already exists");
        }
        long id = keys.getKeyAs(Long.class);
        audit.record(
                caller,
                "brand.created",
                "brand",
                id,
                Map.of("name", validName, "timeZone", zone, "currency", currency, "phoneRegion", region));
        return new Brand(id, validName, zone, currency, region, now);
    }

    /** Changes a brand's settings; a {@code null} setting stays as it is. Admins only. */
    @Transactional
    public Brand update(Caller caller, long id, Settings settings) {
        caller.requireAdmin();
        Brand before = get(caller, id);
        Brand after = new Brand(
                id,
                settings.name() == null ? before.name() : Text.required("name", settings.name(), 200),
                settings.timeZone() == null ? before.timeZone() : zone(settings.timeZone()),
                settings.currency() == null ? before.currency() : currency(settings.currency()),
                settings.phoneRegion() == null ? before.phoneRegion() : region(settings.phoneRegion()),
                before.createdAt());
        try {
            jdbc.sql("""
                            update brand set name = :name, time_zone = :zone, currency = :currency, phone_region = :region
                             where workspace_id = :ws and id = :id
                            """)
                    .param("name", after.name())
                    .param("zone", after.timeZone())
                    .param("currency", after.currency())
                    .param("region", after.phoneRegion())
                    .param("ws", caller.workspaceId())
                    .param("id", id)
                    .update();
        } catch (DuplicateKeyException e) {
            throw ReservoirException.conflict("name", "a brand named '" + after.name() + "' already exists");
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        changed(changes, "name", before.name(), after.name());
        changed(changes, "timeZone", before.timeZone(), after.timeZone());
        changed(changes, "currency", before.currency(), after.currency());
        changed(changes, "phoneRegion", before.phoneRegion(), after.phoneRegion());
        if (!changes.isEmpty()) {
            audit.record(caller, "brand.updated", "brand", id, changes);
            events.publishEvent(new BrandChanged(caller.workspaceId(), id));
        }
        return after;
    }

    private static void changed(Map<String, Object> changes, String name, String from, String to) {
        if (!from.equals(to)) {
            changes.put(name, Map.of("from", from, "to", to));
        }
    }

    private static String zone(String timeZone) {
        try {
            return ZoneId.of(timeZone.strip()).getId();
        } catch (DateTimeException e) {
            throw ReservoirException.invalid(
                    "timeZone", "'" + timeZone + "' is not an IANA time zone such as Asia/Shanghai");
        }
    }

    private static String currency(String code) {
        Currency currency;
        try {
            currency = Currency.getInstance(code.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ReservoirException.invalid("currency", "'" + code + "' is not an ISO 4217 currency code such as CNY");
        }
        // amounts are kept exact in hundredths (fen, cents, pence): a currency of 0 or 3 minor
        // digits would show wrong decimals or lose its third
        if (currency.getDefaultFractionDigits() != 2) {
            throw ReservoirException.invalid(
                    "currency",
                    currency.getCurrencyCode() + " has " + Math.max(0, currency.getDefaultFractionDigits())
                            + " minor digits; Reservoir keeps amounts in hundredths, so a brand's currency must have 2"
                            + " (CNY, HKD, USD, EUR, GBP, SGD…)");
        }
        return currency.getCurrencyCode();
    }

    private static String region(String code) {
        String region = code.strip().toUpperCase(Locale.ROOT);
        if (!Set.of(Locale.getISOCountries()).contains(region)) {
            throw ReservoirException.invalid(
                    "phoneRegion", "'" + code + "' is not an ISO 3166 region code such as CN or HK");
        }
        return region;
    }

    private static Brand map(ResultSet rs, int row) throws SQLException {
        return new Brand(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("time_zone"),
                rs.getString("currency"),
                rs.getString("phone_region"),
                SqlTime.read(rs, "created_at"));
    }
}
