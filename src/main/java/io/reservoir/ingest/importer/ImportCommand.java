package io.reservoir.ingest.importer;

import io.reservoir.platform.Command;
import io.reservoir.platform.tenancy.Workspace;
import io.reservoir.platform.tenancy.Workspaces;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** {@code reservoir import …}: the command-line face of the {@link Importer}. */
@Component
class ImportCommand implements Command {

    static final String USAGE = """
            Usage: reservoir import --type members|orders|events [options] FILE

              --type TYPE          members, orders or events (required)
              --format FORMAT      csv or ndjson (default: by file name, .ndjson/.jsonl/.json is NDJSON)
              --layout LAYOUT      generic or tmall (the Tmall/Taobao order export; default: detected)
              --workspace ID       workspace to import into (default: the first, made at first start)
              --brand NAME         brand (name or id) of every row (default: the brand column, or the only brand)
              --channel CHANNEL    channel of every row: tmall, jd, douyin, wechat_miniprogram, wechat_oa,
                                   wecom, app, web, offline_pos (default: the channel column; tmall for Tmall)
              --encoding ENC       auto, utf-8 or gbk (default auto: UTF-8 if it decodes as such, else GBK)
              --rejects FILE       where rejected rows go (default FILE.rejects.csv)
              --restart            ignore the checkpoint of an interrupted run and start from the top
              --help               this text

            Times without an offset are Asia/Shanghai. Amounts are yuan with at most 2 decimals.
            Re-running a file changes nothing; an interrupted import resumes from FILE.reservoir-checkpoint.
            Exit status: 0 all rows imported, 1 some rows rejected (see the rejects file), 2 bad options.
            """;

    private static final Set<String> VALUED =
            Set.of("--type", "--format", "--layout", "--workspace", "--brand", "--channel", "--encoding", "--rejects");

    private final Importer importer;
    private final Workspaces workspaces;
    private final PrintStream out;
    private final PrintStream err;

    ImportCommand(Importer importer, Workspaces workspaces) {
        this.importer = importer;
        this.workspaces = workspaces;
        this.out = System.out;
        this.err = System.err;
    }

    @Override
    public String name() {
        return "import";
    }

    @Override
    public String summary() {
        return "import members, orders or events from a CSV or NDJSON file";
    }

    @Override
    public int run(List<String> args) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        ImportRequest request;
        try {
            request = parse(args);
        } catch (ImportRefused e) {
            err.println("import: " + e.getMessage());
            err.println("Run 'reservoir import --help' for the options.");
            return 2;
        }
        ImportReport report;
        try {
            report = importer.run(request);
        } catch (ImportRefused e) {
            err.println("import: " + e.getMessage());
            return 2;
        }
        err.println("import " + request.file().getFileName() + " (" + report.encoding() + ", "
                + report.layout().name().toLowerCase(Locale.ROOT) + "): " + report.summary());
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
        boolean restart = false;
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
            throw ImportRefused.option("--type", "is required: members, orders or events");
        }
        if (file == null) {
            throw ImportRefused.option("FILE", "is required: the file to import");
        }
        ImportType type = choice("--type", options.get("--type"), ImportType.class);
        ImportRequest request = ImportRequest.of(type, file, workspace(options.get("--workspace")))
                .withRestart(restart)
                .withProgress(err)
                .withBrand(options.get("--brand"))
                .withChannel(options.get("--channel"));
        if (options.containsKey("--format")) {
            request = request.withFormat(choice("--format", options.get("--format"), ImportRequest.Format.class));
        }
        if (options.containsKey("--layout")) {
            request = request.withLayout(choice("--layout", options.get("--layout"), ImportRequest.Layout.class));
        }
        if (options.containsKey("--encoding")) {
            request =
                    request.withEncoding(choice("--encoding", options.get("--encoding"), ImportRequest.Encoding.class));
        }
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

    private static <E extends Enum<E>> E choice(String option, String value, Class<E> type) {
        String wanted = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        List<String> allowed = java.util.Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .toList();
        throw ImportRefused.option(option, "'" + value + "' is not one of " + String.join(", ", allowed));
    }
}
