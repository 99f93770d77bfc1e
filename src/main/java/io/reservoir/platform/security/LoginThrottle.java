package io.reservoir.platform.security;

import io.reservoir.platform.PlatformSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Counts failed console logins in a sliding window, per username and address and per address
 * alone (which catches one address trying many usernames). While over the limit, even the right
 * password is refused. Held in memory: a restart forgives, which is acceptable for a throttle.
 */
@Component
class LoginThrottle {

    private static final int ADDRESS_FACTOR = 4;
    private static final int MAX_TRACKED = 100_000;

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;

    LoginThrottle(PlatformSettings settings, Clock clock) {
        this.maxFailures = settings.login().maxFailures();
        this.window = settings.login().window();
        this.clock = clock;
    }

    boolean allowed(String username, String address) {
        Instant now = clock.instant();
        return recent(userKey(username, address), now) < maxFailures
                && recent(addressKey(address), now) < maxFailures * ADDRESS_FACTOR;
    }

    void failed(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() > MAX_TRACKED) {
            failures.entrySet().removeIf(e -> recent(e.getKey(), now) == 0);
        }
        for (String key : new String[] {userKey(username, address), addressKey(address)}) {
            Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
            synchronized (times) {
                times.addLast(now);
            }
        }
    }

    void succeeded(String username, String address) {
        failures.remove(userKey(username, address));
    }

    private int recent(String key, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            Instant cutoff = now.minus(window);
            while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
                times.removeFirst();
            }
            return times.size();
        }
    }

    private static String userKey(String username, String address) {
        return "u|" + (username == null ? "" : username.strip().toLowerCase(Locale.ROOT)) + "|" + address;
    }

    private static String addressKey(String address) {
        return "a|" + address;
    }
}
