package io.reservoir.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.platform.tenancy.Role;
import io.reservoir.platform.tenancy.User;
import io.reservoir.support.Api;
import io.reservoir.support.Browser;
import io.reservoir.support.Events;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import io.reservoir.support.TmallExports;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The imports page in real headless Chromium: upload, watch, summary, rejects, refusals. */
@ReservoirIT
@ExtendWith(Browser.Installed.class)
class ImportsPageBrowserIT {

    static final String MEMBERS = """
            member_no,phone,name,city,joined_at
            M001,13800138001,林小满,杭州,2025-01-02 10:00:00
            M002,13800138002,王小明,上海,
            M003,,Chen Chao,北京,2025-03-04 09:30
            """;

    /** Row 4 (the spreadsheet's numbering, header = row 1) has a total that is no amount. */
    static final String ORDERS = """
            order_id,member_no,paid_at,total,product_id,quantity,price
            O-1,M001,2025-06-18 20:00:00,300.00,p1,2,100.00
            O-1,M001,2025-06-18 20:00:00,300.00,p2,1,100.00
            O-2,M002,2025-06-19 08:15,"12,3x",p3,1,59.90
            O-3,M003,2025-06-20 12:00,120.00,,,
            """;

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path dir;

    ChromeDriver chrome;
    WebDriverWait wait;
    Tenant tenant;
    Events events;

    @BeforeEach
    void openBrowser() {
        tenant = tenants.aWorkspace();
        events = new Events(port, tenant, jdbc);
        chrome = Browser.start();
        wait = new WebDriverWait(chrome, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class); // the progress fragment is swapped every second
    }

    @AfterEach
    void closeBrowser() {
        chrome.quit();
    }

