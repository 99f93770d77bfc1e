package io.reservoir.support;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The test calendar: the {@link Clock} of every Reservoir under test (its schedules included) and
 * the one "now" of the tests themselves.
 *
 * <p>The suite's dates are written against this calendar, never against the machine's date: on it,
 * the test JVM starts at {@link #TODAY}, and time then runs on at the pace of the machine's monotonic
 * clock, so schedules still tick, sessions age and timestamps keep their order. A test that places a
 * tier anniversary on 2026-12-02 therefore finds the loyalty schedule on 2026-11-20 today, next
 * year and ten years ago alike; before this calendar, such a test passed until the machine's date
 * overtook its dates, and then failed or not depending on which thread was faster.
 *
 * <p>A test that needs a later moment hands it to the work explicitly (e.g. {@code
 * tiers.review(ws, instant)}) rather than moving this clock: the application context, and so the
 * clock, is shared by every test class of a JVM run. A {@link ChildReservoir} continues the calendar
 * where its parent stands (system property {@value #PROPERTY}).
 */
public final class TestClock extends Clock {

    /** Today on the test calendar when the test JVM starts: 12:00 in Beijing. */
    public static final Instant TODAY = Instant.parse("2026-11-20T04:00:00Z");

    /** Where a child JVM's calendar starts, as an ISO instant; {@link #TODAY} when unset. */
    public static final String PROPERTY = "reservoir.test.today";

    private static final TestClock CALENDAR = new TestClock(start(), System.nanoTime(), ZoneOffset.UTC);

    private final Instant origin;
    private final long originNanos;
    private final ZoneId zone;

    private TestClock(Instant origin, long originNanos, ZoneId zone) {
        this.origin = origin;
        this.originNanos = originNanos;
        this.zone = zone;
    }

    /** Now on the test calendar. */
    public static Instant now() {
        return CALENDAR.instant();
    }

    /** Today on the test calendar in {@code zone}. */
    public static LocalDate today(ZoneId zone) {
        return LocalDate.ofInstant(now(), zone);
    }

    @Override
    public Instant instant() {
        return origin.plusNanos(System.nanoTime() - originNanos);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return newZone.equals(zone) ? this : new TestClock(origin, originNanos, newZone);
    }

    private static Instant start() {
        String given = System.getProperty(PROPERTY);
        return given == null || given.isBlank() ? TODAY : Instant.parse(given);
    }

    /**
     * Makes the test calendar the application's {@code Clock} bean; the product's own clock (the
     * machine's) gives way to it.
     */
    public static final class Installer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getBeanFactory().registerSingleton("clock", CALENDAR);
        }
    }
}
