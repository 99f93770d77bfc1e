/**
 * Read-your-writes across Reservoir's two-stage intake: a module whose writes become readable later
 * than they are acknowledged publishes a {@link io.reservoir.platform.reads.ReadBarrier}, and every
 * API read of a caller passes it first.
 */
@org.springframework.modulith.NamedInterface("reads")
package io.reservoir.platform.reads;
