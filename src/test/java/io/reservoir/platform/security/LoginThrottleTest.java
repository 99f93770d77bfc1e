package io.reservoir.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.platform.PlatformSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    final MutableClock clock = new MutableClock();
    final LoginThrottle throttle = new LoginThrottle(
            new PlatformSettings(
                    Path.of("data"),
                    null,
                    null,
                    new PlatformSettings.Bootstrap(null, null, null, null),
                    1 << 20,
                    1 << 23,
                    new PlatformSettings.Login(3, Duration.ofMinutes(15))),
            clock);

    @Test
    void theLimitOfFailuresLocksThatUsernameFromThatAddress() {
        fail("wang", "10.0.0.1", 3);

        assertThat(throttle.allowed("wang", "10.0.0.1")).isFalse();
        assertThat(throttle.allowed("WANG ", "10.0.0.1")).isFalse();
        assertThat(throttle.allowed("wang", "10.0.0.2")).isTrue();
        assertThat(throttle.allowed("li", "10.0.0.1")).isTrue();
    }

    @Test
    void failuresExpireAfterTheWindow() {
        fail("wang", "10.0.0.1", 3);

        clock.advance(Duration.ofMinutes(15).plusSeconds(1));

        assertThat(throttle.allowed("wang", "10.0.0.1")).isTrue();
    }

    @Test
    void aSuccessForgivesTheUsernamesFailures() {
        fail("wang", "10.0.0.1", 2);

        throttle.succeeded("wang", "10.0.0.1");
        fail("wang", "10.0.0.1", 2);

        assertThat(throttle.allowed("wang", "10.0.0.1")).isTrue();
    }

    @Test
    void oneAddressTryingManyUsernamesIsLockedToo() {
        for (int i = 0; i < 12; i++) {
            fail("user" + i, "10.0.0.9", 1);
        }

        assertThat(throttle.allowed("someone-new", "10.0.0.9")).isFalse();
        assertThat(throttle.allowed("someone-new", "10.0.0.8")).isTrue();
    }

    private void fail(String username, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(username, address);
        }
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-11T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
