package io.reservoir.ingest.simulator;

import io.reservoir.platform.Command;
import io.reservoir.platform.errors.ErrorKind;
import io.reservoir.platform.errors.ReservoirException;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** {@code reservoir simulate}: generates a demo brand into a workspace. */
@Component
class SimulateCommand implements Command {

    private final Simulator simulator;

    SimulateCommand(Simulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public String name() {
        return "simulate";
    }

    @Override
    public int run(List<String> args) {
        return run(args, System.out, System.err);
    }

    int run(List<String> args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("simulate: " + e.getMessage());
            err.println("Try 'reservoir simulate --help'.");
            return 2;
        }
        if (options.help) {
            out.print(usage());
            return 0;
        }
        SimulationSettings settings;
        long workspace;
        try {
            LocalDate start = options.start != null ? options.start : simulator.startEndingYesterday(options.days);
            settings = new SimulationSettings(options.members, options.days, options.seed, start, options.brands);
            workspace = options.workspace != null ? options.workspace : simulator.defaultWorkspace();
        } catch (IllegalArgumentException e) {
            err.println("simulate: --" + e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            err.println("simulate: --workspace: " + e.getMessage() + "; start Reservoir once first");
            return 2;
        }
        out.printf(
                "Simulating %,d members over %d days from %s (seed %d) into workspace %d%n",
                settings.members(), settings.days(), settings.start(), settings.seed(), workspace);
        SimulationSummary summary;
        try {
            summary = simulator.demo(
                    workspace,
                    settings,
                    p -> out.printf(
                            Locale.ROOT,
                            "  %s  %,d messages  %,.0f msg/s  %,d people  %,d members  %,d orders%n",
                            p.day(),
                            p.counts().messages(),
                            p.messagesPerSecond(),
                            p.counts().people(),
                            p.counts().members(),
                            p.counts().orders()));
        } catch (IllegalArgumentException e) {
            err.println("simulate: --" + e.getMessage());
            return 2;
        } catch (ReservoirException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                err.println("simulate: --workspace: " + e.getMessage());
                return 2;
            }
            err.println("simulate: the intake refused a message: " + e.getMessage());
            return 1;
        }
        SimulationCounts c = summary.counts();
        out.printf(
                Locale.ROOT,
                "Done in %.1f s (%,.0f msg/s): %,d messages (%,d new, %,d already there) for brand%s %s%n"
                        + "  %,d people, %,d members, %,d orders, %,d refunds, %,d reviews, %,d shares,"
                        + " %,d referred orders, %,d guide orders, %,d channel links, %,d consent withdrawals%n",
                summary.elapsed().toMillis() / 1000.0,
                summary.messagesPerSecond(),
                c.messages(),
                summary.accepted(),
                summary.duplicates(),
                summary.brands().size() == 1 ? "" : "s",
                String.join(", ", summary.brands()),
                c.people(),
                c.members(),
                c.orders(),
                c.refunds(),
                c.reviews(),
                c.shares(),
                c.referredOrders(),
                c.guideOrders(),
                c.links(),
                c.consentWithdrawals());
        return 0;
    }

    /** The command line, checked: every problem names its option. */
    static final class Options {
        int members = SimulationSettings.DEFAULT_MEMBERS;
        int days = SimulationSettings.DEFAULT_DAYS;
        long seed = SimulationSettings.DEFAULT_SEED;
        /** Null: the period ends yesterday. */
        LocalDate start;

        Long workspace;
        List<String> brands = new ArrayList<>();
        boolean help;

        static Options parse(List<String> args) {
            Options o = new Options();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                if (name.equals("--help") || name.equals("-h")) {
                    o.help = true;
                    continue;
                }
                if (!List.of("--members", "--days", "--seed", "--start", "--workspace", "--brand")
                        .contains(name)) {
                    throw new IllegalArgumentException("unknown option '" + arg + "'");
                }
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(name + " needs a value");
                    }
                    value = args.get(++i);
                }
                switch (name) {
                    case "--members" -> o.members = (int) number(name, value, 1, SimulationSettings.MAX_MEMBERS);
                    case "--days" -> o.days = (int) number(name, value, 1, SimulationSettings.MAX_DAYS);
                    case "--seed" -> o.seed = number(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
                    case "--workspace" -> o.workspace = number(name, value, 1, Long.MAX_VALUE);
                    case "--start" -> o.start = date(name, value);
                    default -> o.brands.add(brand(name, value));
                }
            }
            return o;
        }

        private static long number(String option, String value, long min, long max) {
            long n;
            try {
                n = Long.parseLong(value.strip().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a whole number, not '" + value + "'");
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", not " + n);
            }
            return n;
        }

        private static LocalDate date(String option, String value) {
            try {
                return LocalDate.parse(value.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(option + " must be a date YYYY-MM-DD, not '" + value + "'");
            }
        }

        private static String brand(String option, String value) {
            if (value.isBlank() || value.length() > 200) {
                throw new IllegalArgumentException(option + " must have 1 to 200 characters");
            }
            return value.strip();
        }
    }
}
