package io.reservoir.platform.tenancy;

import java.time.Instant;

public record User(long id, String username, String displayName, Role role, boolean enabled, Instant createdAt) {}
