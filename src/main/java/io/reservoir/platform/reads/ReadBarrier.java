package io.reservoir.platform.reads;

import io.reservoir.platform.tenancy.Caller;

/**
 * Holds a read back until what it must see is readable. Called before every {@code GET} of the API
 * and the console, with the acting caller, the log position the request names in its {@value
 * #AFTER_HEADER} header and its {@value #WAIT_HEADER} header (each null when not sent).
 */
public interface ReadBarrier {

    /** A request header naming the log position a read must see (the intake answers it in the same header). */
    String AFTER_HEADER = "Reservoir-Log-Position";

    /** A request header saying how a request waits for the intake's projection. */
    String WAIT_HEADER = "Reservoir-Wait";

    /**
     * Returns once what the read must see is readable (the workspace's acknowledged writes, the
     * position named), or when the bound for waiting has passed.
     *
     * @throws io.reservoir.platform.errors.ReservoirException (503, with a retry delay) when a named
     *     position is not readable within the bound
     */
    void awaitReadable(Caller caller, String namedPosition, String wait);
}
