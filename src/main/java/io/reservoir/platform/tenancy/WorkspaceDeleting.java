package io.reservoir.platform.tenancy;

/**
 * Published inside the transaction that deletes a workspace, before platform deletes its own
 * rows and the workspace itself. Each module deletes its own tables' rows of the workspace in a
 * synchronous listener (same transaction, so a failure anywhere keeps every row); modules that
 * keep the workspace in memory forget it in a listener that runs after the commit.
 */
public record WorkspaceDeleting(long workspaceId) {}
