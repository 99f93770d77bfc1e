package io.reservoir.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Browser;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import io.reservoir.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
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

/** The console in real headless Chromium: sign in, switch language, see the chart, use htmx. */
@ReservoirIT
@ExtendWith(Browser.Installed.class)
class ConsoleBrowserIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    ChromeDriver chrome;
    WebDriverWait wait;

    @BeforeEach
    void openBrowser() {
        chrome = Browser.start();
        wait = new WebDriverWait(chrome, Duration.ofSeconds(15));
    }

    @AfterEach
    void closeBrowser() {
        chrome.quit();
    }

    @Test
    void adminSignsInAndSeesTheDashboardInBothLanguages() {
        signIn("admin", TestDatabase.ADMIN_PASSWORD);

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("activity-chart")));
        chrome.findElement(By.id("lang-en")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Dashboard"));
        assertThat(chrome.findElement(By.id("brand-count")).getText()).isNotBlank();
        assertThat(chartWasDrawn()).isTrue();
        // the FAST+ figures of the first brand lead the page, above the brands and the activity
        assertThat(chrome.findElement(By.id("fast-filters")).getText()).contains("Brand", "Period");
        assertThat(chrome.findElement(By.id("card-capital")).getText()).contains("Capital");
        assertThat(chrome.findElement(By.id("capital-value")).getText()).matches("[\\d,]+");
        Path english = Browser.screenshot(chrome, "console-dashboard-en");

        chrome.findElement(By.id("lang-zh")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "总览"));
        assertThat(chrome.findElement(By.cssSelector("nav.sidebar")).getText()).contains("人群", "会员体系", "审计日志");
        assertThat(chrome.findElement(By.id("card-capital")).getText()).contains("可持续运营私域关系数");
        Path chinese = Browser.screenshot(chrome, "console-dashboard-zh");

        assertThat(english).isNotEmptyFile();
        assertThat(chinese).isNotEmptyFile();
    }

    @Test
    void adminCreatesAKeyAndFindsItInTheAuditLog() {
        Tenant tenant = tenants.aWorkspace();
        signIn(tenant.adminUser().username(), Tenants.PASSWORD);
        chrome.get(url("/users?lang=en"));

        WebElement form = chrome.findElement(By.id("new-key"));
        form.findElement(By.name("name")).sendKeys("mini-program");
        form.findElement(By.cssSelector("button[type=submit]")).click();

        WebElement issued = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("issued-key")));
        assertThat(issued.getText()).containsPattern("rsv_w_[0-9A-Za-z]{32}");
        Browser.screenshot(chrome, "console-users-en");

        chrome.get(url("/audit"));
        assertThat(chrome.findElement(By.id("audit")).getText())
                .contains(tenant.adminUser().username() + " created the write key mini-program");
    }

    @Test
    void aDangerousLinkButtonIsRedTextOnTheCardNotRedOnRed() {
        Tenant tenant = tenants.aWorkspace();
        io.reservoir.support.Api.on(port)
                .bearer(tenant.managementKey())
                .post("/api/v1/keys", "{\"kind\":\"write\",\"name\":\"till\"}");
        signIn(tenant.adminUser().username(), Tenants.PASSWORD);
        chrome.get(url("/users?lang=en"));

        WebElement revoke = chrome.findElement(By.cssSelector("button.link.danger[type=submit]"));
        String danger = (String) chrome.executeScript("""
                const probe = document.createElement('span');
                probe.style.color = 'var(--danger)';
                document.body.appendChild(probe);
                const red = getComputedStyle(probe).color;
                probe.remove();
                return red;""");

        assertThat(revoke.getText()).isEqualTo("Revoke");
        assertThat(chrome.executeScript("return getComputedStyle(arguments[0]).backgroundColor;", revoke))
                .as("no background of its own")
                .isEqualTo("rgba(0, 0, 0, 0)");
        assertThat(chrome.executeScript("return getComputedStyle(arguments[0]).color;", revoke))
                .as("the danger colour as its text")
                .isEqualTo(danger);
    }

    @Test
    void olderAuditEntriesLoadInPlace() {
        Tenant tenant = tenants.aWorkspace();
        var api = io.reservoir.support.Api.on(port).bearer(tenant.managementKey());
        for (int i = 0; i < AuditPage.PAGE + 5; i++) {
            api.post("/api/v1/brands", "{\"name\":\"Audit page " + i + "\"}");
        }
        signIn(tenant.adminUser().username(), Tenants.PASSWORD);
        chrome.get(url("/audit?lang=en"));
        int firstPage = chrome.findElements(By.cssSelector("#audit tbody tr:not(.more)"))
                .size();

        chrome.findElement(By.cssSelector("#audit tr.more button")).click();
        wait.until(driver -> driver.findElements(By.cssSelector("#audit tbody tr:not(.more)"))
                        .size()
                > firstPage);

        assertThat(firstPage).isEqualTo(AuditPage.PAGE);
        assertThat(chrome.findElement(By.id("audit")).getText())
                .contains("created the brand Audit page 0")
                .contains(
                        "Reservoir created the workspace " + tenant.workspace().name());
    }

    private void signIn(String username, String password) {
        chrome.get(url("/login"));
        chrome.findElement(By.id("username")).sendKeys(username);
        chrome.findElement(By.id("password")).sendKeys(password);
        Browser.screenshot(chrome, "console-login");
        chrome.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.sidebar")));
    }

    private boolean chartWasDrawn() {
        Object drawn = chrome.executeScript(
                "const c = document.getElementById('activity-chart'); return !!(window.Chart && Chart.getChart(c));");
        return Boolean.TRUE.equals(drawn);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
