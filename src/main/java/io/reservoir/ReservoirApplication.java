package io.reservoir;

import io.reservoir.platform.Command;
import io.reservoir.platform.CommandHelp;
import io.reservoir.platform.tenancy.FirstStartNotice;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Reservoir: one deployable application, one package per business module.
 *
 * <p>Without arguments (or with only {@code --option=value} arguments) it serves the console and the
 * APIs. With a command word first ({@code import}, {@code simulate}, …) it runs that {@link Command}
 * without a web server and exits.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReservoirApplication {

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.exit(help(List.of()));
        }
        if (args.length == 0 || args[0].startsWith("-")) {
            SpringApplication.run(ReservoirApplication.class, args);
            return;
        }
        System.exit(runCommand(args));
    }

    static int runCommand(String[] args) {
        String name = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        String[] springArgs = rest.stream()
                .filter(a -> a.startsWith("--spring.") || a.startsWith("--reservoir."))
                .toArray(String[]::new);
        List<String> commandArgs = rest.stream()
                .filter(a -> !(a.startsWith("--spring.") || a.startsWith("--reservoir.")))
                .toList();
        if (name.equals("help")) {
            return help(commandArgs);
        }
        Optional<CommandHelp> known = CommandHelp.of(name);
        if (known.isEmpty()) {
            System.err.println("reservoir: '" + name + "' is not a command.");
            help(List.of());
            return 2;
        }
        if (CommandHelp.asked(commandArgs)) { // answered from the class path: nothing starts, no database is touched
            System.out.print(known.get().usage());
            return 0;
        }
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(ReservoirApplication.class)
                    .web(WebApplicationType.NONE)
                    .logStartupInfo(false)
                    .bannerMode(Banner.Mode.OFF)
                    // a command that cannot start says why in one line (below), not in a logged stack trace
                    .properties(
                            "logging.level.org.springframework.boot.SpringApplication=off",
                            "logging.level.org.springframework.boot.diagnostics=off",
                            "logging.level.org.springframework.boot.autoconfigure.logging=off",
                            "logging.level.org.springframework.context=error",
                            "logging.level.com.zaxxer.hikari=off")
                    .run(springArgs);
        } catch (RuntimeException e) {
            System.err.println(name + ": Reservoir could not start: " + rootMessage(e));
            if (rootMessage(e).contains("is locked") || rootMessage(e).contains("already in use")) {
                System.err.println("The embedded database belongs to one process at a time: stop the running"
                        + " Reservoir first, or run both on PostgreSQL (README, \"On PostgreSQL\").");
            }
            return 1;
        }
        context.getBeanProvider(FirstStartNotice.class).ifAvailable(notice -> notice.tell(System.err, name));
        int status;
        try {
            Command command = context.getBeansOfType(Command.class).values().stream()
                    .filter(c -> c.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("commands/" + name + ".txt has no command"));
            status = command.run(commandArgs);
        } catch (Exception e) {
            System.err.println(name + " failed: " + e.getMessage());
            status = 1;
        }
        int exit = status;
        return SpringApplication.exit(context, () -> exit);
    }

    /** {@code reservoir help [COMMAND]}: the launcher's help, or a command's. */
    private static int help(List<String> args) {
        if (!args.isEmpty()) {
            Optional<CommandHelp> command = CommandHelp.of(args.get(0));
            if (command.isPresent()) {
                System.out.print(command.get().usage());
                return 0;
            }
            System.err.println("reservoir: '" + args.get(0) + "' is not a command.");
        }
        System.out.println("""
                Usage: reservoir                 serve the console and the APIs (http://localhost:8080)
                       reservoir COMMAND [OPTIONS]
                       reservoir COMMAND --help   a command's options

                Commands:""");
        CommandHelp.all().forEach(c -> System.out.printf("  %-10s %s%n", c.name(), c.summary()));
        return args.isEmpty() ? 0 : 2;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).lines().findFirst().orElse("");
    }
}
