package io.reservoir.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.TrackMessage;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Segment's own Java library, pointed at Reservoir and otherwise unchanged, delivers its events. */
@ReservoirIT
class SegmentClientIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theSegmentJavaClientDeliversIdentifyAndTrackCalls() throws Exception {
        Tenant tenant = tenants.aWorkspace();
        CountDownLatch delivered = new CountDownLatch(3);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Analytics analytics = Analytics.builder(tenant.writeKey())
                .endpoint("http://localhost:" + port)
                .flushQueueSize(3)
                .callback(new Callback() {
                    @Override
                    public void success(Message message) {
                        delivered.countDown();
                    }

                    @Override
                    public void failure(Message message, Throwable throwable) {
                        failures.add(throwable);
                        delivered.countDown();
                    }
                })
                .build();
        try {
            analytics.enqueue(IdentifyMessage.builder()
                    .userId("segment-user-1")
                    .traits(Map.of("phone", "13900139000", "name", "李四", "city", "杭州")));
            analytics.enqueue(TrackMessage.builder("Order Completed")
                    .userId("segment-user-1")
                    .properties(Map.of("order_id", "SEG-1", "total", 88.8, "currency", "CNY")));
            analytics.enqueue(TrackMessage.builder("Store Followed")
                    .anonymousId("segment-anon-1")
                    .userId("segment-user-1")
                    .context(Map.of("channel", "tmall")));
            analytics.flush();
            assertThat(delivered.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            analytics.shutdown();
        }

        assertThat(failures).isEmpty();
        long ws = tenant.workspace().id();
        assertThat(jdbc.queryForObject("select count(*) from event_log where workspace_id = ?", Long.class, ws))
                .isEqualTo(3);
        assertThat(jdbc.queryForObject(
                        "select paid_fen from customer_order where workspace_id = ? and order_id = 'SEG-1'",
                        Long.class,
                        ws))
                .isEqualTo(8880);
        assertThat(jdbc.queryForObject(
                        "select count(distinct customer_no) from event_log where workspace_id = ?", Long.class, ws))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "select attr_value from customer_attribute where workspace_id = ? and name = 'city'",
                        String.class,
                        ws))
                .isEqualTo("杭州");
    }
}
