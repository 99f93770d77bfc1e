package io.reservoir.identity;

import java.time.Instant;

/** A profile attribute set at a time; a value older than the one recorded is ignored. */
public record AttributeChange(int customerNo, String name, String value, Instant at) {}
