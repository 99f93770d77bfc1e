package io.reservoir.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Browser;
import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Customer search and the 360 view in real headless Chromium. */
@ReservoirIT
@ExtendWith(Browser.Installed.class)
class CustomerPagesBrowserIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    ChromeDriver chrome;
    WebDriverWait wait;
    Tenant tenant;
    Events events;

    @BeforeEach
    void openBrowser() {
        tenant = tenants.aWorkspace();
        events = new Events(port, tenant, jdbc);
        chrome = Browser.start();
        wait = new WebDriverWait(chrome, Duration.ofSeconds(15));
    }

    @AfterEach
    void closeBrowser() {
        chrome.quit();
    }

    @Test
    void anOperatorFindsACustomerByPhoneAndSeesTheWholeStory() {
        events.send(Message.identify()
                .user("u1")
                .at("2026-03-01T02:00:00Z")
                .trait("phone", "13800138000")
                .trait("name", "林小满")
                .trait("city", "杭州")
                .traits("{\"consent\": {\"sms\": false}}"));
        events.send(Message.track("Store Followed")
                .user("u1")
                .at("2026-03-02T02:00:00Z")
                .channel("tmall"));
        events.send(Message.order("T-1", "299.00")
                .user("u1")
                .at("2026-03-03T02:00:00Z")
                .channel("tmall"));
        events.send(Message.track("Order Refunded")
                .user("u1")
                .at("2026-03-04T02:00:00Z")
                .property("order_id", "T-1")
                .property("total", "99.00"));
        for (int i = 0; i < CustomersPage.TIMELINE_PAGE + 5; i++) {
            events.send(Message.track("Product Viewed")
                    .user("u1")
                    .at("2026-02-0" + (1 + i % 9) + "T0" + (i % 10) + ":00:00Z")
                    .property("product_id", "p" + i));
        }
        signIn();

        chrome.get(url("/customers?lang=en"));
        chrome.findElement(By.name("q")).sendKeys("phone:+86 138 0013 8000");
        chrome.findElement(By.cssSelector("#customer-search button")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("customer-id")));
        assertThat(chrome.findElement(By.tagName("h1")).getText()).contains("林小满");
        assertThat(chrome.findElement(By.id("order-count")).getText()).isEqualTo("1");
        assertThat(chrome.findElement(By.id("order-net")).getText()).isEqualTo("200.00");
        assertThat(chrome.findElement(By.id("identities")).getText())
                .contains("138****8000")
                .doesNotContain("13800138000");
        assertThat(chrome.findElement(By.id("consent")).getText()).contains("sms", "withdrawn");
        assertThat(chrome.findElement(By.id("relations")).getText()).contains("store", "2026-03-02");
        int firstPage = timelineRows();
        chrome.findElement(By.cssSelector("#timeline tr.more button")).click();
        wait.until(driver -> timelineRows() > firstPage);
        assertThat(firstPage).isEqualTo(CustomersPage.TIMELINE_PAGE);
        assertThat(timelineRows()).isEqualTo(CustomersPage.TIMELINE_PAGE + 5 + 4);
        Browser.screenshot(chrome, "console-customer-en");

        chrome.findElement(By.id("lang-zh")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("customer-status"), "正常"));
        Browser.screenshot(chrome, "console-customer-zh");
    }

    @Test
    void searchingForAnUnknownIdentitySaysSoAndABadOneNamesTheProblem() {
        signIn();
        chrome.get(url("/customers?lang=en&q=member_no:NOBODY"));
        assertThat(chrome.findElement(By.id("not-found")).getText()).contains("member_no:NOBODY");

        chrome.get(url("/customers?lang=en&q=shoe_size:42"));
        assertThat(chrome.findElement(By.id("search-error")).getText()).contains("shoe_size");
    }

    @Test
    void aWrongMergeIsUndoneFromTheRetiredProfile() {
        events.send(Message.identify().user("a").trait("name", "甲"));
        events.send(Message.identify().identity("jd_pin", "B").trait("name", "乙"));
        events.send(Message.track("Checked In").user("a").identity("jd_pin", "B"));
        signIn();

        chrome.get(url("/customers?lang=en"));
        int retired = jdbc.queryForObject(
                "select loser_no from customer_merge where workspace_id = ?", Integer.class, events.workspaceId());
        String retiredId = jdbc.queryForObject(
                "select public_id from customer where workspace_id = ? and customer_no = ?",
                String.class,
                events.workspaceId(),
                retired);
        chrome.get(url("/customers/" + retiredId + "?lang=en"));
        assertThat(chrome.findElement(By.id("customer-status")).getText()).isEqualTo("merged");

        chrome.findElement(By.id("unmerge")).click();

        wait.until(ExpectedConditions.textToBe(By.id("customer-status"), "active"));
        assertThat(chrome.findElement(By.tagName("h1")).getText()).contains("乙");
        assertThat(events.customerOf("jd_pin", "B")).isEqualTo(retired);
    }

    private int timelineRows() {
        return chrome.findElements(By.cssSelector("#timeline tbody tr:not(.more)"))
                .size();
    }

    private void signIn() {
        Browser.signIn(chrome, port, tenant.adminUser().username(), Tenants.PASSWORD);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
