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
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ReservoirApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .run(springArgs);
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
}
