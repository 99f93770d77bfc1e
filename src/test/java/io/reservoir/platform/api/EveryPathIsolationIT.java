package io.reservoir.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.audience.TagKind;
import io.reservoir.audience.Tags;
import io.reservoir.platform.audit.AuditLog;
import io.reservoir.support.Api;
import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Every path of the OpenAPI document with a path variable, asked by workspace A's management key
 * for workspace B's objects: never a success, never B's data. The list is read from {@code
 * /v3/api-docs} at test time, so a new module's paths are covered by construction; a variable
 * that names an object B has (customer, brand, segment, snapshot, tag, reward, user, key, audit
 * entry) gets B's real id, any other a plausible value.
 */
@ReservoirIT
class EveryPathIsolationIT {

    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    Tags tags;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aKeyOfOneWorkspaceGetsNothingOfAnotherOnAnyPathOfTheApi() {
        Tenant a = tenants.aWorkspace();
        Tenant b = tenants.aWorkspace();
        Map<String, String> bIds = objectsOf(b);
        Api asA = Api.on(port).bearer(a.managementKey());
        JsonNode paths = Api.on(port).get("/v3/api-docs").json().path("paths");
        assertThat(paths.size()).as("the OpenAPI document lists the API").isGreaterThan(20);

        List<String> leaks = new ArrayList<>();
        int asked = 0;
        for (var path : paths.properties()) {
            String template = path.getKey();
            if (!VARIABLE.matcher(template).find()) {
                continue;
            }
            for (var operation : path.getValue().properties()) {
                String method = operation.getKey();
                if (!METHODS.contains(method)) {
                    continue;
                }
                boolean allReal = true;
                boolean anyReal = false;
                StringBuilder url = new StringBuilder();
                Matcher variable = VARIABLE.matcher(template);
                while (variable.find()) {
                    String id = idFor(template, variable.start(), variable.group(1), bIds);
                    allReal &= id != null;
                    anyReal |= id != null;
                    variable.appendReplacement(
                            url, Matcher.quoteReplacement(id != null ? id : plausible(variable.group(1))));
                }
                variable.appendTail(url);
                url.append(requiredQuery(operation.getValue(), bIds));
                Api.Reply reply = send(asA, method, url.toString());
                asked++;
                String what = method.toUpperCase() + " " + url + " → " + reply.status();
                if (reply.status() >= 500 || (anyReal && reply.status() < 400)) {
                    leaks.add(what + " " + abbreviated(reply.body()));
                } else if (reply.status() >= 400
                        && !Set.of(400, 403, 404, 405, 409, 415).contains(reply.status())) {
                    leaks.add(what + " (unexpected status)");
                } else if (allReal && method.equals("get") && reply.status() != 404 && !isProviderPath(template)) {
                    leaks.add(what + " (an object of another workspace must simply not be found)");
                }
                for (String secret : List.of(
                        b.workspace().name(), b.brand().name(), b.adminUser().username())) {
                    if (reply.body() != null && reply.body().contains(secret)) {
                        leaks.add(what + " shows " + secret);
                    }
                }
            }
        }

        assertThat(asked).as("operations asked").isGreaterThan(40);
        assertThat(leaks).as("answers to A about B's objects").isEmpty();
        Api asB = Api.on(port).bearer(b.managementKey());
        assertThat(asB.get("/api/v1/customers/" + bIds.get("customers")).status())
                .as("B's objects are all still there")
                .isEqualTo(200);
        assertThat(asB.get("/api/v1/segments/" + bIds.get("segments")).status()).isEqualTo(200);
        assertThat(asB.get("/api/v1/snapshots/" + bIds.get("snapshots")).status())
                .isEqualTo(200);
        assertThat(asB.get("/api/v1/tags/" + bIds.get("tags")).status()).isEqualTo(200);
        assertThat(asB.get("/api/v1/brands/" + bIds.get("brands")).status()).isEqualTo(200);
    }

    /** Regression: springdoc listed the injected Caller as a required query parameter {@code caller}. */
    @Test
    void theApiDocumentAsksForNoCallerOrMemberPass() {
        JsonNode paths = Api.on(port).get("/v3/api-docs").json().path("paths");

        assertThat(paths.findValuesAsString("name")).doesNotContain("caller", "pass", "memberPass");
    }

