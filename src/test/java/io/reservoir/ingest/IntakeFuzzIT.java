package io.reservoir.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Api;
import io.reservoir.support.Events;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Malformed and hostile input, generated from a fixed seed: the answer is always a 2xx or a 4xx
 * in the error shape, a refused call writes nothing, and the server stays up.
 */
@ReservoirIT
class IntakeFuzzIT {

    static final long SEED = 20261122L;
    static final int CASES = 400;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void hostileInputIsRefusedCleanlyAndNeverHalfWritten() {
        var tenant = tenants.aWorkspace();
        Events events = new Events(port, tenant, jdbc);
        Api api = Api.on(port).basic(tenant.writeKey());
        Random random = new Random(SEED);
        List<Supplier<byte[]>> generators = generators(random);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] body = generators.get(random.nextInt(generators.size())).get();
            boolean batch = body.length > 0
                    && new String(body, 0, Math.min(10, body.length), StandardCharsets.ISO_8859_1)
                            .startsWith("{\"batch\"");
            long before = events.count("from event_log where workspace_id = ?");

            var reply = api.send(api.request(batch ? "/v1/batch" : "/v1/track")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

            long after = events.count("from event_log where workspace_id = ?");
            String shown = new String(body, 0, Math.min(200, body.length), StandardCharsets.UTF_8);
            assertThat(reply.status())
                    .as("case %d: %s → %s", i, shown, reply.body())
                    .isBetween(200, 499);
            if (reply.status() >= 400) {
                refused++;
                assertThat(reply.errorCode())
                        .as("case %d error shape: %s", i, reply.body())
                        .isNotBlank();
                assertThat(after)
                        .as("case %d wrote despite %d", i, reply.status())
                        .isEqualTo(before);
            } else {
                accepted++;
                assertThat(after - before).as("case %d", i).isBetween(0L, (long) SegmentController.MAX_BATCH_EVENTS);
            }
        }
        assertThat(refused).isGreaterThan(CASES / 2);
        assertThat(accepted).isPositive();
        assertThat(Api.on(port).get("/actuator/health").status()).isEqualTo(200);
    }

    private static List<Supplier<byte[]>> generators(Random random) {
        List<Supplier<byte[]>> g = new ArrayList<>();
        g.add(() -> bytes(JSON.writeValueAsString(mutate(valid(random), random))));
        g.add(() -> bytes(JSON.writeValueAsString(mutate(valid(random), random))));
        g.add(() -> bytes(JSON.writeValueAsString(mutate(mutate(valid(random), random), random))));
        g.add(() -> {
            ObjectNode batch = JSON.createObjectNode();
            ArrayNode items = batch.putArray("batch");
            for (int i = 0; i < 1 + random.nextInt(5); i++) {
                ObjectNode m = valid(random);
                m.put("type", "track");
                items.add(random.nextInt(3) == 0 ? mutate(m, random) : m);
            }
            return bytes(JSON.writeValueAsString(batch));
        });
        g.add(() -> {
            byte[] garbage = new byte[random.nextInt(300)];
            random.nextBytes(garbage);
            return garbage;
        });
        g.add(() -> {
            String valid = JSON.writeValueAsString(valid(random));
            return bytes(valid.substring(0, random.nextInt(valid.length())));
        });
        g.add(() -> bytes("[".repeat(50_000) + "]".repeat(50_000)));
        g.add(() ->
                bytes("{\"userId\":\"u\",\"event\":\"Order Completed\",\"properties\":{\"order_id\":\"o\",\"total\":"
                        + "9".repeat(2_000 + random.nextInt(5_000)) + "}}"));
        g.add(
                () -> bytes(
                        "{\"userId\":\"u\",\"event\":\"Order Completed\",\"properties\":{\"order_id\":\"o\",\"total\":1e400}}"));
        g.add(() -> {
            byte[] prefix = bytes("{\"userId\":\"");
            byte[] suffix = bytes("\",\"event\":\"E\"}");
            byte[] invalid = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80
            };
            byte[] body = new byte[prefix.length + invalid.length + suffix.length];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            System.arraycopy(invalid, 0, body, prefix.length, invalid.length);
            System.arraycopy(suffix, 0, body, prefix.length + invalid.length, suffix.length);
            return body;
        });
        g.add(() ->
                bytes("{\"userId\":\"u\",\"event\":\"Order Refunded\",\"properties\":{\"order_id\":\"nope\",\"total\":-"
                        + random.nextInt(1000) + "}}"));
        g.add(() -> bytes("{\"userId\":\"u\",\"event\":\"E\",\"timestamp\":\"" + (2030 + random.nextInt(9000))
                + "-01-01T00:00:00Z\"}"));
        g.add(() -> bytes("{\"userId\":\"u\",\"userId\":{\"dup\":true},\"event\":\"E\"}"));
        g.add(() -> bytes(""));
        return g;
    }

    private static ObjectNode valid(Random random) {
        ObjectNode m = JSON.createObjectNode();
        m.put("userId", "fuzz-" + random.nextInt(50));
        m.put("messageId", "fuzz-" + random.nextLong());
        m.put("event", random.nextBoolean() ? "Order Completed" : "Member Joined");
        ObjectNode p = m.putObject("properties");
        p.put("order_id", "FZ-" + random.nextInt(1_000_000));
        p.put("total", random.nextInt(100_000) / 100.0 + "");
        p.put("coupon", "C" + random.nextInt(10));
        ObjectNode context = m.putObject("context");
        context.put("channel", "tmall");
        context.putObject("identities").put("phone", "1380000" + (1000 + random.nextInt(8999)));
        ObjectNode traits = m.putObject("traits");
        traits.put("email", "fuzz" + random.nextInt(100) + "@example.com");
        return m;
    }

    /** Replaces one value anywhere in the message with something of another kind. */
    private static ObjectNode mutate(ObjectNode message, Random random) {
        List<ObjectNode> parents = new ArrayList<>();
        collect(message, parents);
        ObjectNode parent = parents.get(random.nextInt(parents.size()));
        List<String> names = new ArrayList<>(parent.propertyNames());
        String name = names.isEmpty() ? "x" : names.get(random.nextInt(names.size()));
        switch (random.nextInt(11)) {
            case 0 -> parent.putNull(name);
            case 1 -> parent.put(name, random.nextBoolean());
            case 2 -> parent.put(name, -random.nextInt(1_000_000));
            case 3 -> parent.put(name, new java.math.BigDecimal("1" + "0".repeat(random.nextInt(60)) + ".123456789"));
            case 4 -> parent.put(name, "x".repeat(random.nextInt(40_000)));
            case 5 -> parent.putArray(name).add(1).add("two").addObject().put("three", 3);
            case 6 ->
                parent.putObject(name).putObject("deep").putArray("deeper").add(random.nextDouble());
            case 7 -> parent.put(name, "\u0000\u0007控制\t" + random.nextInt());
            case 8 -> parent.remove(name);
            case 9 -> parent.put(name, "2026-13-45T99:99:99Z");
            default -> parent.put(name, random.nextLong());
        }
        return message;
    }

    private static void collect(JsonNode node, List<ObjectNode> parents) {
        if (node instanceof ObjectNode object) {
            parents.add(object);
            object.properties().forEach(e -> collect(e.getValue(), parents));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
