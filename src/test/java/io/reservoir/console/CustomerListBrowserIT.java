package io.reservoir.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.audience.SegmentRule;
import io.reservoir.audience.Segments;
import io.reservoir.audience.Tag;
import io.reservoir.audience.TagKind;
import io.reservoir.audience.Tags;
import io.reservoir.platform.tenancy.Role;
import io.reservoir.platform.tenancy.User;
import io.reservoir.support.Browser;
import io.reservoir.support.ConsoleSession;
import io.reservoir.support.Events;
import io.reservoir.support.Message;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
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
 * The customers list in real headless Chromium: filters narrow it to exactly the customers they
 * describe, sorting and paging, the CSV of the filtered list for admins only, and the search box
 * with bare values, in English and Chinese.
 */
@ReservoirIT
@ExtendWith(Browser.Installed.class)
class CustomerListBrowserIT {

    /** Two English words in a row: a sentence left untranslated on a Chinese page. */
    static final Pattern ENGLISH = Pattern.compile("\\b[A-Za-z]{2,}\\s+[A-Za-z]{2,}\\b");

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

    /**
     * Ann joined in January and spent ¥1,200 on Tmall; Bo joined in February, spent ¥300 on JD
     * (and holds a JD PIN); Cai joined in April and never ordered; Dan joined in May and spent ¥50
     * on Tmall in October.
     */
    private void fourCustomers() {
        events.send(Message.identify()
                .user("ann")
                .at("2026-01-05T02:00:00Z")
                .trait("name", "安娜")
                .trait("city", "杭州"));
        events.send(Message.order("A1", "1200.00")
                .user("ann")
                .at("2026-03-01T02:00:00Z")
                .channel("tmall"));
        events.send(Message.identify()
                .user("bo")
                .identity("jd_pin", "bo-pin")
                .at("2026-02-10T02:00:00Z")
                .trait("name", "柏舟")
                .trait("phone", "13800000002"));
        events.send(Message.order("B1", "300.00")
                .user("bo")
                .at("2026-06-01T02:00:00Z")
                .channel("jd"));
        events.send(Message.identify()
                .user("cai")
                .identity("member_no", "13800000002")
                .at("2026-04-20T02:00:00Z")
                .trait("name", "蔡文")
                .trait("city", "杭州"));
        events.send(Message.identify().user("dan").at("2026-05-01T02:00:00Z").trait("phone", "13800000004"));
        events.send(Message.order("D1", "50.00")
                .user("dan")
                .at("2026-10-01T02:00:00Z")
                .channel("tmall"));
    }

