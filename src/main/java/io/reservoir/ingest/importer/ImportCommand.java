package io.reservoir.ingest.importer;

import io.reservoir.platform.Command;
import io.reservoir.platform.tenancy.Workspace;
import io.reservoir.platform.tenancy.Workspaces;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** {@code reservoir import …}: the command-line face of the {@link Importer}. */
@Component
class ImportCommand implements Command {

    private static final Set<String> VALUED = Set.of(
            "--type",
            "--format",
            "--layout",
            "--workspace",
            "--brand",
            "--channel",
            "--encoding",
            "--rejects",
            "--zone",
            "--date-format",
            "--currency",
            "--negative-orders");

    private final Importer importer;
    private final Workspaces workspaces;
    private final PrintStream out;
    private final PrintStream err;

    @Autowired
    ImportCommand(Importer importer, Workspaces workspaces) {
        this(importer, workspaces, System.err);
    }

    /** @param err where messages, the progress line and the summary go */
    ImportCommand(Importer importer, Workspaces workspaces, PrintStream err) {
        this.importer = importer;
        this.workspaces = workspaces;
        this.out = System.out;
        this.err = err;
    }

    @Override
    public String name() {
        return "import";
    }

    @Override
    public int run(List<String> args) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(usage());
            return 0;
        }
        ImportRequest request;
        try {
            request = parse(args);
        } catch (ImportRefused e) {
            e.problems().forEach(problem -> err.println("import: " + problem));
            err.println("Run 'reservoir import --help' for the options.");
            return 2;
        }
        ImportReport report;
        try {
            report = importer.run(request);
        } catch (ImportRefused e) {
            e.problems().forEach(problem -> err.println("import: " + problem));
            return 2;
        } catch (RuntimeException e) {
            err.println("import: stopped by an error: " + e.getMessage());
            err.println("The rows before it are committed; run the same command again to resume.");
            return 3;
        }
        err.println("import " + request.file().getFileName() + " (" + report.encoding() + ", "
                + report.layout().name().toLowerCase(Locale.ROOT) + "): " + report.summary());
        for (String warning : report.warnings()) {
            err.println("warning: " + warning);
        }
        if (report.rejected() > 0) {
            err.printf(
                    "%,d rows rejected; each is listed with its field and reason in %s%n",
                    report.rejected(), report.rejectsFile());
            return 1;
        }
        return 0;
    }

    ImportRequest parse(List<String> args) {
        Map<String, String> options = new HashMap<>();
        List<String> columns = new ArrayList<>();
        List<String> rates = new ArrayList<>();
        boolean restart = false;
        boolean integerIds = false;
        Path file = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("--restart")) {
                restart = true;
            } else if (name.equals("--integer-ids")) {
                integerIds = true;
            } else if (name.equals("--column") || name.equals("--columns") || name.equals("--rate")) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw ImportRefused.option(name, "needs a value");
                    }
                    value = args.get(++i);
                }
                if (name.equals("--rate")) {
                    rates.add(value);
                } else {
                    columns.addAll(name.equals("--column") ? List.of(value) : List.of(value.split(",")));
                }
            } else if (VALUED.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw ImportRefused.option(name, "needs a value");
                    }
                    value = args.get(++i);
                }
                options.put(name, value);
            } else if (arg.startsWith("-")) {
                throw ImportRefused.option(arg, "is not an option of import");
            } else if (file != null) {
                throw ImportRefused.option("FILE", "only one file per import (got " + file + " and " + arg + ")");
            } else {
                file = Path.of(arg);
            }
        }
        if (!options.containsKey("--type")) {
            throw ImportRefused.option("--type", "is required: members, orders, refunds or events");
        }
        if (file == null) {
            throw ImportRefused.option("FILE", "is required: the file to import");
        }
        ImportOptions given = new ImportOptions(
                options.get("--type"),
                options.get("--format"),
                options.get("--layout"),
                options.get("--brand"),
                options.get("--channel"),
                options.get("--encoding"),
                options.get("--zone"),
                options.get("--date-format"),
                options.get("--currency"),
                rates,
                columns,
                options.get("--negative-orders"),
                integerIds,
                restart);
        ImportRequest request = importer.request(given, file, workspace(options.get("--workspace")))
                .withProgress(err);
        if (options.containsKey("--rejects")) {
            request = request.withRejects(Path.of(options.get("--rejects")));
        }
        return request;
    }

    private long workspace(String value) {
        if (value == null) {
            return workspaces
                    .oldest()
                    .map(Workspace::id)
                    .orElseThrow(() -> ImportRefused.option("--workspace", "no workspace exists yet"));
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ImportRefused.option("--workspace", "'" + value + "' is not a workspace id (a number)");
        }
    }
}
