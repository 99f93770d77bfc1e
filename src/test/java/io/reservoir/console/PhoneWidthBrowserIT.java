package io.reservoir.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Browser;
import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The pages a guide opens in the store, at a phone's width (390 × 844 CSS pixels): the modules
 * become a row above the page, and no page is wider than the screen (a wide table scrolls inside
 * its card instead).
 */
@ReservoirIT
@ExtendWith(Browser.Installed.class)
class PhoneWidthBrowserIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    ChromeDriver chrome;

    @BeforeEach
    void openBrowser() {
        chrome = Browser.start();
    }

    @AfterEach
    void closeBrowser() {
        chrome.quit();
    }

    @Test
    void aGuidesPagesFitAPhoneInBothLanguages() {
        Tenant tenant = tenants.aWorkspace();
        Events events = new Events(port, tenant, jdbc);
        events.send(Message.identify()
                .user("u1")
                .at("2026-03-01T02:00:00Z")
                .trait("phone", "13800138000")
                .trait("name", "林小满"));
        events.send(Message.order("T-1", "1299.00")
                .user("u1")
                .at("2026-03-03T02:00:00Z")
                .channel("tmall"));
        String customer = onlyCustomer(tenant);
        Browser.signIn(chrome, port, tenant.adminUser().username(), Tenants.PASSWORD);
        chrome.manage().window().setSize(new Dimension(390, 844));
        WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(15));

        for (String lang : List.of("zh-CN", "en")) {
            for (String page : List.of("/customers", "/customers/" + customer, "/loyalty")) {
                chrome.get("http://localhost:" + port + page + "?lang=" + lang);
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav.sidebar")));
                long inner = (Long) chrome.executeScript("return window.innerWidth;");
                long width = (Long) chrome.executeScript("return document.documentElement.scrollWidth;");
                assertThat(width)
                        .as("%s (%s) is no wider than the phone", page, lang)
                        .isLessThanOrEqualTo(inner);
                long sidebar = (Long) chrome.executeScript(
                        "return Math.round(document.querySelector('nav.sidebar').getBoundingClientRect().height);");
                assertThat(sidebar)
                        .as("%s: the modules are one row above the page", page)
                        .isLessThan(80);
                Browser.screenshot(chrome, "phone" + page.replaceAll("[^a-z0-9]+", "-") + "-" + lang);
            }
        }
    }

    /** The public id of the one customer the events made. */
    private String onlyCustomer(Tenant tenant) {
        return jdbc.queryForObject(
                "select public_id from customer where workspace_id = ?",
                String.class,
                tenant.workspace().id());
    }
}
