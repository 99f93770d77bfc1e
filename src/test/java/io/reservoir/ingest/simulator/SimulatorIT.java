package io.reservoir.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Api;
import io.reservoir.support.DemoBrand;
import io.reservoir.support.Events;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** A simulated brand through the real intake: every message accepted, and the brand looks like one. */
@ReservoirIT
class SimulatorIT {

    static final int MEMBERS = 600;

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    DemoBrand demoBrand;

    @Autowired
    SimulateCommand command;

    @Autowired
    JdbcTemplate jdbc;

    Tenant tenant;
    Events events;

    @Autowired
    Clock clock;

    @BeforeEach
    void workspace() {
        tenant = tenants.aWorkspace();
        events = new Events(port, tenant, jdbc);
    }

    @Test
    void everyMessageIsAcceptedAndTheBrandHasOrdersRefundsRelationsMergesAndADouble11Peak() {
        SimulationSummary summary = demoBrand.simulate(tenant, MEMBERS);
        SimulationCounts counts = summary.counts();

        assertThat(summary.accepted()).isEqualTo(counts.messages());
        assertThat(summary.duplicates()).isZero();
        assertThat(events.count("from event_log where workspace_id = ?")).isEqualTo(counts.messages());
        assertThat(events.count("from customer_order where workspace_id = ?"))
                .isEqualTo(counts.orders())
                .isGreaterThan(MEMBERS);
        long refunds = events.count("from order_refund where workspace_id = ?");
        assertThat(refunds).isEqualTo(counts.refunds());
        assertThat((double) refunds / counts.orders()).isBetween(0.05, 0.10);
        assertThat(events.count("""
                        from customer_order o where o.workspace_id = ? and o.paid_fen < (select sum(r.amount_fen)
                          from order_refund r where r.workspace_id = o.workspace_id and r.order_id = o.order_id)""")).isZero();

        assertThat(events.count(
                        "from customer_relation where workspace_id = ? and field = 'membership' and until is null"))
                .isEqualTo(counts.members())
                .isEqualTo(MEMBERS);
        for (String field : List.of("store", "group_chat", "live_room", "guide_wecom", "subscription")) {
            assertThat(events.count(
                            "from customer_relation where workspace_id = ? and field = ? and until is null", field))
                    .as("open %s relations", field)
                    .isPositive();
        }
        assertThat(events.count("from customer_relation where workspace_id = ? and until is not null"))
                .isPositive();
        assertThat(events.count("from customer_merge where workspace_id = ?")).isPositive();
        assertThat(events.count("from customer_order where workspace_id = ? and share_code is not null"))
                .isEqualTo(counts.referredOrders())
                .isPositive();
        assertThat(events.count("from customer_order where workspace_id = ? and guide_code is not null"))
                .isEqualTo(counts.guideOrders())
                .isPositive();
        assertThat(events.count("from customer_consent where workspace_id = ? and channel = 'sms' and granted = false"))
                .isPositive();
    }

    @Test
    void simulatingTheSameSeedAgainChangesNothing() {
        SimulationSettings settings = DemoBrand.settings(tenant, 100);
        SimulationSummary first = demoBrand.simulate(tenant, settings);
        long customers = events.count("from customer where workspace_id = ?");

        SimulationSummary again = demoBrand.simulate(tenant, settings);

        assertThat(again.counts()).isEqualTo(first.counts());
        assertThat(again.accepted()).isZero();
        assertThat(again.duplicates()).isEqualTo(first.counts().messages());
        assertThat(events.count("from customer where workspace_id = ?")).isEqualTo(customers);
    }

    @Test
    void theCommandSimulatesIntoAWorkspaceAndCreatesTheBrand() {
        Output output = new Output();
        int status = command.run(
                List.of(
                        "--members",
                        "50",
                        "--days=30",
                        "--seed",
                        "4",
                        "--start",
                        "2025-06-01",
                        "--workspace",
                        Long.toString(tenant.workspace().id()),
                        "--brand",
                        "悦颜 Demo"),
                output.out,
                output.err);

        assertThat(status).as(output.err()).isZero();
        assertThat(output.out()).contains("Done in").contains("悦颜 Demo").contains("orders");
        assertThat(events.count("from brand where workspace_id = ? and name = ?", "悦颜 Demo"))
                .isEqualTo(1);
        assertThat(events.count("from customer_order where workspace_id = ?")).isPositive();
    }

