/** Small helpers every module's JDBC code shares: time columns, key arrays for index lookups. */
@org.springframework.modulith.NamedInterface("storage")
package io.reservoir.platform.storage;
