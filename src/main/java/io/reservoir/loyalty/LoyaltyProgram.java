package io.reservoir.loyalty;

/**
 * How a brand's members earn points from orders: {@code pointsPerYuan} of the paid amount (0
 * earns none), and when earned points expire.
 *
 * @param expiry {@code never}, or {@code end_of_next_year}: at the end of the year after the
 *     one the points were earned in, in the brand's time zone
 */
public record LoyaltyProgram(long brandId, int pointsPerYuan, String expiry) {}
