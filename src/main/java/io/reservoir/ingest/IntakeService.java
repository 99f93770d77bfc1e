package io.reservoir.ingest;

import io.reservoir.platform.errors.ReservoirException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link Intake}: validates in the caller's thread, then hands over to the group-commit writer
 * (the first stage); in-process callers then wait for the projection (the second stage).
 */
@Service
class IntakeService implements Intake {

    private final MessageParser parser;
    private final IntakeWriter writer;
    private final ProjectionProgress progress;
    private final Clock clock;

    IntakeService(
            JsonMapper json, BrandDirectory brands, IntakeWriter writer, ProjectionProgress progress, Clock clock) {
        this.parser = new MessageParser(json, brands);
        this.writer = writer;
        this.progress = progress;
        this.clock = clock;
    }

    @Override
    public Accepted accept(long workspaceId, List<JsonNode> messages) {
        Accepted accepted = submit(workspaceId, messages, null, "batch", null, true);
        if (!awaitProjected(workspaceId, accepted.position(), PROJECTION_WAIT)) {
            throw ReservoirException.busy(
                    "the events are logged but not yet projected after " + PROJECTION_WAIT.toSeconds() + " s",
                    IntakeWriter.RETRY_AFTER);
        }
        return accepted;
    }

    /**
     * As {@link #accept}, for one HTTP call: {@code type} implied by its path, errors named by {@code
     * path}. Answers once the messages are logged; refused with a retryable answer when the intake is
     * behind.
     */
    Accepted accept(long workspaceId, List<JsonNode> messages, String defaultType, String path, Instant sentAt) {
        return submit(workspaceId, messages, defaultType, path, sentAt, false);
    }

    @Override
    public boolean awaitProjected(long workspaceId, long position, java.time.Duration timeout) {
        return progress.await(workspaceId, position, timeout);
    }

    private Accepted submit(
            long workspaceId,
            List<JsonNode> messages,
            String defaultType,
            String path,
            Instant sentAt,
            boolean canWait) {
        Instant now = clock.instant();
        List<Incoming> parsed = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            String at = path.isEmpty() ? "" : path + "[" + i + "]";
            parsed.add(parser.parse(
                    workspaceId, messages.get(i), defaultType, defaultType != null ? "" : at, now, sentAt));
        }
        var result = writer.write(new Submission(workspaceId, parsed, true, new CompletableFuture<>()), canWait);
        return new Accepted(result.accepted(), result.duplicates(), result.position());
    }

    @Override
    public Accepted acceptValid(long workspaceId, List<JsonNode> messages, List<Rejected> rejected) {
        Instant now = clock.instant();
        List<Incoming> parsed = new ArrayList<>(messages.size());
        List<Integer> positions = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            try {
                parsed.add(parser.parse(workspaceId, messages.get(i), null, "", now, null));
                positions.add(i);
            } catch (ReservoirException e) {
                rejected.add(new Rejected(i, e.field(), e.getMessage()));
            }
        }
        if (parsed.isEmpty()) {
            return new Accepted(0, 0, progress.loggedSeq(workspaceId));
        }
        var result = writer.write(new Submission(workspaceId, parsed, false, new CompletableFuture<>()), true);
        for (Rejected r : result.rejected()) {
            rejected.add(new Rejected(positions.get(r.index()), r.field(), r.reason()));
        }
        rejected.sort(java.util.Comparator.comparingInt(Rejected::index));
        return new Accepted(result.accepted(), result.duplicates(), result.position());
    }
}
