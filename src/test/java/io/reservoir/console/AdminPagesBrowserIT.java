package io.reservoir.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reservoir.audience.Audiences;
import io.reservoir.audience.Segment;
import io.reservoir.audience.Segments;
import io.reservoir.audience.TagHolders;
import io.reservoir.audience.Tags;
import io.reservoir.loyalty.LoyaltyRounds;
import io.reservoir.loyalty.PointsLedger;
import io.reservoir.loyalty.RewardItem;
import io.reservoir.loyalty.Rewards;
import io.reservoir.platform.errors.ReservoirException;
import io.reservoir.platform.tenancy.Role;
import io.reservoir.platform.tenancy.User;
import io.reservoir.support.Api;
import io.reservoir.support.Browser;
import io.reservoir.support.DemoBrand;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's administration in real headless Chromium, in English and Chinese: a reward edited
 * (its new price in the catalog API) and disabled (a redemption refused); a new user offered the
 * least powerful role; a rule tag and a model tag created with their holders counted; the audit
 * log read as sentences, sign-ins among them; a person changing their own password.
 */
@ReservoirIT
@ExtendWith(Browser.Installed.class)
class AdminPagesBrowserIT {

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    Rewards rewards;

    @Autowired
    PointsLedger ledger;

    @Autowired
    DemoBrand demoBrand;

    @Autowired
    LoyaltyRounds loyaltyRounds;

    @Autowired
    Segments segments;

    @Autowired
    Audiences audiences;

    @Autowired
    TagHolders holders;

    @Autowired
    Tags tags;

    @Autowired
    JsonMapper json;

    ChromeDriver chrome;
    WebDriverWait wait;
    Tenant tenant;

