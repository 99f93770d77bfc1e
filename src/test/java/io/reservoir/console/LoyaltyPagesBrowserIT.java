package io.reservoir.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.support.Browser;
import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import io.reservoir.support.UntranslatedText;
import java.time.Duration;
import java.util.List;
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
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The loyalty pages in real headless Chromium: an operator sets up a brand's program (a wrong
 * threshold refused at its input, nothing stored), members earn from the log and show with their
 * tier and points, the tier chart is drawn, a member's ledger is adjusted, and the catalog is
 * stocked. Every figure on the pages is compared with what the database holds.
 */
@ReservoirIT
@ExtendWith(Browser.Installed.class)
class LoyaltyPagesBrowserIT {

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
    long ws;
    long brand;

    @BeforeEach
    void openBrowser() {
        tenant = tenants.aWorkspace();
        events = new Events(port, tenant, jdbc);
        ws = tenant.workspace().id();
        brand = tenant.brand().id();
        chrome = Browser.start();
        wait = new WebDriverWait(chrome, Duration.ofSeconds(20));
    }

    @AfterEach
    void closeBrowser() {
        chrome.quit();
    }

    @Test
    void anOperatorSetsUpTheProgramAndFollowsMembersTheirLedgerAndTheCatalog() {
        Browser.signIn(chrome, port, tenant.adminUser().username(), Tenants.PASSWORD);
        chrome.get(url("/?lang=en"));
        chrome.findElement(By.id("nav-loyalty")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("no-program")));

        chrome.findElement(By.id("edit-program")).click();
        fill("pointsPerYuan", "2");
        fill("tiers.levels[0].code", "silver");
        fill("tiers.levels[0].name", "银卡");
        fill("tiers.levels[0].threshold", "0");
        fill("tiers.levels[1].code", "gold");
        fill("tiers.levels[1].name", "金卡");
        fill("tiers.levels[1].threshold", "0");
        fill("tiers.levels[1].pointsMultiplier", "0.5");
        chrome.findElement(By.name("tiers.levels[1].benefits.freeShipping")).click();
        fill("actions.check_in.points", "5");
        fill("actions.check_in.maxPerDay", "1");
        chrome.findElement(By.id("save-program")).click();

