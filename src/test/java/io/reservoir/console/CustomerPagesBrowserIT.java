package io.reservoir.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.audience.SegmentRule;
import io.reservoir.audience.Segments;
import io.reservoir.audience.Tag;
import io.reservoir.audience.TagKind;
import io.reservoir.audience.Tags;
import io.reservoir.support.Api;
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

    @Autowired
    Tags tags;

    @Autowired
    Segments segments;

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
        assertThat(chrome.findElement(By.id("order-net")).getText()).isEqualTo("¥200.00");
        assertThat(chrome.findElement(By.id("identities")).getText())
                .contains("138****8000")
                .doesNotContain("13800138000");
        assertThat(chrome.findElement(By.id("consent")).getText()).contains("SMS", "withdrawn");
        assertThat(chrome.findElement(By.id("relations")).getText()).contains("Store followers", "2026-03-02");
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

    static final String PROGRAM = """
            {"pointsPerYuan": 1, "expiry": "never",
             "tiers": {"basis": "net_spend", "levels": [
                {"code": "silver", "name": "银卡", "threshold": 0},
                {"code": "gold", "name": "金卡", "threshold": 2000}]}}
            """;

    @Test
    void theWholePageSpeaksTheReadersLanguageTierProgressTagsSegmentsConsentAndReadableEvents() {
        Api.Reply program = Api.on(port)
                .bearer(tenant.managementKey())
                .put("/api/v1/loyalty/programs/" + tenant.brand().id(), PROGRAM);
        assertThat(program.status()).as(program.body()).isEqualTo(200);
        events.send(Message.identify()
                .user("u1")
                .at("2026-03-01T02:00:00Z")
                .trait("phone", "13800138000")
                .trait("name", "林小满")
                .trait("city", "杭州")
                .traits("{\"consent\": {\"sms\": true}}"));
        events.send(Message.track("Member Joined")
                .user("u1")
                .at("2026-03-01T03:00:00Z")
                .channel("tmall"));
        events.send(Message.track("Order Completed")
                .user("u1")
                .at("2026-03-03T02:00:00Z")
                .channel("tmall")
                .properties("""
                        {"order_id": "T-1", "total": "1299.00",
                         "products": [{"product_id": "p1", "name": "真丝连衣裙", "price": "649.50", "quantity": 2}]}
                        """));
        events.send(Message.track("Order Refunded")
                .user("u1")
                .at("2026-03-04T02:00:00Z")
                .property("order_id", "T-1")
                .property("total", "99.00"));
        events.send(Message.track("Product Viewed")
                .user("u1")
                .at("2026-03-05T02:00:00Z")
                .property("product_id", "p1")
                .property("name", "真丝连衣裙"));
        events.send(Message.track("Checked In").user("u1").at("2026-03-06T02:00:00Z"));
        events.send(Message.identify().user("u2").at("2026-03-01T02:00:00Z").trait("name", "路人"));
        int no = events.customerOf("app_user_id", "u1");
        Tag vip = tags.create(tenant.admin(), "高价值", TagKind.MANUAL, null, null);
        tags.assign(tenant.admin(), vip.id(), null, List.of(no), null);
        segments.create(
                tenant.admin(),
                "杭州客户",
                new SegmentRule.Attribute("city", SegmentRule.Attribute.Op.EQ, List.of("杭州")).toJson());
        segments.create(
                tenant.admin(),
                "上海客户",
                new SegmentRule.Attribute("city", SegmentRule.Attribute.Op.EQ, List.of("上海")).toJson());
        String id = publicId(no);
        signIn();

        chrome.get(url("/customers/" + id + "?lang=en"));
        wait.until(driver -> {
            driver.navigate().refresh();
            return !driver.findElements(By.id("standings")).isEmpty();
        });
        assertThat(text("order-net")).isEqualTo("¥1,200.00");
        assertThat(text("standings")).contains("银卡", "¥1,200.00 of ¥2,000.00 to 金卡");
        assertThat(text("tags")).isEqualTo("高价值");
        assertThat(text("segments")).isEqualTo("杭州客户");
        assertThat(text("consent")).contains("SMS", "granted", "profile data sent by a channel", "2026-03-01 10:00");
        assertThat(text("attributes")).contains("City", "杭州", "Name");
        assertThat(text("identities")).contains("Phone", "138****8000", "App user ID");
        assertThat(text("orders")).contains("T-1", "Tmall", "真丝连衣裙 × 2", "¥1,200.00");
        assertThat(text("timeline"))
                .contains(
                        "Order ¥1,299.00 · Tmall · 2 items · 真丝连衣裙",
                        "Refund ¥99.00",
                        "Viewed product 真丝连衣裙",
                        "Checked in",
                        "Joined the membership",
                        "Profile updated: ")
                .doesNotContain("{", "order_id");
        Browser.screenshot(chrome, "console-customer-360-en");

        chrome.get(url("/customers?lang=en&tier=" + tenant.brand().id() + ":silver"));
        assertThat(chrome.findElements(By.cssSelector("#customers tbody tr")).stream()
                        .map(row -> row.getAttribute("id"))
                        .toList())
                .as("only the silver member")
                .containsExactly("customer-" + id);
        assertThat(text("customers")).contains("银卡", "林*");
        chrome.get(url("/customers?lang=en&tier=" + tenant.brand().id() + ":gold"));
        assertThat(text("no-match")).isEqualTo("No customer matches these filters.");

        chrome.get(url("/customers/" + id + "?lang=zh-CN"));
        assertThat(text("standings")).contains("¥1,200.00 / ¥2,000.00，距金卡还差 ¥800.00");
        assertThat(text("timeline"))
                .contains("下单 ¥1,299.00 · 天猫 · 2 件商品 · 真丝连衣裙", "退款 ¥99.00", "浏览商品 真丝连衣裙", "签到", "加入会员");
        assertThat(text("consent")).contains("短信", "同意", "渠道发送的资料");
        assertThat(text("attributes")).contains("城市", "姓名");
        assertThat(text("identities")).contains("手机号", "App 用户 ID");
        String rendered = String.join(
                "\n",
                text("loyalty"),
                text("audiences"),
                text("attributes"),
                text("identities"),
                text("consent"),
                text("orders"),
                text("timeline"));
        assertThat(CustomerListBrowserIT.ENGLISH
                        .matcher(rendered.replace(tenant.brand().name(), ""))
                        .find())
                .as("no English sentence on the Chinese page: %s", rendered)
                .isFalse();
        Browser.screenshot(chrome, "console-customer-360-zh");

        String other = publicId(events.customerOf("app_user_id", "u2"));
        chrome.get(url("/customers/" + other + "?lang=zh-CN"));
        assertThat(text("no-membership")).isEqualTo("尚未加入任何品牌的会员计划。");
        assertThat(text("no-orders")).isEqualTo("暂无订单。");
        assertThat(text("no-tags")).isEqualTo("暂无标签。");
        assertThat(text("no-segments")).isEqualTo("当前不在任何已保存人群中。");
        assertThat(text("no-consent")).isEqualTo("尚无营销许可记录。");
        Browser.screenshot(chrome, "console-customer-360-empty-zh");
        chrome.get(url("/customers/" + other + "?lang=en"));
        assertThat(text("no-orders")).isEqualTo("No orders yet.");
        assertThat(text("no-membership")).isEqualTo("Not a member of any brand's loyalty program.");
    }

    private String publicId(int customerNo) {
        return jdbc.queryForObject(
                "select public_id from customer where workspace_id = ? and customer_no = ?",
                String.class,
                events.workspaceId(),
                customerNo);
    }

    private String text(String id) {
        return chrome.findElement(By.id(id)).getText();
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
