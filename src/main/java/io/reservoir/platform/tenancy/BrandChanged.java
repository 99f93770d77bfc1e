package io.reservoir.platform.tenancy;

/**
 * Published inside the transaction that changes a brand's settings (name, time zone, currency,
 * phone region); modules that keep brands in memory forget the workspace's after the commit.
 */
public record BrandChanged(long workspaceId, long brandId) {}
