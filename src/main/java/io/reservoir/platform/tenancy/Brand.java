package io.reservoir.platform.tenancy;

import java.time.Instant;

/**
 * A brand of the workspace.
 *
 * @param timeZone decides its days, periods and quiet hours, and how times without an offset are read
 * @param currency the ISO 4217 code its books are kept in; its reports show it
 * @param phoneRegion the ISO 3166 region of phone numbers written without a country code
 */
public record Brand(long id, String name, String timeZone, String currency, String phoneRegion, Instant createdAt) {}
