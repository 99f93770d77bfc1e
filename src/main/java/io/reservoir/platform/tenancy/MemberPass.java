package io.reservoir.platform.tenancy;

import java.time.Instant;

/**
 * What a member's token lets its bearer do: act as that one customer in that one brand's member
 * center, until it expires. Issued by the brand's own backend (management key) to its
 * mini-program or storefront, so members never hold a key of the workspace.
 */
public record MemberPass(long workspaceId, long brandId, String customerId, Instant expiresAt) {}