        // every problem of the form at once, each naming its input as the form labels it
        WebElement failure = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("problems")));
        assertThat(failure.findElements(By.tagName("li")))
                .extracting(WebElement::getText)
                .containsExactly(
                        "Tier 2 threshold: must be above the tier before it",
                        "Tier 2 points ×: must be from 1 to 10, with at most 2 decimals");
        assertThat(input("tiers.levels[1].threshold").getAttribute("class")).contains("invalid");
        assertThat(input("tiers.levels[1].pointsMultiplier").getAttribute("class"))
                .contains("invalid");
        fill("tiers.levels[1].pointsMultiplier", "1.5");
        assertThat(input("tiers.levels[1].code").getAttribute("value"))
                .as("the form comes back as typed")
                .isEqualTo("gold");
        assertThat(count("select count(*) from loyalty_program where workspace_id = ?"))
                .isZero();

        fill("tiers.levels[1].threshold", "500");
        chrome.findElement(By.id("save-program")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertThat(chrome.findElement(By.id("points-per-yuan")).getText()).isEqualTo("2");
        assertThat(jdbc.queryForObject(
                        "select points_per_yuan from loyalty_program where workspace_id = ? and brand_id = ?",
                        Integer.class,
                        ws,
                        brand))
                .isEqualTo(2);
        assertThat(chrome.findElement(By.id("tiers")).getText()).contains("银卡", "金卡", "free shipping");

        for (String user : List.of("u1", "u2", "u3")) {
            track(user, "Member Joined", "2026-03-01T02:00:00Z", "{}");
        }
        track("u1", "Order Completed", "2026-03-02T02:00:00Z", "{\"order_id\":\"A1\",\"total\":\"800.00\"}");
        track("u2", "Order Completed", "2026-03-03T02:00:00Z", "{\"order_id\":\"A2\",\"total\":\"120.00\"}");
        wait.until(driver -> {
            driver.navigate().refresh();
            return driver.findElement(By.id("member-total")).getText().equals("3")
                    && count("select count(*) from points_entry where workspace_id = ?") == 2;
        });

        List<WebElement> rows = chrome.findElements(By.cssSelector("#members tbody tr"));
        assertThat(rows).hasSize(3);
        for (WebElement row : rows) {
            String customerId = row.findElement(By.tagName("a")).getText();
            int no = jdbc.queryForObject(
                    "select customer_no from customer where workspace_id = ? and public_id = ?",
                    Integer.class,
                    ws,
                    customerId);
            assertThat(row.findElement(By.cssSelector("td.points")).getText()).isEqualTo(grouped(balance(no)));
            String tier = jdbc.queryForObject(
                    "select tier_code from loyalty_member where workspace_id = ? and brand_id = ? and customer_no = ?",
                    String.class,
                    ws,
                    brand,
                    no);
            assertThat(row.getText()).contains(tier.equals("gold") ? "金卡" : "银卡");
        }
        WebElement chart = chrome.findElement(By.id("tier-chart"));
        assertThat(chart.getAttribute("data-values")).isEqualTo("2,1");
        wait.until(driver -> "true".equals(chart.getAttribute("data-drawn")));
        Browser.screenshot(chrome, "console-loyalty-en");

        int u1 = events.customerOf("app_user_id", "u1");
        long before = balance(u1);
        assertThat(before).as("800 yuan × 2 points").isGreaterThanOrEqualTo(1_600);
        chrome.findElement(By.linkText(publicId(u1))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("balance")));
        assertThat(chrome.findElement(By.id("balance")).getText()).isEqualTo(grouped(before));
        assertThat(chrome.findElement(By.id("member-tier")).getText()).isEqualTo("金卡");
        // tiers by their names, the net spend that decided in yuan (the page once wrote 80000 for ¥800)
        assertThat(chrome.findElement(By.id("tier-history")).getText()).contains("upgrade", "银卡 → 金卡", "¥800.00");
        assertThat(chrome.findElements(By.cssSelector("#entries tbody tr"))).isNotEmpty();

        WebElement adjust = chrome.findElement(By.id("adjust"));
        adjust.findElement(By.name("points")).sendKeys("-100");
        adjust.findElement(By.name("reason")).sendKeys("补偿退回");
        adjust.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertThat(balance(u1)).isEqualTo(before - 100);
        assertThat(chrome.findElement(By.id("balance")).getText()).isEqualTo(grouped(before - 100));
        assertThat(chrome.findElement(By.id("entries")).getText()).contains("−100", "补偿退回");
        assertThat(count("select count(*) from audit_log where workspace_id = ? and action = 'points.adjusted'"))
                .isEqualTo(1);

        chrome.get(url("/loyalty/" + brand + "/rewards?lang=en"));
        WebElement newItem = chrome.findElement(By.id("new-item"));
        newItem.findElement(By.name("name")).sendKeys("保温杯");
        newItem.findElement(By.name("pointsPrice")).sendKeys("three hundred");
        newItem.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("problems")))
                        .getText())
                .contains("Points price: must be a whole number");
        assertThat(count("select count(*) from reward_item where workspace_id = ?"))
                .isZero();

        newItem = chrome.findElement(By.id("new-item"));
        assertThat(newItem.findElement(By.name("name")).getAttribute("value"))
                .as("a refused form shows again as typed")
                .isEqualTo("保温杯");
        newItem.findElement(By.name("pointsPrice")).clear();
        newItem.findElement(By.name("pointsPrice")).sendKeys("300");
        newItem.findElement(By.name("stock")).sendKeys("10");
        newItem.findElement(By.cssSelector("option[value=gold]")).click();
        newItem.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        WebElement item = chrome.findElement(By.cssSelector("#items tbody tr"));
        assertThat(item.findElement(By.cssSelector("td.stock")).getText()).isEqualTo("10");
        assertThat(item.getText()).contains("保温杯", "300", "金卡");

        item.findElement(By.name("add")).sendKeys("5");
        item.findElement(By.cssSelector("form.restock button")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#items tbody tr td.stock"), "15"));
        assertThat(jdbc.queryForObject("select stock from reward_item where workspace_id = ?", Integer.class, ws))
                .isEqualTo(15);
        chrome.findElement(By.cssSelector("#items tbody tr input[name=add]")).sendKeys("-20");
        chrome.findElement(By.cssSelector("#items tbody tr form.restock button"))
                .click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("problems")))
                        .getText())
                .contains("Stock change: must be a whole number other than 0 that leaves the stock at 0 or more");
        assertThat(jdbc.queryForObject("select stock from reward_item where workspace_id = ?", Integer.class, ws))
                .as("stock never goes below zero")
                .isEqualTo(15);

        chrome.get(url("/loyalty/" + brand + "?lang=zh-CN"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "会员体系"));
        wait.until(
                driver -> "true".equals(driver.findElement(By.id("tier-chart")).getAttribute("data-drawn")));
        Browser.screenshot(chrome, "console-loyalty-zh");
    }

    @Test
    void aRefusedProgramNamesEveryWrongFieldAtOnceInChinese() {
        Browser.signIn(chrome, port, tenant.adminUser().username(), Tenants.PASSWORD);
        chrome.get(url("/loyalty/" + brand + "/program?lang=zh-CN"));
        fill("pointsPerYuan", "abc");
        fill("joining.giftPoints", "1.5");
        fill("tiers.levels[0].code", "silver");
        fill("tiers.levels[0].name", "银卡");
        fill("tiers.levels[0].threshold", "免费");
        chrome.findElement(By.id("save-program")).click();

        WebElement failure = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("problems")));
        assertThat(failure.findElements(By.tagName("li")))
                .extracting(WebElement::getText)
                .containsExactlyInAnyOrder("每元积分：须为整数，而不是“abc”", "入会礼（积分）：须为整数，而不是“1.5”", "第 1 档·升级门槛：须为数字，而不是“免费”");
        assertThat(UntranslatedText.in(failure.getText(), List.of("abc")))
                .as("all but what was typed")
                .isEmpty();
        Browser.screenshot(chrome, "console-loyalty-program-refused-zh");
        assertThat(count("select count(*) from loyalty_program where workspace_id = ?"))
                .isZero();
    }

    @Test
    void aCustomerWithoutPointsSeesWhyEachPartOfTheLedgerIsEmpty() {
        events.send(Message.identify().user("u9").at("2026-03-01T02:00:00Z").trait("name", "沈清"));
        Browser.signIn(chrome, port, tenant.adminUser().username(), Tenants.PASSWORD);
        chrome.get(url(
                "/loyalty/" + brand + "/members/" + publicId(events.customerOf("app_user_id", "u9")) + "?lang=zh-CN"));

        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-entries")))
                        .getText())
                .startsWith("暂无积分记录");
        assertThat(chrome.findElement(By.id("no-lots")).getText()).isEqualTo("暂无待使用的积分。");
        assertThat(chrome.findElement(By.id("no-tier-history")).getText()).startsWith("暂无等级记录");
        Browser.screenshot(chrome, "console-loyalty-member-empty-zh");
    }

    private void track(String user, String event, String at, String properties) {
        events.send(Message.track(event).user(user).at(at).channel("tmall").properties(properties));
    }

    private WebElement input(String name) {
        return chrome.findElement(By.name(name));
    }

    private void fill(String name, String value) {
        WebElement field = input(name);
        field.clear();
        field.sendKeys(value);
    }

    /** A number as the console writes it: with thousands separators. */
    private static String grouped(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }

    private long balance(int customerNo) {
        List<Long> balance = jdbc.queryForList(
                "select balance from points_account where workspace_id = ? and brand_id = ? and customer_no = ?",
                Long.class,
                ws,
                brand,
                customerNo);
        return balance.isEmpty() ? 0 : balance.get(0);
    }

    private String publicId(int customerNo) {
        return jdbc.queryForObject(
                "select public_id from customer where workspace_id = ? and customer_no = ?",
                String.class,
                ws,
                customerNo);
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class, ws);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
