package io.reservoir.platform.tenancy;

import java.time.Instant;

/** A brand of the workspace; {@code timeZone} decides its days, periods and quiet hours. */
public record Brand(long id, String name, String timeZone, Instant createdAt) {}
