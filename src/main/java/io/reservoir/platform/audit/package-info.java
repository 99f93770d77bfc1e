/** The append-only audit log: who changed what, when. */
@org.springframework.modulith.NamedInterface("audit")
package io.reservoir.platform.audit;