    @Test
    void theCommandsDemoBrandComesWithItsProgramAndAudiencesOnceAndKeepsAnOperatorsOwn() {
        List<String> small = List.of("--members", "20", "--days", "7", "--workspace", Long.toString(ws(tenant)));
        for (int run = 1; run <= 2; run++) {
            Output output = new Output();
            assertThat(command.run(small, output.out, output.err))
                    .as(output.err())
                    .isZero();
        }
        assertThat(events.count("from loyalty_program where workspace_id = ? and points_per_yuan = 1"))
                .as("the demo program")
                .isEqualTo(1);
        assertThat(events.count("from reward_item where workspace_id = ?")).isEqualTo(5);
        assertThat(events.count("from segment where workspace_id = ?"))
                .as("the seven standard audiences, once though simulated twice")
                .isEqualTo(7);

        // a brand with a program of its own keeps it, and the plain simulator sets nothing up
        Tenant own = tenants.aWorkspace();
        assertThat(Api.on(port)
                        .bearer(own.managementKey())
                        .put("/api/v1/loyalty/programs/" + own.brand().id(), "{\"pointsPerYuan\": 3}")
                        .status())
                .isEqualTo(200);
        Output output = new Output();
        List<String> ownWorkspace = List.of("--members", "20", "--days", "7", "--workspace", Long.toString(ws(own)));
        assertThat(command.run(ownWorkspace, output.out, output.err))
                .as(output.err())
                .isZero();
        assertThat(jdbc.queryForObject(
                        "select points_per_yuan from loyalty_program where workspace_id = ?", Integer.class, ws(own)))
                .isEqualTo(3);
        assertThat(jdbc.queryForObject("select count(*) from reward_item where workspace_id = ?", Long.class, ws(own)))
                .isZero();
        Tenant plain = tenants.aWorkspace();
        demoBrand.simulate(plain, 20);
        assertThat(jdbc.queryForObject(
                        "select count(*) from loyalty_program where workspace_id = ?", Long.class, ws(plain)))
                .isZero();
        assertThat(jdbc.queryForObject("select count(*) from segment where workspace_id = ?", Long.class, ws(plain)))
                .isZero();
    }

    private static long ws(Tenant tenant) {
        return tenant.workspace().id();
    }

    @Test
    void withoutAStartTheSimulatedPeriodEndsYesterday() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Shanghai")));
        Output output = new Output();

        int status = command.run(
                List.of(
                        "--members",
                        "20",
                        "--days",
                        "7",
                        "--workspace",
                        Long.toString(tenant.workspace().id())),
                output.out,
                output.err);

        assertThat(status).as(output.err()).isZero();
        assertThat(output.out()).contains("over 7 days from " + today.minusDays(7));
        assertThat(events.count(
                        "from event_log where workspace_id = ? and occurred_at >= ?",
                        today.atStartOfDay(ZoneId.of("Asia/Shanghai")).toOffsetDateTime()))
                .as("nothing today or later")
                .isZero();
        assertThat(events.count(
                        "from event_log where workspace_id = ? and occurred_at >= ?",
                        today.minusDays(7)
                                .atStartOfDay(ZoneId.of("Asia/Shanghai"))
                                .toOffsetDateTime()))
                .as("the week before today has the brand's life")
                .isPositive();
    }

    @Test
    void theCommandExplainsBadArguments() {
        Output bad = new Output();
        assertThat(command.run(List.of("--members", "many"), bad.out, bad.err)).isEqualTo(2);
        assertThat(bad.err()).contains("--members must be a whole number, not 'many'");

        Output future = new Output();
        assertThat(command.run(List.of("--start", "2099-01-01"), future.out, future.err))
                .isEqualTo(2);
        assertThat(future.err()).contains("--days").contains("before today");

        Output unknown = new Output();
        assertThat(command.run(List.of("--workspace", "987654321"), unknown.out, unknown.err))
                .isEqualTo(2);
        assertThat(unknown.err()).contains("--workspace").contains("not found");

        Output help = new Output();
        assertThat(command.run(List.of("--help"), help.out, help.err)).isZero();
        assertThat(help.out()).contains("Usage: reservoir simulate");
    }

    static final class Output {
        final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

        String out() {
            return outBytes.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return errBytes.toString(StandardCharsets.UTF_8);
        }
    }
}
