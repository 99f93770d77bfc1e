package io.reservoir.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reservoir.support.Api;
import io.reservoir.support.ChildDatabase;
import io.reservoir.support.ChildReservoir;
import io.reservoir.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL during a sustained ingest: every event answered with 2xx (once logged, the intake's
 * default) is in the database after the crash, clients retrying everything afterwards duplicate
 * nothing, and after the restart the projection catches up with every event exactly once — one
 * order row per logged order, every logged event given its customer.
 */
@ExtendWith(TestDatabase.Availability.class)
class IntakeDurabilityIT {

    static final String WRITE_KEY = "durability_write_key_0123456789";
    static final int CLIENTS = 4;
    static final int EVENTS_PER_BATCH = 50;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventSurvivesAKillAndRetriesDuplicateNothing() throws Exception {
        ChildDatabase db = ChildDatabase.forThisRun(dir);
        List<String> settings = new ArrayList<>(db.settings());
        settings.addAll(List.of(
                "--reservoir.data-dir=" + dir,
                "--reservoir.data-key=" + ChildDatabase.randomDataKey(),
                "--reservoir.admin-password=durability-admin-1",
                "--reservoir.bootstrap.write-key=" + WRITE_KEY));
        Path log = dir.resolve("reservoir.log");

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<List<String>> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        ChildReservoir first = ChildReservoir.start(log, settings);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            Thread thread = new Thread(() -> load(first.port(), client, stop, sent, acknowledged));
            thread.start();
            clients.add(thread);
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> acknowledged.size() >= 2_000);
        first.kill();
        db.awaitChildSessionsGone();
        stop.set(true);
        for (Thread thread : clients) {
            thread.join();
        }

        Set<String> afterCrash = new HashSet<>(db.strings("select message_id from event_log"));
        assertThat(afterCrash).containsAll(acknowledged);

        try (ChildReservoir second = ChildReservoir.start(log, settings)) {
            Api api = Api.on(second.port()).basic(WRITE_KEY);
            for (List<String> batch : List.copyOf(sent)) {
                assertThat(api.post("/v1/batch", batchJson(batch)).status()).isEqualTo(200);
            }
        }
        // the retries waited for their projection (the test's posts ask to): every event is projected
        assertThat(db.number("select count(*) from event_log where customer_no is null"))
                .as("every event projected")
                .isZero();
        assertThat(db.number("select count(*) from customer_order"))
                .as("each order projected once")
                .isEqualTo(db.number("select count(*) from event_log where event_name = 'Order Completed'"));
        assertThat(db.number("select max(projected_seq) from intake_projection"))
                .isEqualTo(db.number("select max(seq) from event_log"));
        Set<String> everything = new HashSet<>();
        sent.forEach(everything::addAll);
        assertThat(db.number("select count(*) from event_log")).isEqualTo(everything.size());
        assertThat(new HashSet<>(db.strings("select message_id from event_log")))
                .isEqualTo(everything);
    }

    private static void load(
            int port, int client, AtomicBoolean stop, List<List<String>> sent, Set<String> acknowledged) {
        Api api = Api.on(port).basic(WRITE_KEY);
        for (int n = 0; !stop.get(); n++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < EVENTS_PER_BATCH; i++) {
                ids.add("k-" + client + "-" + n + "-" + i);
            }
            sent.add(ids);
            try {
                if (api.postLogged("/v1/batch", batchJson(ids)).status() == 200) {
                    acknowledged.addAll(ids);
                }
            } catch (RuntimeException connectionLost) {
                return;
            }
        }
    }

    private static String batchJson(List<String> ids) {
        StringBuilder json = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            json.append(i == 0 ? "" : ",")
                    .append("{\"type\":\"track\",\"event\":\"Order Completed\",\"messageId\":\"")
                    .append(id)
                    .append("\",\"userId\":\"user-")
                    .append(id.hashCode() % 500)
                    .append("\",\"properties\":{\"order_id\":\"")
                    .append(id)
                    .append("\",\"total\":\"12.34\"}}");
        }
        return json.append("]}").toString();
    }
}
