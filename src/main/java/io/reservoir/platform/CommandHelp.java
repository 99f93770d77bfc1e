package io.reservoir.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The help of the launcher's commands, read from {@code commands/<name>.txt} on the class path
 * (first line: the summary; the rest: the usage) so that {@code --help} answers at once, without
 * starting the application or touching its database.
 */
public record CommandHelp(String name, String summary, String usage) {

    private static final String FOLDER = "commands/";

    /** The help of command {@code name}, if there is such a command. */
    public static Optional<CommandHelp> of(String name) {
        if (!name.matches("[a-z][a-z-]*")) {
            return Optional.empty();
        }
        Resource file = new ClassPathResource(FOLDER + name + ".txt");
        return file.exists() ? Optional.of(read(name, file)) : Optional.empty();
    }

    /** Every command's help, by name. */
    public static List<CommandHelp> all() {
        try {
            List<CommandHelp> all = new ArrayList<>();
            for (Resource file :
                    new PathMatchingResourcePatternResolver().getResources("classpath*:" + FOLDER + "*.txt")) {
                String fileName = file.getFilename();
                all.add(read(fileName.substring(0, fileName.length() - ".txt".length()), file));
            }
            all.sort(Comparator.comparing(CommandHelp::name));
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CommandHelp read(String name, Resource file) {
        try {
            String text = file.getContentAsString(StandardCharsets.UTF_8);
            int firstLineEnd = text.indexOf('\n');
            return new CommandHelp(name, text.substring(0, firstLineEnd).strip(), text.substring(firstLineEnd + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the words after a command's name ask for its help. */
    public static boolean asked(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }
}