    @Test
    void filtersNarrowTheListToExactlyTheCustomersTheyDescribeAndSortingOrdersIt() {
        fourCustomers();
        Tag vip = tags.create(tenant.admin(), "VIP", TagKind.MANUAL, null, null);
        tags.assign(tenant.admin(), vip.id(), null, List.of(no("bo"), no("dan")), null);
        long hangzhou = segments.create(
                        tenant.admin(),
                        "杭州客户",
                        new SegmentRule.Attribute("city", SegmentRule.Attribute.Op.EQ, List.of("杭州")).toJson())
                .id();
        signIn(tenant.adminUser().username());

        chrome.get(url("/customers?lang=en"));
        assertThat(names()).as("newest joined first").containsExactly("d", "c", "b", "a");
        assertThat(text("customer-range")).isEqualTo("Customers 1–4 of 4");
        WebElement ann = chrome.findElement(By.id("customer-" + id("ann")));
        assertThat(ann.findElement(By.cssSelector("a.customer")).getText()).isEqualTo("安*");
        assertThat(ann.findElement(By.cssSelector("td.net")).getText()).isEqualTo("¥1,200.00");
        assertThat(ann.findElement(By.cssSelector("td.last-order")).getText()).isEqualTo("2026-03-01");
        assertThat(ann.findElement(By.cssSelector("td.joined")).getText()).isEqualTo("2026-01-05");
        assertThat(chrome.findElement(By.id("customer-" + id("bo")))
                        .findElement(By.cssSelector("td.channels"))
                        .getText())
                .as("linked by a JD PIN, ordered on JD")
                .isEqualTo("App, JD");
        assertThat(ann.findElement(By.cssSelector("td.channels")).getText())
                .as("ordered on Tmall")
                .isEqualTo("App, Tmall");

        select("filter-channel", "tmall");
        apply();
        assertThat(names()).containsExactly("d", "a");
        select("filter-channel", "");
        select("filter-tag", "VIP");
        apply();
        assertThat(names()).containsExactly("d", "b");
        select("filter-tag", "");
        select("filter-segment", Long.toString(hangzhou));
        apply();
        assertThat(names()).containsExactly("c", "a");
        select("filter-segment", "");
        apply();
        assertThat(names()).hasSize(4);

        chrome.get(url("/customers?lang=en&joinedFrom=2026-02-01&joinedTo=2026-04-30"));
        assertThat(names()).containsExactly("c", "b");
        chrome.get(url("/customers?lang=en&orderFrom=2026-05-01&orderTo=2026-12-31"));
        assertThat(names()).containsExactly("d", "b");
        chrome.get(url("/customers?lang=en&brand=" + tenant.brand().id() + "&channel=tmall&orderFrom=2026-01-01"));
        assertThat(names()).containsExactly("d", "a");

        chrome.get(url("/customers?lang=en"));
        chrome.findElement(By.id("sort-net_spend")).click();
        wait.until(ExpectedConditions.urlContains("sort=net_spend"));
        assertThat(names()).as("highest net spend first").containsExactly("a", "b", "d", "c");
        chrome.findElement(By.id("sort-net_spend")).click();
        wait.until(ExpectedConditions.urlContains("dir=asc"));
        assertThat(names()).as("lowest first").containsExactly("c", "d", "b", "a");
        chrome.findElement(By.id("sort-last_order")).click();
        wait.until(ExpectedConditions.urlContains("sort=last_order"));
        assertThat(names()).as("latest order first, never ordered last").containsExactly("d", "b", "a", "c");
        chrome.findElement(By.id("sort-joined")).click();
        wait.until(ExpectedConditions.urlContains("sort=joined"));
        assertThat(names()).containsExactly("d", "c", "b", "a");
        Browser.screenshot(chrome, "console-customers-list-en");

        chrome.get(url("/customers?lang=en&tag=nobody-has-it"));
        assertThat(text("no-match")).isEqualTo("No customer matches these filters.");
        chrome.get(url("/customers?lang=en&joinedFrom=soon"));
        assertThat(text("filter-error")).isEqualTo("Joined from: enter a date such as 2026-11-20.");

        chrome.get(url("/customers?lang=zh-CN&channel=tmall&sort=net_spend"));
        assertThat(names()).containsExactly("a", "d");
        assertThat(text("customer-range")).isEqualTo("第 1–2 位，共 2 位客户");
        String shown = String.join(
                "\n", text("customer-filters"), text("customers"), text("customer-range"), text("download-csv"));
        assertThat(shown).contains("天猫", "净消费", "最近下单");
        assertThat(ENGLISH.matcher(shown.replace(tenant.brand().name(), "")).find())
                .as("no English sentence on the Chinese list: %s", shown)
                .isFalse();
        Browser.screenshot(chrome, "console-customers-list-zh");
        chrome.get(url("/customers?lang=zh-CN&joinedFrom=soon"));
        assertThat(text("filter-error")).isEqualTo("加入起始日期：请输入日期，如 2026-11-20。");
    }

    @Test
    void anAdminDownloadsTheFilteredListAsCsvAndAnOperatorCannot() {
        fourCustomers();
        signIn(tenant.adminUser().username());
        chrome.get(url("/customers?lang=en&channel=tmall&sort=net_spend&dir=desc"));
        String csv = chrome.findElement(By.id("download-csv")).getAttribute("href");

        ConsoleSession admin = new ConsoleSession(port);
        admin.login(tenant.adminUser().username(), Tenants.PASSWORD);
        HttpResponse<String> download = admin.get(csv.substring(csv.indexOf("/customers.csv")));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(download.body().lines())
                .as("the filtered list in the order on screen, contacts masked")
                .containsExactly("customer_id,phone,email", id("ann") + ",,", id("dan") + ",138****0004,");
        assertThat(jdbc.queryForObject(
                        "select count(*) from audit_log where workspace_id = ? and action = 'customers.exported'",
                        Integer.class,
                        events.workspaceId()))
                .as("the download is audited")
                .isEqualTo(1);

        User operator = tenants.aUser(tenant, Role.OPERATOR);
        chrome.manage().deleteAllCookies();
        signIn(operator.username());
        chrome.get(url("/customers?lang=en&channel=tmall"));
        assertThat(names()).containsExactly("d", "a");
        assertThat(chrome.findElements(By.id("download-csv")))
                .as("no download for an operator")
                .isEmpty();
        ConsoleSession operatorSession = new ConsoleSession(port);
        operatorSession.login(operator.username(), Tenants.PASSWORD);
        assertThat(operatorSession.get("/customers.csv?channel=tmall").statusCode())
                .isEqualTo(403);
    }

