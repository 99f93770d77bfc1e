package io.reservoir.platform.tenancy;

import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import io.reservoir.platform.vault.PiiVault;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API keys of a workspace. A key is shown once, when issued; the database keeps only its keyed
 * hash (HMAC-SHA256 under a key derived from the data key), which is also how a presented key is
 * found — one indexed lookup, no per-key password hashing on the request path.
 */
@Service
public class ApiKeys {

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int RANDOM_CHARS = 32; // ≈190 bits
    private static final Pattern GIVEN_SECRET = Pattern.compile("[A-Za-z0-9._~-]{20,200}");
    private static final int SHOWN_PREFIX = 10;

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final PiiVault vault;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiKeys(JdbcClient jdbc, AuditLog audit, PiiVault vault, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.vault = vault;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<ApiKey> list(Caller caller) {
        caller.requireAdmin();
        return jdbc.sql("select * from api_key where workspace_id = :ws order by id")
                .param("ws", caller.workspaceId())
                .query(ApiKeys::map)
                .list();
    }

    /**
     * Issues a new random key. Admins only, and provider keys only by the service provider (in
     * its own workspace); the secret in the answer is never shown again.
     */
    @Transactional
    public IssuedKey issue(Caller caller, KeyKind kind, String name) {
        if (kind == KeyKind.PROVIDER) {
            caller.requireProvider();
        } else {
            caller.requireAdmin();
        }
        StringBuilder secret = new StringBuilder(kind.prefix());
        for (int i = 0; i < RANDOM_CHARS; i++) {
            secret.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return store(caller, kind, name, secret.toString());
    }

    /** Stores a key whose value an operator chose (first-start bootstrap from the environment). */
    @Transactional
    IssuedKey issueGiven(Caller caller, KeyKind kind, String name, String secret) {
        if (secret == null || !GIVEN_SECRET.matcher(secret).matches()) {
            throw ReservoirException.invalid(
                    kind.id() + "Key", "must be 20 to 200 characters of letters, digits and . _ ~ -");
        }
        return store(caller, kind, name, secret);
    }

    private IssuedKey store(Caller caller, KeyKind kind, String name, String secret) {
        String validName = Text.required("name", name, 200);
        String prefix = secret.substring(0, Math.min(SHOWN_PREFIX, secret.length()));
        Instant now = SqlTime.now(clock);
        var keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                            insert into api_key (workspace_id, kind, name, key_prefix, key_hash, created_at)
                            values (:ws, :kind, :name, :prefix, :hash, :at)
                            """)
                    .param("ws", caller.workspaceId())
                    .param("kind", kind.id())
                    .param("name", validName)
                    .param("prefix", prefix)
                    .param("hash", hash(secret))
                    .param("at", SqlTime.param(now))
                    .update(keys, "id");
        } catch (DuplicateKeyException e) {
            throw ReservoirException.conflict("key", "this key value is already in use");
        }
        long id = keys.getKeyAs(Long.class);
        audit.record(
                caller, "key.created", "api_key", id, Map.of("kind", kind.id(), "name", validName, "prefix", prefix));
        return new IssuedKey(new ApiKey(id, kind, validName, prefix, now, null), secret);
    }

    /** Revokes a key at once; revoking twice changes nothing. Admins only. */
    @Transactional
    public ApiKey revoke(Caller caller, long id) {
        caller.requireAdmin();
        ApiKey key = jdbc.sql("select * from api_key where workspace_id = :ws and id = :id")
                .param("ws", caller.workspaceId())
                .param("id", id)
                .query(ApiKeys::map)
                .optional()
                .orElseThrow(() -> ReservoirException.notFound("api key", id));
        if (!key.active()) {
            return key;
        }
        Instant now = SqlTime.now(clock);
        jdbc.sql("update api_key set revoked_at = :at where workspace_id = :ws and id = :id")
                .param("at", SqlTime.param(now))
                .param("ws", caller.workspaceId())
                .param("id", id)
                .update();
        audit.record(
                caller, "key.revoked", "api_key", id, Map.of("kind", key.kind().id(), "name", key.name()));
        return new ApiKey(key.id(), key.kind(), key.name(), key.prefix(), key.createdAt(), now);
    }

    /**
     * Finds the active key a request presented; empty for unknown, revoked or malformed keys and
     * for the keys of a suspended workspace.
     */
    @Transactional(readOnly = true)
    public Optional<AuthenticatedKey> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 200) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select k.* from api_key k join workspace w on w.id = k.workspace_id
                         where k.key_hash = :hash and k.revoked_at is null and w.suspended_at is null
                        """)
                .param("hash", hash(presented))
                .query((rs, row) -> {
                    KeyKind kind = KeyKind.parse("kind", rs.getString("kind"));
                    Role role = roleOf(kind);
                    return new AuthenticatedKey(
                            kind,
                            new Caller(
                                    rs.getLong("workspace_id"),
                                    Caller.ActorKind.API_KEY,
                                    rs.getLong("id"),
                                    "key:" + rs.getString("name"),
                                    role));
                })
                .optional();
    }

    private static Role roleOf(KeyKind kind) {
        return switch (kind) {
            case MANAGEMENT -> Role.ADMIN;
            case WRITE -> Role.GUIDE;
            case PROVIDER -> Role.PROVIDER;
        };
    }

    /** Whether a key with this secret exists already, active or not. */
    @Transactional(readOnly = true)
    boolean exists(String secret) {
        return jdbc.sql("select count(*) from api_key where key_hash = :hash")
                        .param("hash", hash(secret))
                        .query(Long.class)
                        .single()
                > 0;
    }

    private String hash(String secret) {
        return vault.lookupHash("api_key", secret);
    }

    private static ApiKey map(ResultSet rs, int row) throws SQLException {
        return new ApiKey(
                rs.getLong("id"),
                KeyKind.parse("kind", rs.getString("kind")),
                rs.getString("name"),
                rs.getString("key_prefix"),
                SqlTime.read(rs, "created_at"),
                SqlTime.read(rs, "revoked_at"));
    }
}
