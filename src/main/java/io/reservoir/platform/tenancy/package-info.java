/** Workspaces, brands, users and API keys: who may act in which workspace. */
@org.springframework.modulith.NamedInterface("tenancy")
package io.reservoir.platform.tenancy;
