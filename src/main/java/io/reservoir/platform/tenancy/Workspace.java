package io.reservoir.platform.tenancy;

import java.time.Instant;

public record Workspace(long id, String name, Instant createdAt) {}
