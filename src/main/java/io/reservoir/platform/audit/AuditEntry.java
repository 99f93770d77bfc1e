package io.reservoir.platform.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One recorded change.
 *
 * @param action what happened, {@code <object>.<verb>}: {@code user.created}, {@code key.revoked}
 * @param detail what changed; never secrets or clear-text personal data
 */
public record AuditEntry(
        long id,
        Instant occurredAt,
        String actorKind,
        Long actorId,
        String actorName,
        String action,
        String targetType,
        String targetId,
        Map<String, Object> detail) {}
