package io.reservoir.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Tenants.Tenant;
import org.springframework.jdbc.core.JdbcTemplate;

/** Sends Segment messages as a tenant's write key and reads back what intake made of them. */
public final class Events {

    private final Api api;
    private final JdbcTemplate jdbc;
    private final long workspaceId;

    public Events(int port, Tenant tenant, JdbcTemplate jdbc) {
        this.api = Api.on(port).basic(tenant.writeKey());
        this.jdbc = jdbc;
        this.workspaceId = tenant.workspace().id();
    }

    /** Sends one message built with {@link Message} and requires it to be accepted. */
    public void send(Message message) {
        Api.Reply reply = api.post("/v1/" + message.type(), message.json());
        assertThat(reply.status()).as("%s → %s", message, reply.body()).isEqualTo(200);
    }

    public Api.Reply attempt(String type, String json) {
        return api.post("/v1/" + type, json);
    }

    /** The customer number that holds an identity, e.g. {@code ("app_user_id", "u1")}; plain types only. */
    public Integer customerOf(String type, String value) {
        var found = jdbc.queryForList(
                "select customer_no from customer_identity where workspace_id = ? and id_type = ? and lookup_key = ?",
                Integer.class,
                workspaceId,
                type,
                value);
        return found.isEmpty() ? null : found.get(0);
    }

    public long count(String sqlFromWhere, Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = workspaceId;
        System.arraycopy(args, 0, all, 1, args.length);
        return jdbc.queryForObject("select count(*) " + sqlFromWhere, Long.class, all);
    }

    public long workspaceId() {
        return workspaceId;
    }
}