    /** Real ids of B's objects, by the collection that names them in a path. */
    private Map<String, String> objectsOf(Tenant b) {
        long ws = b.workspace().id();
        Api asB = Api.on(port).bearer(b.managementKey());
        Events events = new Events(port, b, jdbc);
        events.send(Message.identify().user("b-1").channel("web").trait("name", "B one"));
        int customerNo = events.customerOf("app_user_id", "b-1");
        String customer = jdbc.queryForObject(
                "select public_id from customer where workspace_id = ? and customer_no = ?",
                String.class,
                ws,
                customerNo);
        var tag = tags.create(b.admin(), "b-vip", TagKind.MANUAL, null, null);
        tags.assign(b.admin(), tag.id(), null, List.of(customerNo), "upload");
        Api.Reply segment = asB.post("/api/v1/segments", "{\"name\": \"B VIP\", \"rule\": {\"tag\": \"b-vip\"}}");
        assertThat(segment.status()).as(segment.body()).isEqualTo(201);
        String segmentId = segment.json().path("id").asString();
        Api.Reply snapshot = asB.post("/api/v1/segments/" + segmentId + "/snapshots", "");
        assertThat(snapshot.status()).as(snapshot.body()).isEqualTo(201);
        Api.Reply reward = asB.post(
                "/api/v1/loyalty/rewards",
                "{\"brand\":" + b.brand().id()
                        + ",\"name\":\"B gift\",\"kind\":\"gift\",\"pointsPrice\":40,\"stock\":9}");
        assertThat(reward.status()).as(reward.body()).isEqualTo(200);
        long key =
                asB.get("/api/v1/keys").json().path("items").get(0).path("id").asLong();
        long entry = audit.page(b.admin(), null, null, 1).get(0).id();
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("customers", customer);
        ids.put("members", customer);
        ids.put("accounts", customer);
        ids.put("brands", Long.toString(b.brand().id()));
        ids.put("programs", Long.toString(b.brand().id()));
        ids.put("segments", segmentId);
        ids.put("snapshots", snapshot.json().path("id").asString());
        ids.put("tags", Long.toString(tag.id()));
        ids.put("rewards", reward.json().path("id").asString());
        ids.put("users", Long.toString(b.adminUser().id()));
        ids.put("keys", Long.toString(key));
        ids.put("audit", Long.toString(entry));
        ids.put("workspaces", Long.toString(ws));
        return ids;
    }

    /**
     * B's id for the variable at {@code at} of {@code template}: by its name ({@code customerId},
     * {@code brandId}) or, for a plain {@code {id}}, by the collection before it; null when B has
     * no such object.
     */
    private static String idFor(String template, int at, String name, Map<String, String> ids) {
        if (name.equals("customerId")) {
            return ids.get("customers");
        }
        if (name.equals("brandId")) {
            return ids.get("brands");
        }
        if (!name.equals("id")) {
            return null;
        }
        String before = template.substring(0, at);
        String[] segments = before.split("/");
        return ids.get(segments[segments.length - 1]);
    }

    /** The query parameters an operation requires: B's brand for {@code brand}, a plausible value otherwise. */
    private static String requiredQuery(JsonNode operation, Map<String, String> ids) {
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.path("in").asString().equals("query")
                    && parameter.path("required").asBoolean()) {
                String name = parameter.path("name").asString();
                query.append(query.length() == 0 ? "?" : "&")
                        .append(name)
                        .append('=')
                        .append(name.equals("brand") ? ids.get("brands") : plausible(name));
            }
        }
        return query.toString();
    }

    private static String plausible(String name) {
        return switch (name) {
            case "channel" -> "sms";
            case "templateId" -> "old_member";
            case "period" -> "2025-11";
            default -> "1";
        };
    }

    private static boolean isProviderPath(String template) {
        return template.startsWith("/api/v1/workspaces");
    }

    private static Api.Reply send(Api api, String method, String url) {
        return switch (method) {
            case "get" -> api.get(url);
            case "delete" -> api.delete(url);
            case "post" -> api.post(url, "{}");
            case "put" -> api.put(url, "{}");
            default -> api.patch(url, "{}");
        };
    }

    private static String abbreviated(String body) {
        return body == null || body.length() < 200 ? String.valueOf(body) : body.substring(0, 200) + "…";
    }
}
