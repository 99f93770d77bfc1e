package io.reservoir.platform.tenancy;

import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.storage.SqlTime;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The people who sign in to the console. Passwords are kept only as bcrypt hashes. */
@Service
public class Users {

    private static final String PROVIDER_ROLE_IS_CONFIGURED =
            "'provider' is given only at first start or by configuration";

    public static final int MIN_PASSWORD = 10;
    /** bcrypt reads at most 72 bytes; a longer password would be silently cut, so it is refused. */
    public static final int MAX_PASSWORD_BYTES = 72;

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@+-]{1,99}");

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final PasswordEncoder passwords;
    private final Clock clock;

    Users(JdbcClient jdbc, AuditLog audit, PasswordEncoder passwords, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.passwords = passwords;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<User> list(Caller caller) {
        caller.requireAdmin();
        return jdbc.sql("select * from app_user where workspace_id = :ws order by id")
                .param("ws", caller.workspaceId())
                .query(Users::map)
                .list();
    }

    /** Admins may read anyone; others only themselves. */
    @Transactional(readOnly = true)
    public User get(Caller caller, long id) {
        if (!isSelf(caller, id)) {
            caller.requireAdmin();
        }
        return find(caller.workspaceId(), id).orElseThrow(() -> ReservoirException.notFound("user", id));
    }

    /** Creates a user. Admins only; the username must be free in every workspace. */
    @Transactional
    public User create(Caller caller, String username, String displayName, Role role, String password) {
        caller.requireAdmin();
        String name = username(username);
        String display =
                displayName == null || displayName.isBlank() ? name : Text.required("displayName", displayName, 200);
        if (role == null) {
            throw ReservoirException.invalid("role", "is required");
        }
        if (role == Role.PROVIDER && caller.kind() != Caller.ActorKind.SYSTEM) {
            throw ReservoirException.invalid("role", PROVIDER_ROLE_IS_CONFIGURED);
        }
        String hash = passwords.encode(password(password));
        Instant now = SqlTime.now(clock);
        var keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                            insert into app_user (workspace_id, username, display_name, role, password_hash, enabled, created_at)
                            values (:ws, :username, :display, :role, :hash, true, :at)
                            """)
                    .param("ws", caller.workspaceId())
                    .param("username", name)
                    .param("display", display)
                    .param("role", role.id())
                    .param("hash", hash)
                    .param("at", SqlTime.param(now))
                    .update(keys, "id");
        } catch (DuplicateKeyException e) {
            throw ReservoirException.conflict("username", "'" + name + "' is taken");
        }
        long id = keys.getKeyAs(Long.class);
        audit.record(caller, "user.created", "user", id, Map.of("username", name, "role", role.id()));
        return new User(id, name, display, role, true, now);
    }

    /**
     * Changes display name, role or enabled flag; {@code null} keeps a field. Admins only. The
     * last enabled admin of a workspace can be neither disabled nor demoted.
     */
    @Transactional
    public User update(Caller caller, long id, String displayName, Role role, Boolean enabled) {
        caller.requireAdmin();
        User before = get(caller, id);
        String display = displayName == null ? before.displayName() : Text.required("displayName", displayName, 200);
        Role newRole = role == null ? before.role() : role;
        if (newRole != before.role() && (newRole == Role.PROVIDER || before.role() == Role.PROVIDER)) {
            throw ReservoirException.invalid("role", PROVIDER_ROLE_IS_CONFIGURED);
        }
        boolean newEnabled = enabled == null ? before.enabled() : enabled;
        boolean losesAdmin = before.role() == Role.ADMIN && before.enabled() && (newRole != Role.ADMIN || !newEnabled);
        if (losesAdmin && enabledAdmins(caller.workspaceId()) <= 1) {
            throw ReservoirException.conflict(
                    role != null ? "role" : "enabled",
                    "the last enabled admin of a workspace must stay an enabled admin");
        }
        jdbc.sql("""
                        update app_user set display_name = :display, role = :role, enabled = :enabled
                         where workspace_id = :ws and id = :id
                        """)
                .param("display", display)
                .param("role", newRole.id())
                .param("enabled", newEnabled)
                .param("ws", caller.workspaceId())
                .param("id", id)
                .update();
        Map<String, Object> changes = new LinkedHashMap<>();
        if (!display.equals(before.displayName())) {
            changes.put("displayName", Map.of("from", before.displayName(), "to", display));
        }
        if (newRole != before.role()) {
            changes.put("role", Map.of("from", before.role().id(), "to", newRole.id()));
        }
        if (newEnabled != before.enabled()) {
            changes.put("enabled", Map.of("from", before.enabled(), "to", newEnabled));
        }
        if (!changes.isEmpty()) {
            audit.record(caller, "user.updated", "user", id, changes);
        }
        return new User(id, before.username(), display, newRole, newEnabled, before.createdAt());
    }

    /** Sets a new password; admins for anyone, everyone for themselves. */
    @Transactional
    public void changePassword(Caller caller, long id, String newPassword) {
        User user = get(caller, id);
        jdbc.sql("update app_user set password_hash = :hash where workspace_id = :ws and id = :id")
                .param("hash", passwords.encode(password(newPassword)))
                .param("ws", caller.workspaceId())
                .param("id", id)
                .update();
        audit.record(caller, "user.password_changed", "user", id, Map.of("username", user.username()));
    }

    /**
     * A signed-in person changes their own password: the current one must be given, the new one
     * must follow the rules ({@link #MIN_PASSWORD} characters at least, {@link #MAX_PASSWORD_BYTES}
     * bytes at most) and be typed twice alike. Every problem is refused at once, each at its field
     * ({@code currentPassword}, {@code newPassword}, {@code repeatPassword}). The old password stops
     * working with the commit; sessions stay open. Audited.
     */
    @Transactional
    public void changeOwnPassword(Caller caller, String current, String newPassword, String repeated) {
        if (caller.kind() != Caller.ActorKind.USER || caller.actorId() == null) {
            throw ReservoirException.forbidden("only a signed-in person changes their own password");
        }
        String hash = jdbc.sql("select password_hash from app_user where workspace_id = :ws and id = :id for update")
                .param("ws", caller.workspaceId())
                .param("id", caller.actorId())
                .query(String.class)
                .optional()
                .orElseThrow(() -> ReservoirException.notFound("user", caller.actorId()));
        List<ReservoirException> problems = new ArrayList<>();
        if (current == null || current.isEmpty() || !passwords.matches(current, hash)) {
            problems.add(ReservoirException.invalid("currentPassword", "is not your current password"));
        }
        try {
            password(newPassword);
        } catch (ReservoirException e) {
            problems.add(
                    ReservoirException.invalid("newPassword", e.getMessage().substring("password: ".length())));
        }
        if (newPassword != null && !newPassword.equals(repeated)) {
            problems.add(ReservoirException.invalid("repeatPassword", "is not the same as the new password"));
        }
        if (!problems.isEmpty()) {
            throw ReservoirException.invalid(problems);
        }
        jdbc.sql("update app_user set password_hash = :hash where workspace_id = :ws and id = :id")
                .param("hash", passwords.encode(newPassword))
                .param("ws", caller.workspaceId())
                .param("id", caller.actorId())
                .update();
        audit.record(caller, "user.password_changed", "user", caller.actorId(), Map.of("username", caller.actorName()));
    }

    /**
     * For the login form and the session check only: the account behind a username, in whichever
     * workspace it is. A user of a suspended workspace is not enabled.
     */
    @Transactional(readOnly = true)
    public Optional<LoginAccount> findLogin(String username) {
        if (username == null) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select u.*, w.suspended_at from app_user u join workspace w on w.id = u.workspace_id
                         where u.username = :username
                        """)
                .param("username", username.strip().toLowerCase(Locale.ROOT))
                .query((rs, row) -> new LoginAccount(
                        rs.getLong("workspace_id"),
                        rs.getLong("id"),
                        rs.getString("username"),
                        rs.getString("display_name"),
                        Role.parse("role", rs.getString("role")),
                        rs.getString("password_hash"),
                        rs.getBoolean("enabled") && rs.getObject("suspended_at") == null))
                .optional();
    }

    private Optional<User> find(long workspaceId, long id) {
        return jdbc.sql("select * from app_user where workspace_id = :ws and id = :id")
                .param("ws", workspaceId)
                .param("id", id)
                .query(Users::map)
                .optional();
    }

    private long enabledAdmins(long workspaceId) {
        return jdbc.sql("select count(*) from app_user where workspace_id = :ws and role = 'admin' and enabled")
                .param("ws", workspaceId)
                .query(Long.class)
                .single();
    }

    private static boolean isSelf(Caller caller, long id) {
        return caller.kind() == Caller.ActorKind.USER && caller.actorId() != null && caller.actorId() == id;
    }

    private static String username(String username) {
        if (username == null || username.isBlank()) {
            throw ReservoirException.invalid("username", "is required");
        }
        String name = username.strip().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(name).matches()) {
            throw ReservoirException.invalid(
                    "username",
                    "must be 2 to 100 characters: letters, digits and . _ @ + - (starting with a letter or digit)");
        }
        return name;
    }

    private static String password(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw ReservoirException.invalid("password", "must have at least " + MIN_PASSWORD + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw ReservoirException.invalid("password", "must have at most " + MAX_PASSWORD_BYTES + " bytes");
        }
        return password;
    }

    private static User map(ResultSet rs, int row) throws SQLException {
        return new User(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("display_name"),
                Role.parse("role", rs.getString("role")),
                rs.getBoolean("enabled"),
                SqlTime.read(rs, "created_at"));
    }
}
