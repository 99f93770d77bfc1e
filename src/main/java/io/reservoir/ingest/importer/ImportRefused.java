package io.reservoir.ingest.importer;

/**
 * An import that cannot start (or go on): a bad option, a file that is missing or not the format
 * it claims. The message names the option or the file and says why; nothing was written for the
 * rows it is about.
 */
public final class ImportRefused extends RuntimeException {

    private final String option;

    private ImportRefused(String option, String message) {
        super(message);
        this.option = option;
    }

    /** A command-line option or request value is wrong, e.g. {@code --brand}. */
    public static ImportRefused option(String option, String reason) {
        return new ImportRefused(option, option + ": " + reason);
    }

    /** The input file itself is unusable. */
    public static ImportRefused file(String reason) {
        return new ImportRefused("FILE", "FILE: " + reason);
    }

    /** The option at fault, or {@code FILE}. */
    public String option() {
        return option;
    }
}
