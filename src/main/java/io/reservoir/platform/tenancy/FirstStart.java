package io.reservoir.platform.tenancy;

import io.reservoir.platform.PlatformSettings;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.vault.PiiVault;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On every start, checks that the data key is the one the database was written with; on the very
 * first start, creates the default workspace, its brand, the admin and (when configured) the
 * bootstrap keys. The {@code first_start} row doubles as a lock: when several nodes start on an
 * empty PostgreSQL at once, exactly one of them does the set-up.
 */
@Component
class FirstStart implements SmartInitializingSingleton {

    static final String ADMIN_USERNAME = "admin";
    static final String PROVIDER_USERNAME = "provider";
    private static final Logger log = LoggerFactory.getLogger(FirstStart.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final PiiVault vault;
    private final PlatformSettings settings;
    private final Workspaces workspaces;
    private final Brands brands;
    private final Users users;
    private final ApiKeys keys;
    private final FirstStartNotice notice;

    FirstStart(
            JdbcClient jdbc,
            TransactionTemplate tx,
            PiiVault vault,
            PlatformSettings settings,
            Workspaces workspaces,
            Brands brands,
            Users users,
            ApiKeys keys,
            FirstStartNotice notice) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.vault = vault;
        this.settings = settings;
        this.workspaces = workspaces;
        this.brands = brands;
        this.users = users;
        this.keys = keys;
        this.notice = notice;
    }

    /** Runs once the beans exist and before the web server opens, so no request sees a half set-up. */
    @Override
    public void afterSingletonsInstantiated() {
        checkDataKey();
        try {
            tx.executeWithoutResult(status -> {
                jdbc.sql("insert into platform_setting (name, setting_value) values ('first_start', 'done')")
                        .update();
                createDefaults();
            });
        } catch (DuplicateKeyException alreadyDone) {
            log.debug("First-start set-up already done");
        }
        try {
            tx.executeWithoutResult(status -> ensureProvider());
        } catch (DuplicateKeyException | ReservoirException raced) {
            // another node starting at the same moment created the provider or stored its key
            log.debug("Service provider set up by another node: {}", raced.getMessage());
        }
    }

    /**
     * The service provider lives in the oldest workspace (the first start's): a {@code provider}
     * login, created on the first start, or on a later start of a database from before the
     * provider level; and the provider key from the configuration, when one is set and not yet
     * stored.
     */
    private void ensureProvider() {
        Optional<Workspace> home = workspaces.oldest();
        if (home.isEmpty()) {
            return;
        }
        Caller provider = Caller.system(home.get().id());
        PlatformSettings.Bootstrap bootstrap = settings.bootstrap();
        String providerKey = blankToNull(bootstrap.providerKey());
        if (providerKey != null && !keys.exists(providerKey)) {
            keys.issueGiven(provider, KeyKind.PROVIDER, "provider key", providerKey);
            log.info("Reservoir: the service provider key from RESERVOIR_BOOTSTRAP_PROVIDER_KEY is stored");
        }
        long providers = jdbc.sql("select count(*) from app_user where role = 'provider'")
                .query(Long.class)
                .single();
        if (providers > 0 || users.findLogin(PROVIDER_USERNAME).isPresent()) {
            return;
        }
        String password = blankToNull(bootstrap.providerPassword());
        boolean generated = password == null;
        if (generated) {
            password = generatePassword();
        }
        users.create(provider, PROVIDER_USERNAME, "Service provider", Role.PROVIDER, password);
        if (generated) {
            log.warn("""

                    ==================================================================
                     Reservoir: service provider console login '{}' with password
                         {}
                     This password is shown only once. Change it after signing in.
                    ==================================================================""", PROVIDER_USERNAME, password);
        } else {
            log.info(
                    "Reservoir: service provider console login '{}' with the password from"
                            + " RESERVOIR_BOOTSTRAP_PROVIDER_PASSWORD",
                    PROVIDER_USERNAME);
        }
    }

    private void checkDataKey() {
        String fingerprint = vault.keyFingerprint();
        Optional<String> stored = jdbc.sql(
                        "select setting_value from platform_setting where name = 'data_key_fingerprint'")
                .query(String.class)
                .optional();
        if (stored.isEmpty()) {
            try {
                jdbc.sql("insert into platform_setting (name, setting_value) values ('data_key_fingerprint', :fp)")
                        .param("fp", fingerprint)
                        .update();
            } catch (DuplicateKeyException raced) {
                checkDataKey();
            }
        } else if (!stored.get().equals(fingerprint)) {
            throw new IllegalStateException("The data key (fingerprint " + fingerprint
                    + ") is not the key this database" + " was written with (fingerprint " + stored.get()
                    + "). Set RESERVOIR_DATA_KEY to the original key.");
        }
    }

    private void createDefaults() {
        Workspace workspace = workspaces.create("Default workspace");
        Caller system = Caller.system(workspace.id());
        brands.create(system, "Default brand", Brands.DEFAULT_TIME_ZONE);
        String password = blankToNull(settings.adminPassword());
        boolean generated = password == null;
        if (generated) {
            password = generatePassword();
        }
        users.create(system, ADMIN_USERNAME, "Administrator", Role.ADMIN, password);
        PlatformSettings.Bootstrap bootstrap = settings.bootstrap();
        String managementKey = blankToNull(bootstrap.managementKey());
        String writeKey = blankToNull(bootstrap.writeKey());
        List<String> stored = new ArrayList<>();
        if (managementKey != null) {
            keys.issueGiven(system, KeyKind.MANAGEMENT, "bootstrap management key", managementKey);
            stored.add("management key");
        }
        if (writeKey != null) {
            keys.issueGiven(system, KeyKind.WRITE, "bootstrap write key", writeKey);
            stored.add("write key");
        }
        notice.setUp(ADMIN_USERNAME, generated ? password : null, stored);
        if (generated) {
            log.warn("""

                    ==================================================================
                     Reservoir first start: console login '{}' with password
                         {}
                     This password is shown only once. Change it after signing in.
                    ==================================================================""", ADMIN_USERNAME, password);
        } else {
            log.info(
                    "Reservoir first start: console login '{}' with the password from RESERVOIR_ADMIN_PASSWORD",
                    ADMIN_USERNAME);
        }
    }

    private static String generatePassword() {
        // No look-alike characters (0/O, 1/l/I): the password is read off a log and typed in.
        char[] alphabet = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ".toCharArray();
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return password.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