    @Test
    void anOperatorImportsMembersThenOrdersWithABadRowAndDownloadsTheRejectedRow() throws IOException {
        User operator = tenants.aUser(tenant, Role.OPERATOR);
        Browser.signIn(chrome, port, operator.username(), Tenants.PASSWORD);

        chrome.get(url("/imports?lang=en"));
        assertThat(chrome.findElement(By.id("imports-empty")).getText()).contains("CSV", "Tmall");
        Browser.screenshot(chrome, "console-imports-empty-en");
        upload(write("members.csv", MEMBERS, StandardCharsets.UTF_8), "members", null);
        waitUntilOver();

        assertThat(state()).isEqualTo("done");
        assertThat(text("rows-read")).isEqualTo("3");
        assertThat(text("rows-imported")).isEqualTo("3");
        assertThat(text("rows-rejected")).isEqualTo("0");
        assertThat(chrome.findElements(By.id("download-rejects"))).isEmpty();
        Api management = Api.on(port).bearer(tenant.managementKey());
        String m1 = customerId(management, "member_no:M001");
        assertThat(customerId(management, "member_no:M003")).isNotNull();
        assertThat(management
                        .get("/api/v1/customers/" + m1)
                        .json()
                        .path("profile")
                        .toString())
                .contains("林小满");

        chrome.get(url("/imports?lang=en"));
        upload(write("orders.csv", ORDERS, StandardCharsets.UTF_8), "orders", null);
        waitUntilOver();

        assertThat(state()).isEqualTo("done");
        assertThat(text("rows-read")).isEqualTo("4");
        assertThat(text("rows-imported")).isEqualTo("3");
        assertThat(text("rows-rejected")).isEqualTo("1");
        String orders =
                management.get("/api/v1/customers/" + m1).json().path("orders").toString();
        assertThat(orders).contains("O-1", "300.00");
        assertThat(management
                        .get("/api/v1/customers/" + customerId(management, "member_no:M003"))
                        .json()
                        .path("orders")
                        .toString())
                .contains("O-3");
        assertThat(management
                        .get("/api/v1/customers/" + customerId(management, "member_no:M002"))
                        .json()
                        .path("orders")
                        .toString())
                .doesNotContain("O-2");
        String rejects = download(chrome.findElement(By.id("download-rejects")).getAttribute("href"));
        List<String> lines = rejects.lines().toList();
        assertThat(lines.get(0)).isEqualTo("\uFEFFrow,field,reason,raw");
        assertThat(lines.get(1))
                .startsWith("4,total,\"'12,3x' is not an amount in yuan")
                .endsWith("O-2,M002,2025-06-19 08:15,\"\"12,3x\"\",p3,1,59.90\"");
        assertThat(lines).hasSize(2);
        Browser.screenshot(chrome, "console-import-done-en");

        chrome.get(url("/imports?lang=en"));
        List<String> listed = chrome.findElements(By.cssSelector("#imports tbody tr")).stream()
                .map(row -> row.getText())
                .toList();
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0)).contains("orders.csv", "Done", operator.username()); // newest first
        assertThat(listed.get(1)).contains("members.csv");
        assertThat(chrome.findElements(By.id("imports-empty"))).isEmpty();
        assertThat(events.count(
                        "from audit_log where workspace_id = ? and action = 'import.started' and actor_name = ?",
                        operator.username()))
                .isEqualTo(2);

        chrome.get(url("/imports?lang=zh-CN"));
        assertThat(chrome.findElement(By.id("nav-imports")).getText()).isEqualTo("数据导入");
        assertThat(chrome.findElement(By.cssSelector("#imports tbody tr")).getText())
                .contains("订单", "已完成");
        Browser.screenshot(chrome, "console-imports-zh");
        chrome.findElement(By.linkText("orders.csv")).click();
        wait.until(ExpectedConditions.textToBe(By.id("import-state"), "已完成"));
        assertThat(chrome.findElement(By.id("import-progress")).getText()).contains("被拒行数", "下载被拒的行");
        Browser.screenshot(chrome, "console-import-done-zh");
    }

    @Test
    void aTmallExportInGbkIsImportedAsTmallOrders() throws IOException {
        signInAsAdmin();
        chrome.get(url("/imports?lang=en"));

        upload(write("ExportOrderList.csv", TmallExports.THREE_ORDERS, Charset.forName("GBK")), "orders", "tmall");
        waitUntilOver();

        assertThat(state()).isEqualTo("done");
        assertThat(text("rows-read")).isEqualTo("3");
        assertThat(text("rows-skipped")).isEqualTo("1"); // 3902 was closed unpaid
        assertThat(text("rows-imported")).isEqualTo("2");
        assertThat(text("import-encoding")).isEqualTo("GBK/GB18030");
        assertThat(text("import-layout")).isEqualTo("Tmall/Taobao order export");
        assertThat(text("import-zone")).isEqualTo("Asia/Shanghai");
        assertThat(chrome.findElement(By.id("import-clean")).isDisplayed()).isTrue();
        Api management = Api.on(port).bearer(tenant.managementKey());
        assertThat(management
                        .get("/api/v1/customers/" + customerId(management, "taobao_nick:tb_小明"))
                        .json()
                        .path("orders")
                        .toString())
                .contains("3901", "199.00");
        Browser.screenshot(chrome, "console-import-tmall-en");

        chrome.get(chrome.getCurrentUrl() + "?lang=zh-CN"); // the import's page, where the upload led
        assertThat(text("import-layout")).isEqualTo("天猫/淘宝订单导出");
        Browser.screenshot(chrome, "console-import-tmall-zh");
    }

    @Test
    void aWrongZoneAndAWrongRateAreBothRefusedNextToTheirFieldsInTheUsersLanguage() throws IOException {
        signInAsAdmin();
        Path members = write("members.csv", MEMBERS, StandardCharsets.UTF_8);

        chrome.get(url("/imports?lang=zh-CN"));
        chrome.findElement(By.id("zone")).sendKeys("Mars/Base");
        chrome.findElement(By.id("rates")).sendKeys("GBP=abc");
        upload(members, "members", null);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-refused")));

        assertThat(text("error-zone")).isEqualTo("时区：“Mars/Base”不是时区，例如 Asia/Shanghai 或 Europe/London");
        assertThat(text("error-rates")).startsWith("汇率：“GBP=abc”不是");
        assertThat(text("import-refused")).contains("未导入任何数据", "时区", "汇率");
        assertThat(chrome.findElement(By.id("zone")).getAttribute("value")).isEqualTo("Mars/Base");
        assertThat(chrome.findElement(By.id("imports-empty")).isDisplayed()).isTrue();
        Browser.screenshot(chrome, "console-imports-refused-zh");

        chrome.get(url("/imports?lang=en"));
        chrome.findElement(By.id("zone")).sendKeys("Mars/Base");
        chrome.findElement(By.id("rates")).sendKeys("GBP=abc");
        upload(members, "members", null);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-refused")));
        assertThat(text("error-zone")).startsWith("Time zone: 'Mars/Base' is not a time zone");
        assertThat(text("error-rates")).startsWith("Exchange rates: 'GBP=abc' is not CUR=RATE");
        Browser.screenshot(chrome, "console-imports-refused-en");
        assertThat(events.count("from import_run where workspace_id = ?")).isZero();
        assertThat(events.count("from customer where workspace_id = ?")).isZero();
    }

    @Test
    void aRunningImportsPagePollsItsFiguresEverySecondUntilItIsOver() {
        // an import half-way, as its thread leaves it after a chunk (its thread is not needed here)
        jdbc.update("""
                insert into import_run (workspace_id, folder, file_name, file_bytes, import_type, options_json,
                                        run_state, rows_read, elapsed_seconds, started_by, started_at)
                values (?, 'poll', 'big.csv', 1000, 'orders', '{}', 'running', 2000, 2.0, 'admin', ?)
                """, tenant.workspace().id(), OffsetDateTime.parse("2026-11-20T10:00:00Z"));
        long id = jdbc.queryForObject(
                "select id from import_run where workspace_id = ? and folder = 'poll'",
                Long.class,
                tenant.workspace().id());
        signInAsAdmin();

        chrome.get(url("/imports/" + id + "?lang=en"));
        assertThat(state()).isEqualTo("running");
        assertThat(text("rows-per-second")).isEqualTo("1,000");
        assertThat(chrome.findElement(By.id("import-progress")).getAttribute("hx-trigger"))
                .isEqualTo("every 1s");
        jdbc.update(
                "update import_run set rows_read = 12345, rows_imported = 12345, run_state = 'done'"
                        + " where workspace_id = ? and id = ?",
                tenant.workspace().id(),
                id);

        wait.until(driver -> text("rows-read").equals("12,345") && state().equals("done"));
        assertThat(chrome.findElement(By.id("import-progress")).getAttribute("hx-trigger"))
                .isNull(); // polling ends with the import
        assertThat(text("rows-imported")).isEqualTo("12,345");
    }

    @Test
    void anAnalystHasNoImportsPage() {
        User analyst = tenants.aUser(tenant, Role.ANALYST);
        Browser.signIn(chrome, port, analyst.username(), Tenants.PASSWORD);

        chrome.get(url("/customers?lang=en"));
        assertThat(chrome.findElements(By.id("nav-imports"))).isEmpty();
        chrome.get(url("/imports?lang=en"));
        assertThat(chrome.findElements(By.id("import-form"))).isEmpty();
    }

    private void upload(Path file, String type, String layout) {
        chrome.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
        new Select(chrome.findElement(By.id("type"))).selectByValue(type);
        if (layout != null) {
            new Select(chrome.findElement(By.id("layout"))).selectByValue(layout);
        }
        chrome.findElement(By.id("start-import")).click();
    }

    /** The import's page polls its figures: wait for the state to reach done or failed. */
    private void waitUntilOver() {
        wait.until(driver -> {
            List<org.openqa.selenium.WebElement> state = driver.findElements(By.id("import-state"));
            return !state.isEmpty()
                    && List.of("done", "failed").contains(state.get(0).getAttribute("data-state"));
        });
    }

    private String state() {
        return chrome.findElement(By.id("import-state")).getAttribute("data-state");
    }

    private String text(String id) {
        return chrome.findElement(By.id(id)).getText();
    }

    /** A file as the signed-in browser downloads it (its session cookie), as text. */
    private String download(String href) {
        Object body = chrome.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0]).then(r => r.arrayBuffer())"
                        + ".then(b => done(new TextDecoder('utf-8', {ignoreBOM: true}).decode(b)));",
                href);
        return (String) body;
    }

    private static String customerId(Api management, String identity) {
        JsonNode items = management
                .get("/api/v1/customers?identity=" + URLEncoder.encode(identity, StandardCharsets.UTF_8))
                .json()
                .path("items");
        return items.size() == 0 ? null : items.get(0).path("id").asString();
    }

    private void signInAsAdmin() {
        Browser.signIn(chrome, port, tenant.adminUser().username(), Tenants.PASSWORD);
    }

    private Path write(String name, String text, Charset charset) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, text.getBytes(charset));
        return file;
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
