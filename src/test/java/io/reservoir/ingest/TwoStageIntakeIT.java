package io.reservoir.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Api;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The two stages seen from a client: a write is answered once logged, with its log position; reads
 * wait for the projection of what was acknowledged; while the projection is held back the log keeps
 * acknowledging up to the bound and then answers 503 with {@code Retry-After}; the refund rule
 * counts orders logged and not yet projected. The projection is held back by locking the
 * workspace's projection row, as a second node projecting it would.
 */
@ReservoirIT
@TestPropertySource(properties = {"reservoir.intake.max-lag=100", "reservoir.intake.read-wait=2s"})
class TwoStageIntakeIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    Intake intake;

    Tenant tenant;
    Api writer;
    Api reader;

    @BeforeEach
    void workspace() {
        tenant = tenants.aWorkspace();
        writer = Api.on(port).basic(tenant.writeKey());
        reader = Api.on(port).bearer(tenant.managementKey());
    }

    @Test
    void aWriteIsAnsweredWithItsPositionAndALookupRightAfterFindsItsCustomer() {
        Api.Reply written = writer.postLogged(
                "/v1/identify",
                Message.identify().user("u-now").trait("name", "李四").json());

        assertThat(written.status()).isEqualTo(200);
        long position = position(written);
        assertThat(position).isPositive();
        Api.Reply found = reader.get("/api/v1/customers?identity=app_user_id:u-now");
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().path("items")).hasSize(1);
        assertThat(jdbc.queryForObject(
                        "select projected_seq from intake_projection where workspace_id = ?",
                        Long.class,
                        tenant.workspace().id()))
                .isGreaterThanOrEqualTo(position);
    }

    @Test
    void whileTheProjectionIsHeldBackTheLogAcknowledgesUpToTheBoundThenAsksToRetry() throws SQLException {
        long position;
        try (Connection held = holdProjection()) {
            Api.Reply first = writer.postLogged("/v1/batch", batchOf(101, "held"));
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            position = position(first);

            Api.Reply refused = writer.postLogged("/v1/batch", batchOf(1, "later"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(refused.errorCode()).isEqualTo("busy");
            assertThat(logged("later-0")).as("a refused call logs nothing").isZero();

            Api.Reply unprojected = reader.send(reader.request("/api/v1/customers?identity=app_user_id:held-0")
                    .header("Reservoir-Wait", "none")
                    .GET());
            assertThat(unprojected.json().path("items")).isEmpty();
            Api.Reply named = reader.send(reader.request("/api/v1/customers?identity=app_user_id:held-0")
                    .header("Reservoir-Log-Position", Long.toString(position))
                    .GET());
            assertThat(named.status()).isEqualTo(503);
            assertThat(named.headers().firstValue("Retry-After")).hasValue("1");
            held.rollback();
        }

        assertThat(intake.awaitProjected(tenant.workspace().id(), position, Duration.ofSeconds(60)))
                .isTrue();
        Api.Reply named = reader.send(reader.request("/api/v1/customers?identity=app_user_id:held-100")
                .header("Reservoir-Log-Position", Long.toString(position))
                .GET());
        assertThat(named.status()).isEqualTo(200);
        assertThat(named.json().path("items")).hasSize(1);
        assertThat(writer.postLogged("/v1/batch", batchOf(1, "later")).status()).isEqualTo(200);
    }

    @Test
    void aRefundIsCheckedAgainstOrdersLoggedAndNotYetProjected() throws SQLException {
        try (Connection held = holdProjection()) {
            assertThat(send(Message.order("P1", "100.00").user("buyer")).status())
                    .isEqualTo(200);
            Api.Reply tooMuch = send(refund("r1", "150.00"));
            assertThat(tooMuch.status()).isEqualTo(400);
            assertThat(tooMuch.errorField()).isEqualTo("properties.total");
            assertThat(send(refund("r2", "60.00")).status()).isEqualTo(200);
            assertThat(send(refund("r3", "50.00")).status()).as("40.00 is left").isEqualTo(400);
            held.rollback();
        }

        assertThat(reader.get("/api/v1/customers?identity=app_user_id:buyer").status())
                .isEqualTo(200);
        assertThat(jdbc.queryForObject(
                        "select sum(amount_fen) from order_refund where workspace_id = ? and order_id = 'P1'",
                        Long.class,
                        tenant.workspace().id()))
                .isEqualTo(6000L);
        assertThat(logged("r1") + logged("r3"))
                .as("refused refunds are not logged")
                .isZero();
    }

    @Test
    void theProjectionsLagAndDelayArePublished() {
        writer.postLogged(
                "/v1/track", Message.track("Product Viewed").user("metrics").json());

        String metrics = Api.on(port).get("/actuator/prometheus").body();

        assertThat(metrics).contains("reservoir_intake_projection_lag").contains("reservoir_intake_projection_delay");
    }

    private Api.Reply send(Message message) {
        return writer.postLogged("/v1/" + message.type(), message.json());
    }

    private static Message refund(String messageId, String total) {
        return Message.track(EventNames.ORDER_REFUNDED)
                .id(messageId)
                .user("buyer")
                .property("order_id", "P1")
                .property("total", total);
    }

    private static String batchOf(int events, String prefix) {
        return Message.batch(IntStream.range(0, events)
                .mapToObj(i ->
                        Message.track("Product Viewed").id(prefix + "-" + i).user(prefix + "-" + i))
                .toList());
    }

    private long logged(String messageId) {
        return jdbc.queryForObject(
                "select count(*) from event_log where workspace_id = ? and message_id = ?",
                Long.class,
                tenant.workspace().id(),
                messageId);
    }

    private static long position(Api.Reply reply) {
        return Long.parseLong(
                reply.headers().firstValue("Reservoir-Log-Position").orElseThrow());
    }

    /** Locks the workspace's projection row in an open transaction: the projection waits for it. */
    private Connection holdProjection() throws SQLException {
        // the row exists once the workspace logged something
        writer.post("/v1/track", Message.track("Opened").user("opener").json());
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement(
                "select projected_seq from intake_projection where workspace_id = ? for update")) {
            lock.setLong(1, tenant.workspace().id());
            lock.executeQuery().close();
        }
        return connection;
    }
}
