package io.reservoir.ingest;

import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.reads.ReadBarrier;
import io.reservoir.platform.tenancy.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What a caller of the API can count on across the two stages of the intake (docs/architecture.md,
 * Intake). A read of a workspace waits until the projection has reached every write of that
 * workspace this node acknowledged before the read arrived — so a lookup right after an identify
 * finds its customer, whichever key wrote it — unless it sends {@value #WAIT_HEADER}: {@value
 * #NONE}. A read that names a log position in the {@value #AFTER_HEADER} header (every write is
 * answered with its position there) sees at least that, also when another node wrote it. A write
 * that sends {@value #WAIT_HEADER}: {@value #PROJECTED} is answered once its events are projected.
 * Every wait is bounded by {@code reservoir.intake.read-wait}: past it, an implicit wait answers
 * with what is projected, a named one with a retryable 503.
 */
@Component
class ProjectionBarrier implements ReadBarrier {

    static final String PROJECTED = "projected";
    static final String NONE = "none";

    private final ProjectionProgress progress;
    private final Duration bound;

    ProjectionBarrier(ProjectionProgress progress, @Value("${reservoir.intake.read-wait:10s}") Duration bound) {
        this.progress = progress;
        this.bound = bound;
    }

    /**
     * Answers a write of the intake's HTTP API: its log position in the {@value #AFTER_HEADER}
     * header, and, when it asked for it, only once that position is projected.
     */
    void acknowledged(
            Caller caller, Intake.Accepted accepted, HttpServletRequest request, HttpServletResponse response) {
        response.setHeader(AFTER_HEADER, Long.toString(accepted.position()));
        wrote(caller, accepted.position(), request.getHeader(WAIT_HEADER));
    }

    /** The caller's write was logged at {@code position}; {@code wait} is its {@value #WAIT_HEADER}. */
    private void wrote(Caller caller, long position, String wait) {
        if (PROJECTED.equalsIgnoreCase(wait == null ? "" : wait.trim())
                && !progress.await(caller.workspaceId(), position, bound)) {
            throw ReservoirException.busy(
                    "the events are logged (position " + position + ") but not yet projected; sending them"
                            + " again is safe",
                    IntakeWriter.RETRY_AFTER);
        }
    }

    @Override
    public void awaitReadable(Caller caller, String namedPosition, String wait) {
        if (!NONE.equalsIgnoreCase(wait == null ? "" : wait.trim())) {
            progress.await(caller.workspaceId(), progress.loggedSeq(caller.workspaceId()), bound);
        }
        if (namedPosition != null && !namedPosition.isBlank()) {
            long named;
            try {
                named = Long.parseLong(namedPosition.trim());
            } catch (NumberFormatException e) {
                throw ReservoirException.invalid(AFTER_HEADER, "must be a log position (a whole number)");
            }
            if (!progress.await(caller.workspaceId(), named, bound)) {
                throw ReservoirException.busy(
                        "position " + named + " of the log is not yet projected", IntakeWriter.RETRY_AFTER);
            }
        }
    }
}
