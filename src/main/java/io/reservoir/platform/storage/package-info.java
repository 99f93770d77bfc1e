/** Small helpers every module's JDBC code shares: time columns, duplicate-key detection. */
@org.springframework.modulith.NamedInterface("storage")
package io.reservoir.platform.storage;
