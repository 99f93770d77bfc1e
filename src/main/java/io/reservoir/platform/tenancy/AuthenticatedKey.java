package io.reservoir.platform.tenancy;

/**
 * A presented key that matched an active key of some workspace. A write key acts with the least
 * role there is (a guide without customers): it may ingest and nothing else.
 */
public record AuthenticatedKey(KeyKind kind, Caller caller) {}
