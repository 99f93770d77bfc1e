package io.reservoir.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.audience.Audiences;
import io.reservoir.audience.Segment;
import io.reservoir.audience.SegmentRule;
import io.reservoir.audience.Segments;
import io.reservoir.audience.Snapshots;
import io.reservoir.audience.Tag;
import io.reservoir.audience.TagKind;
import io.reservoir.audience.Tags;
import io.reservoir.loyalty.LoyaltyRounds;
import io.reservoir.support.Api;
import io.reservoir.support.Browser;
import io.reservoir.support.DemoBrand;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audience pages in real headless Chromium, on a simulated brand with a tiered loyalty
 * program: an operator builds a rule of several conditions and a group by clicking and typing,
 * and the live count follows every change, equal to what {@link Audiences#select} answers for the
 * same rule, with the rule's text; a wrong input is named next to its condition; the rule goes to
 * JSON and back; the segment is saved, listed with its count and snapshotted, and refused deletion
 * while its snapshot exists. A standard audience is loaded for the brand; a manual tag is created,
 * given to customers pasted by id, and then selected in the builder. Both languages render.
 */
@ReservoirIT
@ExtendWith(Browser.Installed.class)
class AudiencePagesBrowserIT {

    static final String PROGRAM = """
            {"pointsPerYuan": 1, "expiry": "end_of_next_year",
             "tiers": {"basis": "net_spend", "graceDays": 30, "levels": [
                {"code": "member", "name": "普通会员", "threshold": 0},
                {"code": "gold", "name": "金卡", "threshold": 500, "pointsMultiplier": 1.5},
                {"code": "platinum", "name": "铂金卡", "threshold": 2000, "pointsMultiplier": 2}]}}
            """;

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    DemoBrand demoBrand;

    @Autowired
    Segments segments;

    @Autowired
    Audiences audiences;

    @Autowired
    Snapshots snapshots;

    @Autowired
    Tags tags;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LoyaltyRounds loyaltyRounds;

    @Autowired
    JsonMapper json;

    ChromeDriver chrome;
    WebDriverWait wait;
    Tenant tenant;
    long ws;
    long brand;

    @BeforeEach
    void simulatedBrandAndBrowser() {
        tenant = tenants.aWorkspace();
        ws = tenant.workspace().id();
        brand = tenant.brand().id();
        Api.Reply program =
                Api.on(port).bearer(tenant.managementKey()).put("/api/v1/loyalty/programs/" + brand, PROGRAM);
        assertThat(program.status()).as(program.body()).isEqualTo(200);
        demoBrand.simulate(tenant, 300);
        loyaltyRounds.runNow(ws);
        chrome = Browser.start();
        wait = new WebDriverWait(chrome, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class);
    }

    @AfterEach
    void closeBrowser() {
        if (chrome != null) {
            chrome.quit();
        }
    }

    @Test
    void anOperatorBuildsCountsSavesAndSnapshotsASegmentAndTagsCustomers() throws Exception {
        Browser.signIn(chrome, port, tenant.adminUser().username(), Tenants.PASSWORD);
        chrome.get(url("/?lang=en"));
        chrome.findElement(By.id("nav-audiences")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("no-segments")));
        chrome.findElement(By.id("new-segment")).click();

        // the first row is membership of the brand, counted at once
        awaitCount("{\"member\": {\"brand\": %d}}".formatted(brand));
        int members = liveCount();
        assertThat(members).as("the simulated brand has members").isPositive();

        // + a tier condition: gold or platinum
        addCondition("top");
        kind("c1", "tier");
        wait.until(d -> d.findElements(By.cssSelector("#row-c1 input[name='c[1].tiers']"))
                        .size()
                == 3);
        assertThat(chrome.findElement(By.id("row-c1")).getText()).contains("金卡", "铂金卡");
        assertThat(error("c1")).as("no tier ticked yet").contains("tier.in");
        tick("#row-c1 input[value=gold]");
        tick("#row-c1 input[value=platinum]");
        String twoConditions = """
                {"all": [{"member": {"brand": %d}}, {"tier": {"brand": %d, "in": ["gold", "platinum"]}}]}""".formatted(brand, brand);
        awaitCount(twoConditions);
        assertThat(liveCount()).as("fewer than all members").isLessThan(members);

        // + an event aggregate, typed; a wrong window is named next to its row
        addCondition("top");
        kind("c2", "event");
        type("c[2].event", "Order Completed");
        retype("c[2].days", "0");
        type("c[2].countGte", "2");
        wait.until(d -> error("c2").contains("within.days: must be 1 to 3650, not 0"));
        assertThat(chrome.findElements(By.id("live-count"))).isEmpty();
        retype("c[2].days", "3650");
        String threeConditions = """
                {"all": [{"member": {"brand": %1$d}}, {"tier": {"brand": %1$d, "in": ["gold", "platinum"]}},
                  {"event": "Order Completed", "brand": %1$d, "within": {"days": 3650}, "count": {"gte": 2}}]}""".formatted(brand);
        awaitCount(threeConditions);
        assertThat(error("c2")).isEmpty();

        // + a group (OR): an identity, or NOT following the store
        chrome.findElement(By.cssSelector("#row-top > .group-actions .add-group"))
                .click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("row-c3-c0")));
        kind("c3-c0", "identity");
        new Select(chrome.findElement(By.name("c[3].c[0].identity"))).selectByValue("wechat_openid");
        addCondition("c3");
        kind("c3-c1", "relation");
        new Select(chrome.findElement(By.name("c[3].c[1].field"))).selectByValue("store");
        chrome.findElement(By.cssSelector("#row-c3-c1 input[name='c[3].c[1].not']"))
                .click();
        String rule = """
                {"all": [{"member": {"brand": %1$d}}, {"tier": {"brand": %1$d, "in": ["gold", "platinum"]}},
                  {"event": "Order Completed", "brand": %1$d, "within": {"days": 3650}, "count": {"gte": 2}},
                  {"any": [{"identity": "wechat_openid"}, {"not": {"relation": {"brand": %1$d, "field": "store"}}}]}]}""".formatted(brand);
        int count = awaitCount(rule);
        SegmentRule expected = segments.check(tenant.admin(), json.readTree(rule));
        assertThat(chrome.findElement(By.id("rule-text")).getText())
                .isEqualTo(segments.describe(tenant.admin(), expected, Locale.ENGLISH))
                .contains("tier at " + tenant.brand().name() + " is 金卡 or 铂金卡", "NOT holds a store relation");
        assertThat(chrome.findElement(By.id("count-took")).getText()).matches("counted in \\d+ ms");

        // to JSON and back
        chrome.findElement(By.id("edit-json")).click();
        WebElement text = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rule-json")));
        assertThat(segments.check(tenant.admin(), json.readTree(text.getAttribute("value"))))
                .isEqualTo(expected);
        chrome.findElement(By.id("edit-rows")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("row-c3-c1")));
        assertThat(chrome.findElement(By.cssSelector("#row-c3-c1 input[name='c[3].c[1].not']"))
                        .isSelected())
                .isTrue();
        awaitCount(rule);

        chrome.findElement(By.id("segment-name")).sendKeys("Gold repeat buyers");
        chrome.findElement(By.id("segment-description")).sendKeys("Two orders or more, gold and up");
        chrome.executeScript("window.scrollTo(0, 0)");
        Browser.screenshot(chrome, "console-audiences-en");
        chrome.findElement(By.id("save-segment")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        Segment saved = segments.list(tenant.admin()).get(0);
        assertThat(saved.name()).isEqualTo("Gold repeat buyers");
        assertThat(saved.description()).isEqualTo("Two orders or more, gold and up");
        assertThat(saved.rule()).isEqualTo(expected);
        assertThat(chrome.getCurrentUrl()).endsWith("/audiences/" + saved.id());
        assertThat(chrome.findElements(By.cssSelector("#sample tbody tr"))).hasSize(Math.min(count, 20));

        // the list: count, sizes chart, snapshot; deleting is refused while the snapshot exists
        chrome.findElement(By.id("tab-segments")).click();
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("segment-" + saved.id())));
        assertThat(row.findElement(By.cssSelector("td.count")).getText()).isEqualTo(String.valueOf(count));
        assertThat(row.getText()).contains("Gold repeat buyers", "tier at");
        wait.until(d -> "true"
                .equals(d.findElement(By.cssSelector("#segment-" + saved.id() + " canvas.spark"))
                        .getAttribute("data-drawn")));
        chrome.findElement(By.cssSelector("#segment-" + saved.id() + " form.snapshot button"))
                .click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")))
                        .getText())
                .contains("Snapshot taken", count + " members frozen");
        assertThat(snapshots.list(tenant.admin(), saved.id()))
                .singleElement()
                .satisfies(s -> assertThat(s.size()).isEqualTo(count));
        assertThat(chrome.findElement(By.cssSelector("#segment-" + saved.id() + " .snapshot-size"))
                        .getText())
                .isEqualTo(String.valueOf(count));
        assertThat(csvRows(chrome.findElement(By.cssSelector("#segment-" + saved.id() + " a.export"))
                        .getAttribute("href")))
                .first()
                .isEqualTo("customer_id,phone,email");
        chrome.findElement(By.cssSelector("#segment-" + saved.id() + " form.delete button"))
                .click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("failure")))
                        .getText())
                .contains("snapshot");
        assertThat(segments.list(tenant.admin())).hasSize(1);

        // a standard audience, written for the brand
        chrome.findElement(By.id("tab-new")).click();
        chrome.findElement(By.cssSelector("#template-old_member a.load-template"))
                .click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("template-loaded")));
        assertThat(chrome.findElement(By.id("segment-name")).getAttribute("value"))
                .isEqualTo("Old members · " + tenant.brand().name());
        awaitCount("""
                {"all": [{"member": {"brand": %1$d}},
                  {"event": "Order Completed", "brand": %1$d, "within": {"days": 365}}]}""".formatted(brand));

        // a rule tag is shown with its rule, read-only; a manual tag is given to customers pasted
        // by id, then used in the builder
        Tag goldTag = tags.create(
                tenant.admin(),
                "gold-members",
                TagKind.RULE,
                null,
                json.readTree("{\"tier\": {\"brand\": %d, \"in\": [\"gold\"]}}".formatted(brand)));
        chrome.findElement(By.id("tab-tags")).click();
        assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("tag-" + goldTag.id())))
                        .getText())
                .contains("gold-members", "rule", "tier at " + tenant.brand().name() + " is 金卡");
        chrome.findElement(By.linkText("gold-members")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("tag-rule")));
        assertThat(chrome.findElements(By.id("assign")))
                .as("rule tags are not changed by hand")
                .isEmpty();
        chrome.findElement(By.id("tab-tags")).click();
        WebElement newTag = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("new-tag")));
        newTag.findElement(By.name("name")).sendKeys("console-vip");
        newTag.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("assign")));
        List<String> ids = jdbc.queryForList(
                "select public_id from customer where workspace_id = ? and status = 'active' order by customer_no"
                        + " fetch first 3 rows only",
                String.class,
                ws);
        WebElement assign = chrome.findElement(By.id("assign"));
        assign.findElement(By.name("customers")).sendKeys(ids.get(0) + "\nno-such-customer\n");
        assign.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("failure")))
                        .getText())
                .contains("no-such-customer", "nothing was changed");
        assign = chrome.findElement(By.id("assign"));
        assign.findElement(By.name("customers")).sendKeys(String.join("\n", ids) + "\n");
        assign.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")))
                        .getText())
                .contains("3 changed");
        assertThat(chrome.findElement(By.id("holder-total")).getText()).isEqualTo("3");
        assertThat(chrome.findElements(By.cssSelector("#history tbody tr"))).hasSize(3);
        assertThat(chrome.findElement(By.id("history")).getText()).contains(ids.get(0), "added", "console");

        chrome.findElement(By.id("tab-new")).click();
        kind("c0", "tag");
        new Select(chrome.findElement(By.name("c[0].tag"))).selectByValue("console-vip");
        assertThat(awaitCount("{\"tag\": \"console-vip\"}")).isEqualTo(3);

        // the same pages in Chinese
        chrome.get(url("/audiences?lang=zh-CN"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "已保存人群"));
        assertThat(chrome.findElement(By.cssSelector("nav.sidebar")).getText()).contains("人群", "会员体系");
        assertThat(chrome.findElement(By.id("segments")).getText()).contains("人数", "生成快照");
        chrome.get(url("/audiences/" + saved.id()));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("count-panel"), "实时人数"));
        assertThat(chrome.findElement(By.id("rule-text")).getText())
                .isEqualTo(segments.describe(tenant.admin(), expected, Locale.SIMPLIFIED_CHINESE));
        assertThat(chrome.findElement(By.id("rows")).getText()).contains("会员等级", "行为事件", "满足任一（或）", "非");
        assertThat(liveCount()).isEqualTo(count);
        wait.until(d -> "true".equals(d.findElement(By.id("size-chart")).getAttribute("data-drawn")));
        chrome.executeScript("window.scrollTo(0, 0)");
        Browser.screenshot(chrome, "console-audiences-zh");
    }

    /** Waits until the live count shows what the index selects for {@code rule} now; returns it. */
    private int awaitCount(String rule) {
        SegmentRule checked = segments.check(tenant.admin(), json.readTree(rule));
        int[] expected = new int[1];
        new WebDriverWait(chrome, Duration.ofSeconds(30))
                .ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "live count of " + rule + " should be " + expected[0] + "; panel: "
                        + chrome.findElement(By.id("count-panel")).getText())
                .until(d -> {
                    expected[0] = audiences.select(tenant.admin(), checked).getCardinality();
                    List<WebElement> shown = d.findElements(By.id("live-count"));
                    return !shown.isEmpty()
                            && shown.get(0).getAttribute("data-count").equals(String.valueOf(expected[0]));
                });
        return expected[0];
    }

    private int liveCount() {
        return Integer.parseInt(chrome.findElement(By.id("live-count")).getAttribute("data-count"));
    }

    /** Adds a condition to a group ({@code top}, {@code c3}) and waits for its row. */
    private void addCondition(String group) {
        int before = chrome.findElements(By.cssSelector("#row-" + group + " > .items > *"))
                .size();
        chrome.findElement(By.cssSelector("#row-" + group + " > .group-actions .add-condition"))
                .click();
        wait.until(d -> d.findElements(By.cssSelector("#row-" + group + " > .items > *"))
                        .size()
                == before + 1);
    }

    /** Chooses a row's kind and waits for the row to show that kind's inputs. */
    private void kind(String row, String kind) {
        new Select(chrome.findElement(By.cssSelector("#row-" + row + " select.kind"))).selectByValue(kind);
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#row-" + row + "[data-kind='" + kind + "']")));
    }

    private void tick(String css) {
        WebElement box = chrome.findElement(By.cssSelector(css));
        if (!box.isSelected()) {
            box.click();
        }
    }

    private void type(String name, String text) {
        chrome.findElement(By.name(name)).sendKeys(text);
    }

    private void retype(String name, String text) {
        WebElement field = chrome.findElement(By.name(name));
        field.clear();
        field.sendKeys(text);
    }

    private String error(String row) {
        return chrome.findElement(By.id("err-" + row)).getText();
    }

    /** Downloads a console CSV with the browser's session. */
    private List<String> csvRows(String href) throws IOException, InterruptedException {
        String cookies = chrome.manage().getCookies().stream()
                .map(c -> c.getName() + "=" + c.getValue())
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(href))
                                .header("Cookie", cookies)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body().lines().toList();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
