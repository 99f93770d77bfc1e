package io.reservoir.platform.tenancy;

/** A freshly created key with its secret, which is shown this once and never stored. */
public record IssuedKey(ApiKey key, String secret) {}
