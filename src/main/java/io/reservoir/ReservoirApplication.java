package io.reservoir;

import io.reservoir.platform.Command;
import java.util.Arrays;
import java.util.List;
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
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(ReservoirApplication.class)
                    .web(WebApplicationType.NONE)
                    .logStartupInfo(false)
                    .run(springArgs);
        } catch (RuntimeException e) {
            System.err.println(name + ": Reservoir could not start: " + rootMessage(e));
            if (rootMessage(e).contains("is locked") || rootMessage(e).contains("already in use")) {
                System.err.println("The embedded database belongs to one process at a time: stop the running"
                        + " Reservoir first, or run both on PostgreSQL (README, \"On PostgreSQL\").");
            }
            return 1;
        }
        int status;
        try {
            List<Command> commands =
                    List.copyOf(context.getBeansOfType(Command.class).values());
            Command command = commands.stream()
                    .filter(c -> c.name().equals(name))
                    .findFirst()
                    .orElse(null);
            if (command == null) {
                System.err.println("Unknown command '" + name + "'. Commands:");
                commands.forEach(c -> System.err.printf("  %-10s %s%n", c.name(), c.summary()));
                status = 2;
            } else {
                status = command.run(commandArgs);
            }
        } catch (Exception e) {
            System.err.println(name + " failed: " + e.getMessage());
            status = 1;
        }
        int exit = status;
        return SpringApplication.exit(context, () -> exit);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).lines().findFirst().orElse("");
    }
}
