package io.reservoir.platform.tenancy;

import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.vault.PiiVault;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Member tokens: {@code rmp_<payload>.<signature>}, the payload naming workspace, brand, customer
 * and expiry, the signature a keyed hash under the workspace data key. Stateless: checking one
 * reads nothing; a token ends when it expires (at most {@link #MAX_LIFETIME} after issue).
 */
@Service
public class MemberPasses {

    public static final String PREFIX = "rmp_";
    public static final Duration MAX_LIFETIME = Duration.ofDays(30);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final PiiVault vault;
    private final Clock clock;

    MemberPasses(PiiVault vault, Clock clock) {
        this.vault = vault;
        this.clock = clock;
    }

    /** A token for the customer in the brand, valid for {@code lifetime}. */
    public String issue(long workspaceId, long brandId, String customerId, Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw ReservoirException.invalid("ttlSeconds", "must be between 1 and " + MAX_LIFETIME.toSeconds());
        }
        Instant expires = clock.instant().plus(lifetime);
        String payload = workspaceId + ":" + brandId + ":" + customerId + ":" + expires.getEpochSecond();
        String encoded = ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return PREFIX + encoded + "." + signature(encoded);
    }

    /** The pass a token grants; empty for a forged, malformed or expired token. */
    public Optional<MemberPass> verify(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 500) {
            return Optional.empty();
        }
        int dot = token.lastIndexOf('.');
        if (dot < PREFIX.length()) {
            return Optional.empty();
        }
        String encoded = token.substring(PREFIX.length(), dot);
        byte[] presented = token.substring(dot + 1).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, signature(encoded).getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split(":");
            if (parts.length != 4) {
                return Optional.empty();
            }
            Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[3]));
            if (!clock.instant().isBefore(expires)) {
                return Optional.empty();
            }
            return Optional.of(new MemberPass(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2], expires));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private String signature(String encodedPayload) {
        return vault.lookupHash("member_pass", encodedPayload);
    }
}
