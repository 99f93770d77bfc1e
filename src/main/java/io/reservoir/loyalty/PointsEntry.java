package io.reservoir.loyalty;

import java.time.Instant;

/**
 * One change of a member's points: {@code points} is signed (credits positive).
 *
 * @param kind {@code earn}, {@code spend}, {@code expire}, {@code reverse} or {@code adjust}
 */
public record PointsEntry(
        long id, long brandId, int customerNo, String kind, long points, String key, String reason, Instant at) {}
