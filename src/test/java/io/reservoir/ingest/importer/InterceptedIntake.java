package io.reservoir.ingest.importer;

import io.reservoir.ingest.Intake;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The real intake with its {@code acceptValid} seen through a test's hand: to fail or watch chunks. */
final class InterceptedIntake implements Intake {

    /** What the test does in place of {@code acceptValid}; it may call the real one. */
    @FunctionalInterface
    interface AcceptValid {
        Intake.Accepted call(long workspaceId, List<JsonNode> messages, List<Intake.Rejected> rejected);
    }

    private final Intake real;
    private final AcceptValid acceptValid;

    InterceptedIntake(Intake real, AcceptValid acceptValid) {
        this.real = real;
        this.acceptValid = acceptValid;
    }

    @Override
    public Accepted accept(long workspaceId, List<JsonNode> messages) {
        return real.accept(workspaceId, messages);
    }

    @Override
    public Accepted acceptValid(long workspaceId, List<JsonNode> messages, List<Rejected> rejected) {
        return acceptValid.call(workspaceId, messages, rejected);
    }

    @Override
    public boolean awaitProjected(long workspaceId, long position, Duration timeout) {
        return real.awaitProjected(workspaceId, position, timeout);
    }
}