    @BeforeEach
    void openBrowser() {
        tenant = tenants.aWorkspace();
        chrome = Browser.start();
        wait = new WebDriverWait(chrome, Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser() {
        chrome.quit();
    }

    @Test
    void aRewardIsEditedWithEveryMistakeNamedThenDisabledAndNoLongerRedeemable() {
        long ws = tenant.workspace().id();
        long brand = tenant.brand().id();
        RewardItem cup = rewards.create(
                tenant.admin(), new RewardItem(0, brand, "保温杯", "gift", 300, 10, null, null, null, null));
        ledger.earn(ws, brand, 3, 5_000, "grant", null, null);
        signIn(tenant.adminUser().username(), Tenants.PASSWORD);

        chrome.get(url("/loyalty/" + brand + "/rewards?lang=en"));
        row(cup).findElement(By.cssSelector("a.edit")).click();
        WebElement form = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("edit-item")));
        replace(form, "name", " ");
        replace(form, "pointsPrice", "abc");
        replace(form, "stock", "-1");
        replace(form, "validFrom", "");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        String problems = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("problems")))
                .getText();
        Browser.screenshot(chrome, "console-reward-edit-problems-en");
        assertThat(problems)
                .contains("Name: must be 1 to 200 characters")
                .contains("Points price: must be a whole number")
                .contains("Stock: must be a whole number, 0 or more");

        form = chrome.findElement(By.id("edit-item"));
        replace(form, "name", "保温杯 大号");
        replace(form, "pointsPrice", "1450");
        replace(form, "stock", "8");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(row(cup).findElement(By.cssSelector("td.price")).getText()).isEqualTo("1,450");
        JsonNode item = catalogItem(brand, cup.id());
        assertThat(item.path("pointsPrice").asLong()).isEqualTo(1450);
        assertThat(item.path("name").asString()).isEqualTo("保温杯 大号");
        assertThat(item.path("disabled").asBoolean()).isFalse();
        assertThat(item.path("stock").asInt()).isEqualTo(8);

        row(cup).findElement(By.cssSelector("a.edit")).click();
        form = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("edit-item")));
        assertThat(rewards.redeem(ws, cup.id(), 3, 1, "while-the-page-is-open").points())
                .isEqualTo(1450);
        replace(form, "name", "保温杯 礼盒");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(catalogItem(brand, cup.id()).path("stock").asInt())
                .as("a stock left as shown keeps the redemption made meanwhile")
                .isEqualTo(7);

        row(cup).findElement(By.cssSelector("form.toggle button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".disabled-badge")));
        Browser.screenshot(chrome, "console-rewards-disabled-en");
        assertThat(catalogItem(brand, cup.id()).path("disabled").asBoolean()).isTrue();
        assertThatThrownBy(() -> rewards.redeem(ws, cup.id(), 3, 1, "after-disabling"))
                .isInstanceOfSatisfying(
                        ReservoirException.class, e -> assertThat(e.field()).isEqualTo("item"));
        assertThat(row(cup).findElement(By.cssSelector("td.redeemed")).getText())
                .as("its redemptions stay")
                .isEqualTo("1");

        chrome.get(url("/loyalty/" + brand + "/rewards/" + cup.id() + "?lang=zh-CN"));
        form = chrome.findElement(By.id("edit-item"));
        replace(form, "pointsPrice", "0");
        replace(form, "perMemberLimit", "零");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        problems = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("problems")))
                .getText();
        Browser.screenshot(chrome, "console-reward-edit-problems-zh");
        assertThat(problems).contains("积分价格：须为 1 到 1,000,000,000 之间的整数").contains("每人限兑：须为 1 或以上的整数");
        chrome.get(url("/loyalty/" + brand + "/rewards?lang=zh-CN"));
        assertThat(row(cup).getText()).contains("已停用", "启用");
        Browser.screenshot(chrome, "console-rewards-zh");
    }

    @Test
    void aNewUserIsOfferedTheLeastPowerfulRole() {
        signIn(tenant.adminUser().username(), Tenants.PASSWORD);
        chrome.get(url("/users?lang=en"));
        WebElement form = chrome.findElement(By.id("new-user"));
        assertThat(new Select(form.findElement(By.name("role")))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .isEqualTo(Role.LEAST_POWERFUL.id())
                .isEqualTo("guide");
        form.findElement(By.name("username")).sendKeys("new-hire");
        form.findElement(By.name("password")).sendKeys("new-hire-password");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("users"), "new-hire"));
        WebElement added = chrome.findElements(By.cssSelector("#users tbody tr")).stream()
                .filter(r -> r.getText().startsWith("new-hire"))
                .findFirst()
                .orElseThrow();
        assertThat(added.getText()).contains("Guide");
        Browser.screenshot(chrome, "console-users-least-role-en");

        chrome.get(url("/users?lang=zh-CN"));
        assertThat(new Select(chrome.findElement(By.cssSelector("#new-user select[name=role]")))
                        .getFirstSelectedOption()
                        .getText())
                .isEqualTo("导购");
        form = chrome.findElement(By.id("new-user"));
        form.findElement(By.name("username")).sendKeys("new-hire");
        form.findElement(By.name("password")).sendKeys("another-password");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("problems")))
                        .getText())
                .isEqualTo("用户名：已被其他用户占用");
        Browser.screenshot(chrome, "console-users-least-role-zh");
    }

    @Test
    void aRuleTagAndAModelTagAreCreatedAndTheirHoldersCounted() {
        long brand = tenant.brand().id();
        Api.Reply program = Api.on(port).bearer(tenant.managementKey()).put("/api/v1/loyalty/programs/" + brand, """
                        {"pointsPerYuan": 1, "expiry": "end_of_next_year",
                         "tiers": {"basis": "net_spend", "graceDays": 30, "levels": [
                            {"code": "member", "name": "普通会员", "threshold": 0},
                            {"code": "gold", "name": "金卡", "threshold": 500}]}}""");
        assertThat(program.status()).as(program.body()).isEqualTo(200);
        demoBrand.simulate(tenant, 120);
        loyaltyRounds.runNow(tenant.workspace().id());
        Segment members =
                segments.create(tenant.admin(), "全部会员", json.readTree("{\"member\": {\"brand\": " + brand + "}}"));
        long expected = audiences.select(tenant.admin(), members.rule()).getCardinality();
        assertThat(expected).isPositive();
        signIn(tenant.adminUser().username(), Tenants.PASSWORD);

        chrome.get(url("/audiences/tags?lang=en"));
        WebElement ruleForm = chrome.findElement(By.id("new-rule-tag"));
        ruleForm.findElement(By.name("name")).sendKeys("members");
        new Select(ruleForm.findElement(By.name("segment"))).selectByVisibleText("全部会员");
        ruleForm.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement total = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("holder-total")));
        assertThat(total.getText()).isEqualTo(String.format("%,d", expected));
        Browser.screenshot(chrome, "console-rule-tag-en");

        chrome.get(url("/audiences/tags?lang=zh-CN"));
        WebElement modelForm = chrome.findElement(By.id("new-model-tag"));
        new Select(modelForm.findElement(By.name("model"))).selectByValue("rfm");
        modelForm.findElement(By.name("windowDays")).sendKeys("一年");
        modelForm.findElement(By.cssSelector("button[type=submit]")).click();
        String problems = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("problems")))
                .getText();
        Browser.screenshot(chrome, "console-model-tag-problems-zh");
        assertThat(problems).contains("名称：须为 1 到 100 个字符").contains("窗口期（天）：须为 1 到 3,650 之间的整天数");

        modelForm = chrome.findElement(By.id("new-model-tag"));
        modelForm.findElement(By.name("name")).sendKeys("生命周期");
        new Select(modelForm.findElement(By.name("model"))).selectByValue("lifecycle");
        modelForm.findElement(By.name("windowDays")).clear();
        modelForm.findElement(By.cssSelector("button[type=submit]")).click();
        total = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("holder-total")));
        long lifecycleTag = tags.list(tenant.admin()).stream()
                .filter(t -> t.name().equals("生命周期"))
                .findFirst()
                .orElseThrow()
                .id();
        long held = holders.totals(tenant.admin()).getOrDefault(lifecycleTag, 0L);
        assertThat(held).isPositive();
        assertThat(total.getText()).isEqualTo(String.format("%,d", held));
        // a model tag's values in the reader's words: the lifecycle's "churned" reads 已流失
        assertThat(chrome.findElement(By.id("holders")).getText())
                .contains("已流失")
                .doesNotContain("churned");
        Browser.screenshot(chrome, "console-model-tag-zh");

        chrome.get(url("/audiences/tags?lang=en"));
        assertThat(chrome.findElement(By.id("tags")).getText()).contains("members", "生命周期");
    }

    @Test
    void theAuditLogReadsAsSentencesWithSignInsAndFiltersByActionAndPerson() {
        String admin = tenant.adminUser().username();
        chrome.get(url("/login"));
        chrome.findElement(By.id("username")).sendKeys(admin);
        chrome.findElement(By.id("password")).sendKeys("not-the-password");
        chrome.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.urlContains("error"));
        signIn(admin, Tenants.PASSWORD);
        chrome.get(url("/users?lang=en"));
        WebElement form = chrome.findElement(By.id("new-key"));
        form.findElement(By.name("name")).sendKeys("mini-program");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("issued-key")));

        chrome.get(url("/audit?lang=en"));
        String log = chrome.findElement(By.id("audit")).getText();
        Browser.screenshot(chrome, "console-audit-en");
        assertThat(log)
                .contains(admin + " created the write key mini-program")
                .contains(admin + " signed in")
                .contains(admin + " failed to sign in: wrong password")
                .doesNotContain("not-the-password");

        new Select(chrome.findElement(By.cssSelector("#audit-filter select[name=action]")))
                .selectByVisibleText("Key created");
        new Select(chrome.findElement(By.cssSelector("#audit-filter select[name=actor]"))).selectByVisibleText(admin);
        chrome.findElement(By.cssSelector("#audit-filter button")).click();
        wait.until(ExpectedConditions.urlContains("action=key.created"));
        List<String> filtered = chrome.findElements(By.cssSelector("#audit td.sentence")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(filtered).containsExactly(admin + " created the write key mini-program");

        chrome.findElement(By.cssSelector("form.logout button")).click();
        wait.until(ExpectedConditions.urlContains("logout"));
        signIn(admin, Tenants.PASSWORD);
        chrome.get(url("/audit?lang=zh-CN"));
        log = chrome.findElement(By.id("audit")).getText();
        Browser.screenshot(chrome, "console-audit-zh");
        assertThat(log)
                .contains(admin + " 创建了写入密钥 mini-program")
                .contains(admin + " 登录了")
                .contains(admin + " 退出了登录")
                .contains(admin + " 登录失败：密码错误");
    }

    @Test
    void aPersonChangesTheirPasswordAndOnlyTheNewOneSignsIn() {
        User operator = tenants.aUser(tenant, Role.OPERATOR);
        signIn(operator.username(), Tenants.PASSWORD);
        chrome.get(url("/?lang=zh-CN"));
        chrome.findElement(By.id("account")).click();
        WebElement form = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("change-password")));
        assertThat(chrome.findElement(By.id("password-rules")).getText()).contains("至少 10 个字符");
        form.findElement(By.name("currentPassword")).sendKeys("wrong-password");
        form.findElement(By.name("newPassword")).sendKeys("short");
        form.findElement(By.name("repeatPassword")).sendKeys("short");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        String problems = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("problems")))
                .getText();
        Browser.screenshot(chrome, "console-password-problems-zh");
        assertThat(problems).contains("当前密码：与当前密码不符").contains("新密码：须至少 10 个字符");

        chrome.get(url("/account/password?lang=en"));
        form = chrome.findElement(By.id("change-password"));
        form.findElement(By.name("currentPassword")).sendKeys(Tenants.PASSWORD);
        form.findElement(By.name("newPassword")).sendKeys("a-new-password-2");
        form.findElement(By.name("repeatPassword")).sendKeys("a-new-password-2");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notice")))
                        .getText())
                .contains("Password changed");
        Browser.screenshot(chrome, "console-password-changed-en");
        chrome.get(url("/audiences/tags"));
        assertThat(chrome.findElements(By.cssSelector("nav.sidebar")))
                .as("still signed in")
                .isNotEmpty();

        chrome.findElement(By.cssSelector("form.logout button")).click();
        wait.until(ExpectedConditions.urlContains("logout"));
        chrome.get(url("/login"));
        chrome.findElement(By.id("username")).sendKeys(operator.username());
        chrome.findElement(By.id("password")).sendKeys(Tenants.PASSWORD);
        chrome.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.urlContains("error"));
        signIn(operator.username(), "a-new-password-2");
        assertThat(chrome.findElement(By.id("account")).getText()).isEqualTo(operator.username());
    }

    private JsonNode catalogItem(long brand, long id) {
        JsonNode items = Api.on(port)
                .bearer(tenant.managementKey())
                .get("/api/v1/loyalty/rewards?brand=" + brand)
                .json()
                .path("items");
        for (JsonNode item : items) {
            if (item.path("id").asLong() == id) {
                return item;
            }
        }
        throw new AssertionError("item " + id + " not in the catalog: " + items);
    }

    private WebElement row(RewardItem item) {
        return chrome.findElement(By.cssSelector("#items tr[data-item='" + item.id() + "']"));
    }

    private static void replace(WebElement form, String name, String value) {
        WebElement input = form.findElement(By.name(name));
        input.clear();
        if (!value.isEmpty()) {
            input.sendKeys(value);
        }
    }

    private void signIn(String username, String password) {
        Browser.signIn(chrome, port, username, password);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