    @Test
    void theListPagesFiftyAtATimeAndAnEmptyWorkspaceSaysHowToGetCustomers() {
        signIn(tenant.adminUser().username());
        chrome.get(url("/customers?lang=en"));
        assertThat(text("no-customers-yet")).contains("send events", "import", "simulate");
        chrome.get(url("/customers?lang=zh-CN"));
        assertThat(text("no-customers-yet")).contains("发送事件", "导入", "模拟");
        Browser.screenshot(chrome, "console-customers-empty-zh");

        for (int i = 0; i < CustomerListPage.PAGE + 3; i++) {
            events.send(
                    Message.identify().user("p" + i).at("2026-01-01T00:00:00Z").trait("name", "客" + i));
        }
        chrome.get(url("/customers?lang=en&sort=joined&dir=asc"));
        assertThat(rows()).hasSize(CustomerListPage.PAGE);
        assertThat(text("page-of")).isEqualTo("Page 1 of 2");
        List<String> firstPage = links();
        chrome.findElement(By.id("page-next")).click();
        wait.until(ExpectedConditions.urlContains("page=2"));
        assertThat(rows()).hasSize(3);
        assertThat(text("customer-range")).isEqualTo("Customers 51–53 of 53");
        assertThat(links()).doesNotContainAnyElementsOf(firstPage);
        assertThat(chrome.findElement(By.cssSelector("#customers tbody tr td.count"))
                        .getText())
                .isEqualTo("51");
        chrome.findElement(By.id("page-previous")).click();
        wait.until(ExpectedConditions.urlMatches(".*/customers\\?((?!page=).)*$"));
        assertThat(links()).isEqualTo(firstPage);
    }

    @Test
    void aBareMobileNumberFindsItsCustomerAnAmbiguousValueListsBothAndAMissSaysSoInChinese() {
        fourCustomers();
        signIn(tenant.adminUser().username());

        chrome.get(url("/customers?lang=en"));
        chrome.findElement(By.name("q")).sendKeys("138 0000 0004");
        chrome.findElement(By.cssSelector("#customer-search button")).click();
        wait.until(ExpectedConditions.urlContains("/customers/" + id("dan")));

        chrome.get(url("/customers?lang=en&q=13800000002"));
        assertThat(chrome.findElements(By.cssSelector("#search-results a.customer")).stream()
                        .map(WebElement::getText)
                        .toList())
                .as("Bo's phone and Cai's member number")
                .containsExactlyInAnyOrder(id("bo"), id("cai"));
        assertThat(text("search-results")).contains("by Phone", "by Member number");
        Browser.screenshot(chrome, "console-customers-several-en");

        chrome.get(url("/customers?lang=en&q=" + id("cai")));
        wait.until(ExpectedConditions.urlContains("/customers/" + id("cai")));

        chrome.get(url("/customers?lang=zh-CN"));
        chrome.findElement(By.name("q")).sendKeys("13900000000");
        chrome.findElement(By.cssSelector("#customer-search button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("not-found")));
        assertThat(text("not-found")).isEqualTo("没有客户持有 13900000000。");
        Browser.screenshot(chrome, "console-customers-miss-zh");
        chrome.get(url("/customers?lang=zh-CN&q=shoe_size:42"));
        assertThat(text("search-error")).startsWith("shoe_size 不是身份类型");
        chrome.get(url("/customers?lang=en&q=nobody@example.com"));
        assertThat(text("not-found")).isEqualTo("No customer holds nobody@example.com.");
    }

    /** The listed customers by their users' initials (ann → a, bo → b, …), in the order shown. */
    private List<String> names() {
        java.util.Map<String, String> initials = new java.util.HashMap<>();
        for (String user : List.of("ann", "bo", "cai", "dan")) {
            initials.put(id(user), user.substring(0, 1));
        }
        return links().stream().map(id -> initials.getOrDefault(id, id)).toList();
    }

    private List<String> links() {
        return rows().stream()
                .map(row -> row.getAttribute("id").substring("customer-".length()))
                .toList();
    }

    private List<WebElement> rows() {
        return chrome.findElements(By.cssSelector("#customers tbody tr"));
    }

    private int no(String user) {
        return events.customerOf("app_user_id", user);
    }

    private String id(String user) {
        return jdbc.queryForObject(
                "select public_id from customer where workspace_id = ? and customer_no = ?",
                String.class,
                events.workspaceId(),
                no(user));
    }

    private void select(String id, String value) {
        new org.openqa.selenium.support.ui.Select(chrome.findElement(By.id(id))).selectByValue(value);
    }

    private void apply() {
        String before = chrome.getCurrentUrl();
        chrome.findElement(By.id("apply-filters")).click();
        wait.until(driver -> !driver.getCurrentUrl().equals(before));
    }

    private String text(String id) {
        return chrome.findElement(By.id(id)).getText();
    }

    private void signIn(String username) {
        Browser.signIn(chrome, port, username, Tenants.PASSWORD);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
