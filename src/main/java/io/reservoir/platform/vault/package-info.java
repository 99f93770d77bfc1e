/**
 * The PII vault: AES-GCM encryption of phone numbers and e-mail addresses at rest, keyed hashes
 * for lookups, phone normalisation and masking.
 */
@org.springframework.modulith.NamedInterface("vault")
package io.reservoir.platform.vault;
