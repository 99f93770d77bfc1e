package io.reservoir.identity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Who a customer is: attributes, identities (personal data masked unless revealed) and consent. */
public record CustomerProfile(
        String id,
        int customerNo,
        String status,
        String mergedInto,
        Instant createdAt,
        Map<String, String> attributes,
        List<Identity> identities,
        Map<String, Consent> consent) {

    public record Identity(String type, String value, boolean masked, Instant firstSeen) {}

    public record Consent(boolean granted, String source, Instant changedAt) {}
}
