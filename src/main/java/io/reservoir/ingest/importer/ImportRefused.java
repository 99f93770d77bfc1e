package io.reservoir.ingest.importer;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An import that cannot start (or go on): bad options, a file that is missing or not the format
 * it claims. Each {@link Problem} names the option or the file and says why, so that a form can
 * show every refused field at once; nothing was written for the rows they are about.
 */
public final class ImportRefused extends RuntimeException {

    /**
     * One refused option.
     *
     * @param option the option at fault ({@code --zone}) or {@code FILE}
     * @param code what is wrong, for a translation of the reason ({@code zone}, {@code rate}, …);
     *     null when only the English {@code reason} says it
     * @param value the value refused, or null
     * @param reason the English reason, as the command prints it
     */
    public record Problem(String option, String code, String value, String reason) {

        @Override
        public String toString() {
            return option + ": " + reason;
        }
    }

    private final List<Problem> problems;

    private ImportRefused(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** A command-line option or request value is wrong, e.g. {@code --brand}. */
    public static ImportRefused option(String option, String reason) {
        return new ImportRefused(List.of(new Problem(option, null, null, reason)));
    }

    /** The same, with the code and the value a translated message needs. */
    public static ImportRefused option(String option, String code, String value, String reason) {
        return new ImportRefused(List.of(new Problem(option, code, value, reason)));
    }

    /** Several options are wrong at once; {@code problems} is not empty. */
    public static ImportRefused all(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problem to refuse");
        }
        return new ImportRefused(problems);
    }

    /** The input file itself is unusable. */
    public static ImportRefused file(String reason) {
        return new ImportRefused(List.of(new Problem("FILE", null, null, reason)));
    }

    /** The (first) option at fault, or {@code FILE}. */
    public String option() {
        return problems.get(0).option();
    }

    public List<Problem> problems() {
        return problems;
    }
}
