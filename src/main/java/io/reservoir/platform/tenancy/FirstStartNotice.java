package io.reservoir.platform.tenancy;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * What this start set up, when it was the very first: a command run before the server ever ran
 * creates the database, and says so, rather than leaving its user to find an admin password in the
 * log.
 */
@Component
public class FirstStartNotice {

    private final Environment environment;
    private volatile String text;

    FirstStartNotice(Environment environment) {
        this.environment = environment;
    }

    /** Called by {@link FirstStart} once it has set up an empty database. */
    void setUp(String adminLogin, String generatedPassword, List<String> storedKeys) {
        List<String> lines = new ArrayList<>();
        lines.add("this is Reservoir's first start on " + database() + ": it created the workspace"
                + " 'Default workspace' with the brand 'Default brand'");
        lines.add(
                generatedPassword == null
                        ? "console login '" + adminLogin + "' with the password from RESERVOIR_ADMIN_PASSWORD"
                        : "console login '" + adminLogin + "' with the password " + generatedPassword
                                + " (shown only once; set RESERVOIR_ADMIN_PASSWORD to choose it)");
        lines.add(
                storedKeys.isEmpty()
                        ? "no API keys were given (RESERVOIR_BOOTSTRAP_MANAGEMENT_KEY, RESERVOIR_BOOTSTRAP_WRITE_KEY)"
                        : "stored the " + String.join(" and ", storedKeys) + " from RESERVOIR_BOOTSTRAP_*");
        text = String.join("\n  ", lines);
    }

    /** Tells the user of {@code command} what the first start did; nothing on any later start. */
    public void tell(PrintStream out, String command) {
        if (text != null) {
            out.println(command + ": " + text);
        }
    }

    private String database() {
        String url = environment.getProperty("spring.datasource.url", "");
        if (url.startsWith("jdbc:h2:file:")) {
            String path = url.substring("jdbc:h2:file:".length());
            int options = path.indexOf(';');
            return "the embedded database " + (options < 0 ? path : path.substring(0, options));
        }
        int query = url.indexOf('?');
        return "the database " + (query < 0 ? url : url.substring(0, query));
    }
}
