package io.reservoir.platform.tenancy;

import static io.reservoir.support.ConsoleSession.location;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reservoir.ReservoirApplication;
import io.reservoir.support.ConsoleSession;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starting Reservoir the way the README says — the embedded database in a data folder, nothing
 * configured — and starting it again on the same folder. Embedded H2 only: this is about the
 * file-based default.
 */
@ExtendWith(OutputCaptureExtension.class)
@EnabledIfSystemProperty(named = "reservoir.it.database", matches = "h2")
class FirstStartIT {

    private static final Pattern LOGGED_PASSWORD =
            Pattern.compile("console login 'admin' with password\\s+(\\S+)\\s+This password is shown only once");

    @TempDir
    Path dataDir;

    @Test
    void theGeneratedAdminPasswordIsLoggedOnceAndSignsIn(CapturedOutput output) {
        String password;
        try (var app = start(null)) {
            Matcher logged = LOGGED_PASSWORD.matcher(output.getOut());
            assertThat(logged.find())
                    .as("the first start logs the admin password")
                    .isTrue();
            password = logged.group(1);
            assertThat(password).hasSize(20);
            assertThat(dataDir.resolve("reservoir.key")).exists();
            assertThat(dataDir.resolve("reservoir.mv.db")).exists();
        }
        int firstStartLength = output.getOut().length();

        try (var app = start(null)) {
            var browser = new ConsoleSession(port(app));
            assertThat(location(browser.login("admin", password))).endsWith("/");
            assertThat(browser.get("/").statusCode()).isEqualTo(200);
            assertThat(output.getOut().substring(firstStartLength)).doesNotContain("first start");
        }
    }

    @Test
    void anotherDataKeyThanTheDatabaseWasWrittenWithRefusesToStart() {
        try (var app = start(randomKey())) {
            assertThat(port(app)).isPositive();
        }

        assertThatThrownBy(() -> start(randomKey()))
                .hasStackTraceContaining("is not the key this database was written with");
    }

    private ConfigurableApplicationContext start(String dataKey) {
        // Command-line arguments, because they outrank application.yml and the environment.
        return new SpringApplicationBuilder(ReservoirApplication.class)
                .web(WebApplicationType.SERVLET)
                .run(
                        "--server.port=0",
                        "--reservoir.data-dir=" + dataDir,
                        "--reservoir.admin-password=",
                        "--reservoir.bootstrap.management-key=",
                        "--reservoir.bootstrap.write-key=",
                        "--reservoir.data-key=" + (dataKey == null ? "" : dataKey));
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
