package io.reservoir.identity;

/**
 * A customer's personal data was erased on request (PIPL / GDPR). Modules remove what could
 * identify the person and keep anonymised facts (amounts, dates) so that totals stay right.
 * Published inside the erasing transaction.
 */
public record CustomerErased(long workspaceId, int customerNo) {}
