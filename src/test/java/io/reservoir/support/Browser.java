package io.reservoir.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real headless Chromium through chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver}). Tests using it are skipped with a notice where they are not installed,
 * and fail instead under {@code RESERVOIR_IT_REQUIRED=1}.
 */
public final class Browser {

    static final Path CHROMIUM = Path.of(System.getProperty("reservoir.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("reservoir.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Browser() {}

    public static ChromeDriver start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1360,900",
                "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /** Signs in on the console's login page and waits for the console to show. */
    public static void signIn(ChromeDriver driver, int port, String username, String password) {
        driver.get("http://localhost:" + port + "/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("sign-in")).click();
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.sidebar")));
    }

    /** Saves a PNG of the current page under {@code target/screenshots/}. */
    public static Path screenshot(ChromeDriver driver, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves a page's visible text next to its screenshot, to read what a page said after the run. */
    public static Path text(String visible, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            return Files.writeString(SCREENSHOTS.resolve(name + ".txt"), visible);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Enables a test only where Chromium and chromedriver are installed (or requires them). */
    public static final class Installed implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER)) {
                return ConditionEvaluationResult.enabled("Chromium at " + CHROMIUM);
            }
            if (TestDatabase.required()) {
                throw new IllegalStateException("RESERVOIR_IT_REQUIRED=1 but Chromium or chromedriver is missing: "
                        + CHROMIUM + ", " + DRIVER + " (apt-get install chromium chromium-driver)");
            }
            String reason = "SKIPPED: headless-browser tests need " + CHROMIUM + " and " + DRIVER
                    + " (apt-get install chromium chromium-driver)";
            System.err.println(reason);
            return ConditionEvaluationResult.disabled(reason);
        }
    }
}
