package io.reservoir.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.reservoir.support.Api;
import io.reservoir.support.ChildDatabase;
import io.reservoir.support.ChildReservoir;
import io.reservoir.support.Message;
import io.reservoir.support.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Reservoir nodes over one database, each logging and projecting: the same new identities sent
 * to both at once make one person each, every event is projected once, and a merge made through
 * one node is what the other resolves to afterwards (its cache of identities follows the workspace's
 * generation).
 */
@ExtendWith(TestDatabase.Availability.class)
class TwoNodesIdentityIT {

    static final String WRITE_KEY = "two_nodes_write_key_0123456789ab";
    static final int PEOPLE = 300;

    @TempDir
    Path dir;

    @Test
    void theSameNewIdentitiesSentToTwoNodesAtOnceMakeOnePersonEach() throws Exception {
        assumeTrue(TestDatabase.postgres(), "two nodes share one database on PostgreSQL only; skipped on embedded H2");
        ChildDatabase db = ChildDatabase.forThisRun(dir);
        String dataKey = ChildDatabase.randomDataKey();
        try (ChildReservoir first = ChildReservoir.start(dir.resolve("a.log"), node(db, dataKey, dir.resolve("a")));
                ChildReservoir second =
                        ChildReservoir.start(dir.resolve("b.log"), node(db, dataKey, dir.resolve("b")))) {
            Api a = Api.on(first.port()).basic(WRITE_KEY);
            Api b = Api.on(second.port()).basic(WRITE_KEY);

            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<?>> sent = new ArrayList<>();
            sent.add(clients.submit(() -> sendPeople(a, "a1", false)));
            sent.add(clients.submit(() -> sendPeople(b, "b1", true)));
            sent.add(clients.submit(() -> sendPeople(a, "a2", true)));
            sent.add(clients.submit(() -> sendPeople(b, "b2", false)));
            for (Future<?> f : sent) {
                f.get();
            }
            clients.shutdown();
            projected(a);
            projected(b);

            assertThat(db.number("select count(*) from customer where status = 'active'"))
                    .isEqualTo(PEOPLE + 2);
            assertThat(db.number("select count(distinct customer_no) from customer_identity where id_type = 'phone'"))
                    .isEqualTo(PEOPLE);
            assertThat(db.number("select count(*) from identity_conflict")).isZero();
            assertThat(db.number("select count(*) from event_log where customer_no is null"))
                    .isZero();
            assertThat(db.number("select count(*) from event_log")).isEqualTo(4L * PEOPLE + 2);

            // a merge through one node; the other resolves the merged identity to the survivor
            send(a, Message.track("Store Followed").id("m-1").user("merge-user"));
            send(a, Message.track("Store Followed").id("m-2").anonymous("merge-anon"));
            send(b, Message.track("Checked In").id("m-3").user("merge-user").anonymous("merge-anon"));
            send(a, Message.track("Product Viewed").id("m-4").anonymous("merge-anon"));
            long survivor = db.number(
                    "select customer_no from customer_identity where id_type = 'app_user_id' and lookup_key = 'merge-user'");
            assertThat(db.number("select customer_no from event_log where message_id = 'm-4'"))
                    .isEqualTo(survivor);
            assertThat(
                            db.number(
                                    "select customer_no from customer_identity where id_type = 'anonymous_id' and lookup_key = 'merge-anon'"))
                    .isEqualTo(survivor);
            assertThat(db.number("select count(*) from customer where status = 'active'"))
                    .isEqualTo(PEOPLE + 3);
        }
    }

    private static List<String> node(ChildDatabase db, String dataKey, Path dataDir) {
        List<String> settings = new ArrayList<>(db.settings());
        settings.addAll(List.of(
                "--reservoir.data-dir=" + dataDir,
                "--reservoir.data-key=" + dataKey,
                "--reservoir.admin-password=two-nodes-admin-1",
                "--reservoir.bootstrap.write-key=" + WRITE_KEY));
        return settings;
    }

    /** Every person once, by user id and phone, in batches of 50, answered once logged. */
    private static Void sendPeople(Api api, String client, boolean backwards) {
        List<Message> batch = new ArrayList<>();
        for (int n = 0; n < PEOPLE; n++) {
            int person = backwards ? PEOPLE - 1 - n : n;
            batch.add(Message.identify()
                    .id(client + "-" + person)
                    .user("person-" + person)
                    .trait("phone", "139" + String.format("%08d", person)));
            if (batch.size() == 50) {
                Api.Reply reply = api.postLogged("/v1/batch", Message.batch(batch));
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                batch.clear();
            }
        }
        return null;
    }

    private static void send(Api api, Message message) {
        Api.Reply reply = api.post("/v1/" + message.type(), message.json());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    /** Waits, through the intake, until everything logged so far is projected. */
    private static void projected(Api api) {
        send(api, Message.track("Synced").user("sync-" + api.hashCode()));
    }
}
