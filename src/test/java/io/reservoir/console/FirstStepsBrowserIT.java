package io.reservoir.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.ingest.simulator.SimulationSettings;
import io.reservoir.ingest.simulator.SimulationSummary;
import io.reservoir.ingest.simulator.Simulator;
import io.reservoir.support.Browser;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import io.reservoir.support.TestClock;
import io.reservoir.support.UntranslatedText;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The README's first steps on the demo brand, as a new operator takes them: simulate with the
 * command's defaults, sign in, and find the dashboard on the current month with data, members in
 * the program's tiers and the standard audiences counting people; then every console page in
 * Chinese, failing on any message key, raw code or English sentence left untranslated.
 */
@ReservoirIT
@ExtendWith(Browser.Installed.class)
class FirstStepsBrowserIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    Simulator simulator;

    ChromeDriver chrome;
    WebDriverWait wait;
    static final String JS_TEXT_WITHOUT_CODES = """
            const codes = [...document.querySelectorAll('code, kbd')];
            const kept = codes.map(c => c.textContent);
            codes.forEach(c => c.textContent = '');
            const text = document.body.innerText;
            codes.forEach((c, i) => c.textContent = kept[i]);
            return text;""";

    /** The test data's own names, which a Chinese page shows as they are. */
    List<String> names = List.of();

    @BeforeEach
    void openBrowser() {
        chrome = Browser.start();
        wait = new WebDriverWait(chrome, Duration.ofSeconds(60));
    }

    @AfterEach
    void closeBrowser() {
        chrome.quit();
    }

    @Test
    void theDemoBrandFillsEveryPageAndTheChineseConsoleIsAllChinese() {
        Tenant tenant = tenants.aWorkspace();
        SimulationSummary demo = simulator.demo(
                tenant.workspace().id(),
                new SimulationSettings(
                        SimulationSettings.DEFAULT_MEMBERS,
                        SimulationSettings.DEFAULT_DAYS,
                        SimulationSettings.DEFAULT_SEED,
                        simulator.startEndingYesterday(SimulationSettings.DEFAULT_DAYS),
                        List.of()),
                null);
        assertThat(demo.counts().members()).isPositive();
        Browser.signIn(chrome, port, tenant.adminUser().username(), Tenants.PASSWORD);
        names = List.of(
                tenant.workspace().name(),
                tenant.brand().name(),
                tenant.adminUser().username(),
                tenant.adminUser().displayName(),
                "management",
                "write"); // the fixture's key names
        Map<String, List<String>> untranslated = new LinkedHashMap<>();

        // the dashboard opens on the current month, which has data
        open("/?lang=zh-CN", untranslated);
        String thisMonth =
                YearMonth.from(TestClock.today(ZoneId.of("Asia/Shanghai"))).toString();
        assertThat(chrome.findElement(By.id("filter-period")).getAttribute("value"))
                .isEqualTo(thisMonth);
        assertThat(chrome.findElements(By.id("no-data"))).isEmpty();
        assertThat(number(chrome.findElement(By.id("capital-value")).getText())).isPositive();
        open(chrome.findElement(By.cssSelector("#capital-value a")).getAttribute("href"), untranslated);

        // the program came with the brand: members earn into its tiers as the log is read
        open("/loyalty", untranslated);
        wait.until(driver -> {
            driver.navigate().refresh();
            return number(driver.findElement(By.id("member-total")).getText())
                    >= demo.counts().members();
        });
        List<Long> perTier = chrome.findElements(By.cssSelector("#tiers tbody tr td:last-child")).stream()
                .map(td -> number(td.getText()))
                .toList();
        assertThat(perTier).hasSizeGreaterThan(2);
        assertThat(perTier.stream().filter(n -> n > 0).count())
                .as("members in more than one tier: %s", perTier)
                .isGreaterThan(2);
        collect("/loyalty", untranslated);
        String member =
                chrome.findElement(By.cssSelector("#members tbody tr a")).getAttribute("href");
        String brandPath = member.substring(member.indexOf("/loyalty/"), member.indexOf("/members/"));
        String customerId = member.substring(member.lastIndexOf('/') + 1);
        open(member, untranslated);
        open(brandPath + "/program", untranslated);
        open(brandPath + "/rewards", untranslated);
        assertThat(chrome.findElements(By.cssSelector("#items tbody tr"))).hasSizeGreaterThan(2);

        // the standard audiences were saved for the brand, and each counts people
        open("/audiences", untranslated);
        List<WebElement> segments = chrome.findElements(By.cssSelector("#segments tbody tr"));
        assertThat(segments).hasSizeGreaterThanOrEqualTo(7);
        List<String> empty = new ArrayList<>();
        for (WebElement row : segments) {
            if (number(row.findElement(By.cssSelector("td.count")).getText()) == 0) {
                empty.add(row.getAttribute("data-name"));
            }
        }
        assertThat(empty).as("standard audiences counting nobody").isEmpty();
        open(chrome.findElement(By.cssSelector("#segments a.segment-name")).getAttribute("href"), untranslated);
        open("/audiences/new", untranslated);
        open("/audiences/tags", untranslated);

        open("/customers", untranslated);
        open("/customers/" + customerId, untranslated);
        open("/audit", untranslated);
        open("/users", untranslated);

        Browser.screenshot(chrome, "first-steps-users-zh");
        assertThat(untranslated).as("untranslated text on the Chinese pages").isEmpty();
    }

    /** Opens a console page (a path or an address) in Chinese and notes what it shows untranslated. */
    private void open(String page, Map<String, List<String>> untranslated) {
        String address = page.startsWith("http") ? page : "http://localhost:" + port + page;
        chrome.get(address);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.sidebar")));
        collect(address, untranslated);
    }

    private void collect(String page, Map<String, List<String>> untranslated) {
        String visible = chrome.findElement(By.tagName("body")).getText();
        // codes shown as code (a field's id beside its name, an identity type to type) are not words
        String words = (String) chrome.executeScript(JS_TEXT_WITHOUT_CODES);
        List<String> found = UntranslatedText.in(words, names);
        if (!found.isEmpty()) {
            untranslated.merge(page, found, (a, b) -> a);
        }
        String shot = "first-steps" + page.replaceAll("^https?://[^/]+", "").replaceAll("[^A-Za-z0-9]+", "-") + "-zh";
        Browser.screenshot(chrome, shot);
        Browser.text(visible, shot);
    }

    private static long number(String text) {
        String digits = text.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }
}
