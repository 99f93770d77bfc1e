/**
 * OneID: customers, their identities across channels, attributes and consent. Identities linked
 * by any event form one profile (union–find); unique-per-person identities never merge silently.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Identity",
        allowedDependencies = {"platform", "platform :: *"})
package io.reservoir.identity;
