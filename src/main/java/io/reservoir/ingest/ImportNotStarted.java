package io.reservoir.ingest;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A console import refused before anything was imported, with every reason at once: the fields of
 * {@link ImportStart} that are wrong, a file that cannot be imported, or another import running.
 */
public final class ImportNotStarted extends RuntimeException {

    /**
     * One refused field.
     *
     * @param field a component of {@link ImportStart}, {@code file}, or {@code running}
     * @param code what is wrong ({@code zone}, {@code rate}, {@code choice}, …); null when only the
     *     English {@code detail} says it
     * @param value the value refused, or null
     * @param detail the reason in English, as the command says it
     */
    public record Refusal(String field, String code, String value, String detail) {}

    private final List<Refusal> refusals;

    ImportNotStarted(List<Refusal> refusals) {
        super(refusals.stream().map(r -> r.field() + ": " + r.detail()).collect(Collectors.joining("; ")));
        this.refusals = List.copyOf(refusals);
    }

    public List<Refusal> refusals() {
        return refusals;
    }
}
