package io.reservoir.support;

import io.reservoir.platform.tenancy.ApiKeys;
import io.reservoir.platform.tenancy.Brand;
import io.reservoir.platform.tenancy.Brands;
import io.reservoir.platform.tenancy.Caller;
import io.reservoir.platform.tenancy.KeyKind;
import io.reservoir.platform.tenancy.Role;
import io.reservoir.platform.tenancy.User;
import io.reservoir.platform.tenancy.Users;
import io.reservoir.platform.tenancy.Workspace;
import io.reservoir.platform.tenancy.Workspaces;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Creates whole workspaces for tests, through the same APIs the product uses. */
@Component
public class Tenants {

    public static final String PASSWORD = "tenant-password-1";

    private final Workspaces workspaces;
    private final Brands brands;
    private final Users users;
    private final ApiKeys keys;
    private final TransactionTemplate tx;
    private String providerKey;

    Tenants(Workspaces workspaces, Brands brands, Users users, ApiKeys keys, TransactionTemplate tx) {
        this.workspaces = workspaces;
        this.brands = brands;
        this.users = users;
        this.keys = keys;
        this.tx = tx;
    }

    /** A workspace with one brand, one admin (password {@link #PASSWORD}) and both kinds of key. */
    public Tenant aWorkspace() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        return tx.execute(status -> {
            Workspace workspace = workspaces.create("Workspace " + tag);
            Caller system = Caller.system(workspace.id());
            Brand brand = brands.create(system, "Brand " + tag, null);
            User admin = users.create(system, "admin-" + tag, "Admin " + tag, Role.ADMIN, PASSWORD);
            String management =
                    keys.issue(system, KeyKind.MANAGEMENT, "management").secret();
            String write = keys.issue(system, KeyKind.WRITE, "write").secret();
            Caller adminCaller =
                    new Caller(workspace.id(), Caller.ActorKind.USER, admin.id(), admin.username(), Role.ADMIN);
            return new Tenant(workspace, brand, admin, adminCaller, management, write);
        });
    }

    /**
     * A service provider key of this test run (the provider lives in the oldest workspace, as the
     * first start puts it), issued once.
     */
    public synchronized String providerKey() {
        if (providerKey == null) {
            providerKey = tx.execute(status -> {
                long home = workspaces.oldest().orElseThrow().id();
                Caller provider = new Caller(home, Caller.ActorKind.SYSTEM, null, "system", Role.PROVIDER);
                return keys.issue(provider, KeyKind.PROVIDER, "provider").secret();
            });
        }
        return providerKey;
    }

    /** A console login of the service provider (in the oldest workspace), password {@link #PASSWORD}. */
    public User aProviderUser() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        return tx.execute(status -> users.create(
                Caller.system(workspaces.oldest().orElseThrow().id()),
                "provider-" + tag,
                "Provider " + tag,
                Role.PROVIDER,
                PASSWORD));
    }

    /** A user of {@code role} in the tenant's workspace, password {@link #PASSWORD}. */
    public User aUser(Tenant tenant, Role role) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        return users.create(tenant.admin(), role.id() + "-" + tag, role.id() + " " + tag, role, PASSWORD);
    }

    public record Tenant(
            Workspace workspace, Brand brand, User adminUser, Caller admin, String managementKey, String writeKey) {}
}
