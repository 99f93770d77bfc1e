package io.reservoir.platform;

import java.util.List;

/**
 * A command-line command of the {@code reservoir} launcher ({@code reservoir import …},
 * {@code reservoir simulate …}). Reservoir then starts without its web server, runs the command
 * and exits with its status.
 */
public interface Command {

    /** The first word on the command line that selects this command; its help is {@code commands/<name>.txt}. */
    String name();

    /** One line for the launcher's list of commands, from {@link CommandHelp}. */
    default String summary() {
        return CommandHelp.of(name()).map(CommandHelp::summary).orElse("");
    }

    /** Its {@code --help} text, from {@link CommandHelp}. */
    default String usage() {
        return CommandHelp.of(name())
                .orElseThrow(() -> new IllegalStateException("no commands/" + name() + ".txt"))
                .usage();
    }

    /**
     * Runs the command.
     *
     * @param args the words after the command's name
     * @return the process exit status: 0 for success
     */
    int run(List<String> args) throws Exception;
}
