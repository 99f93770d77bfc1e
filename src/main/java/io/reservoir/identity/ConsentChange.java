package io.reservoir.identity;

import java.time.Instant;

/**
 * A customer granted or withdrew consent on a channel. A change older than the one recorded is
 * ignored, so late data never overrides a newer decision.
 *
 * @param source where the decision came from: {@code identify}, {@code sms_reply}, {@code api}, …
 */
public record ConsentChange(int customerNo, ConsentChannel channel, boolean granted, String source, Instant at) {}
