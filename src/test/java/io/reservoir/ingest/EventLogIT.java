package io.reservoir.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.ingest.EventLog.Reading;
import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The log as its followers read it: in order, once, with the order book's amounts, narrowed as asked. */
@ReservoirIT
class EventLogIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventLog log;

    Events events;
    long ws;

    @BeforeEach
    void workspace() {
        events = new Events(port, tenants.aWorkspace(), jdbc);
        ws = events.workspaceId();
    }

    @Test
    void aFollowerPagingThroughTheLogSeesEveryMessageOnceInTheOrderItWasLogged() {
        assertThat(log.end(ws)).isZero();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String id = "m" + i;
            Message message = switch (i % 3) {
                case 0 -> Message.identify().user("p" + i).trait("city", "Hangzhou");
                case 1 -> Message.track(EventNames.FIELD_VISITED).user("p" + i).property("field", "store");
                default -> Message.page("home").anonymous("a" + i);
            };
            events.send(message.id(id));
            sent.add(id);
        }

        List<String> read = new ArrayList<>();
        long cursor = 0;
        for (List<LoggedEvent> page; !(page = log.next(ws, Reading.everything().after(cursor), 3)).isEmpty(); ) {
            assertThat(page).hasSizeLessThanOrEqualTo(3);
            for (LoggedEvent e : page) {
                assertThat(e.seq()).isGreaterThan(cursor);
                cursor = e.seq();
                read.add(e.messageId());
            }
        }

        assertThat(read).isEqualTo(sent);
        assertThat(cursor).isEqualTo(log.end(ws));
    }

    @Test
    void anOrderAndItsRefundCarryTheOrderBooksAmountsAndTheBuyer() {
        events.send(Message.order("T-1", "299.99").user("buyer").id("order"));
        events.send(Message.track(EventNames.ORDER_REFUNDED)
                .user("buyer")
                .property("order_id", "T-1")
                .property("total", "100")
                .id("refund"));
        events.send(Message.order("T-1", "299.99").user("buyer").id("copy")); // the same order again: only logged
        int buyer = events.customerOf("app_user_id", "buyer");

        List<LoggedEvent> read =
                log.next(ws, Reading.everything().named(EventNames.ORDER_COMPLETED, EventNames.ORDER_REFUNDED), 10);

        assertThat(read).extracting(LoggedEvent::messageId).containsExactly("order", "refund", "copy");
        assertThat(read.get(0).order()).isEqualTo(new LoggedEvent.Order("T-1", 29_999));
        assertThat(read.get(0).refund()).isNull();
        assertThat(read.get(1).order()).isNull();
        assertThat(read.get(1).refund()).isEqualTo(new LoggedEvent.Refund("T-1", 10_000, buyer, 29_999L));
        assertThat(read.get(2).order()).isNull();
        assertThat(read).allSatisfy(e -> {
            assertThat(e.customerNo()).isEqualTo(buyer);
            assertThat(e.isTrack()).isTrue();
            assertThat(e.properties()).isNull(); // not asked for
        });
    }

    @Test
    void aReadingNarrowsByNameCustomerTimeAndSequenceAndDecodesOnlyTheAskedProperties() {
        Instant now = TestClock.now();
        events.send(Message.track(EventNames.CONTENT_SHARED)
                .user("a")
                .property("share_code", "S1")
                .at(now.minus(Duration.ofDays(3)))
                .id("old share"));
        events.send(Message.track(EventNames.CONTENT_SHARED)
                .user("a")
                .property("share_code", "S2")
                .at(now.minus(Duration.ofHours(1)))
                .id("new share"));
        events.send(Message.track(EventNames.FIELD_VISITED)
                .user("b")
                .property("field", "live_room")
                .id("visit"));
        events.send(Message.identify().user("b").trait("city", "Ningbo").id("identify"));
        int a = events.customerOf("app_user_id", "a");
        int b = events.customerOf("app_user_id", "b");

        assertThat(scan(Reading.everything().tracks())).containsExactlyInAnyOrder("old share", "new share", "visit");
        assertThat(scan(Reading.everything().ofCustomers(List.of(b)))).containsExactlyInAnyOrder("visit", "identify");
        assertThat(scan(Reading.everything().ofCustomers(List.of()))).isEmpty();
        assertThat(scan(Reading.everything()
                        .occurredAfter(now.minus(Duration.ofDays(1)))
                        .named(EventNames.CONTENT_SHARED)))
                .containsExactly("new share");
        long secondSeq = log.next(ws, Reading.everything(), 2).get(1).seq();
        assertThat(scan(Reading.everything().through(secondSeq))).containsExactlyInAnyOrder("old share", "new share");
        assertThat(scan(Reading.everything().after(secondSeq))).containsExactlyInAnyOrder("visit", "identify");

        List<LoggedEvent> shares = new ArrayList<>();
        log.scan(ws, Reading.everything().withProperties(EventNames.CONTENT_SHARED), e -> {
            if (e.properties() != null) {
                shares.add(e);
            }
        });
        assertThat(shares)
                .extracting(e -> e.properties().path("share_code").asString())
                .containsExactlyInAnyOrder("S1", "S2");
        assertThat(shares).allSatisfy(e -> assertThat(e.customerNo()).isEqualTo(a));
        List<LoggedEvent> visits = log.next(ws, Reading.everything().named(EventNames.FIELD_VISITED), 5);
        assertThat(visits).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("live_room");
            assertThat(e.name()).isEqualTo(EventNames.FIELD_VISITED);
        });
    }

    private Set<String> scan(Reading reading) {
        Set<String> ids = new java.util.HashSet<>();
        log.scan(
                ws,
                reading,
                e -> assertThat(ids.add(e.messageId())).as("read once").isTrue());
        return ids;
    }
}
