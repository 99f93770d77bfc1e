/**
 * Platform: tenancy, people and keys, security, the audit log, the PII vault and the API's error
 * shape. Small and shared on purpose; its doors are the named interfaces below it.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Platform",
        allowedDependencies = {})
package io.reservoir.platform;
