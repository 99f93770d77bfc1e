package io.reservoir.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.reservoir.audience.Snapshot;
import io.reservoir.audience.Snapshots;
import io.reservoir.identity.Customers;
import io.reservoir.insight.BusinessReport;
import io.reservoir.insight.FastReport;
import io.reservoir.insight.Insight;
import io.reservoir.insight.Layer;
import io.reservoir.insight.Period;
import io.reservoir.platform.audit.AuditLog;
import io.reservoir.platform.tenancy.Role;
import io.reservoir.platform.tenancy.User;
import io.reservoir.support.Browser;
import io.reservoir.support.ConsoleSession;
import io.reservoir.support.DemoBrand;
import io.reservoir.support.ReservoirIT;
import io.reservoir.support.Tenants;
import io.reservoir.support.Tenants.Tenant;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The FAST+ dashboard in real headless Chromium on a simulated brand (October 2025): the cards,
 * the layers, the transition matrix and the fields show exactly what {@link Insight#fast} reports,
 * in English and in Chinese; every chart is drawn by Chart.js; the period arrows swap the figures
 * in place; a count leads to the list of the customers behind it, as many as it counts, each
 * linking to the customer 360 page, and to their CSV, and freezes as a segment snapshot of as many;
 * the business figures are those of {@link Insight#business}, narrowed in place by channel and
 * field; a period without data says so; guides see no figures.
 */
@ReservoirIT
@ExtendWith(Browser.Installed.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT {

    static final Period OCTOBER = Period.parse("period", "2025-10");

    static final List<String> CHARTS = List.of(
            "trend-capital",
            "trend-conversion",
            "trend-connection",
            "trend-clv",
            "chart-layers",
            "chart-connection",
            "chart-field-capital",
            "chart-clv",
            "activity-chart");

    static final List<String> BUSINESS_CHARTS = List.of("chart-new-channel", "chart-new-field", "chart-first-purchase");

    /** The figures on the business cards, by the id of their value. */
    static final List<String> BUSINESS_FIGURES = List.of(
            "gmv",
            "orders",
            "memberGmvShare",
            "memberAov",
            "aov",
            "spendPerBuyer",
            "repurchaseRate",
            "memberRepurchaseRate",
            "refundRate",
            "refundedOrderRate",
            "newMembers");

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    DemoBrand demoBrand;

    @Autowired
    Insight insight;

    @Autowired
    Customers customers;

    @Autowired
    AuditLog audit;

    @Autowired
    Snapshots snapshots;

    Tenant tenant;
    long brand;
    FastReport october;
    FastReport september;
    ChromeDriver chrome;
    WebDriverWait wait;

    @BeforeAll
    void simulatedBrand() {
        tenant = tenants.aWorkspace();
        brand = tenant.brand().id();
        demoBrand.simulate(tenant, 300);
        october = insight.fast(tenant.admin(), brand, OCTOBER);
        september = insight.fast(tenant.admin(), brand, OCTOBER.previous());
        assertThat(october.capital())
                .as("the simulated brand has customers in October")
                .isPositive();
    }

    @BeforeEach
    void openBrowser() {
        chrome = Browser.start();
        wait = new WebDriverWait(chrome, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class);
        Browser.signIn(chrome, port, tenant.adminUser().username(), Tenants.PASSWORD);
    }

    @AfterEach
    void closeBrowser() {
        if (chrome != null) {
            chrome.quit();
        }
    }

    @Test
    void theDashboardShowsTheReportsFiguresInBothLanguages() {
        chrome.get(url("/?brand=" + brand + "&kind=month&period=2025-10&lang=en"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Dashboard"));
        assertFigures(october, september);
        assertThat(text("card-capital")).contains("Capital", "可持续运营私域关系数");
        assertThat(text("card-connection")).contains("All fields: active ÷ visitors summed over the fields");
        assertThat(text("layers")).contains("Brand KOC", "Repeat members", "Basic private-domain customers");
        assertThat(text("transitions-card")).contains("Entered", "Left");
        assertThat(text("fast-range")).contains("2025-10-01", "2025-10-31", "Asia/Shanghai", "2025-09");
        assertChartsDrawn();
        assertThat(trendPoints("trend-capital")).hasSize(FastDashboard.TREND).endsWith(october.capital());
        Path english = fullPageScreenshot("dashboard-en");

        chrome.get(url("/?brand=" + brand + "&kind=month&period=2025-10&lang=zh-CN"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "总览"));
        assertFigures(october, september);
        assertThat(text("card-capital")).contains("可持续运营私域关系数", "Capital");
        assertThat(text("card-conversion")).contains("角色关系加深效率");
        assertThat(text("card-connection")).contains("场域引力", "全部场域");
        assertThat(text("card-clv")).contains("角色关系价值");
        assertThat(text("layers")).contains("分层关系数");
        for (Layer layer : Layer.HELD) {
            assertThat(text("layer-" + layer.id())).contains(layer.chinese());
        }
        assertThat(text("transitions-card")).contains("关系迁移矩阵", "新进入", "流失");
        assertChartsDrawn();
        Path chinese = fullPageScreenshot("dashboard-zh");

        assertThat(english).isNotEmptyFile();
        assertThat(chinese).isNotEmptyFile();
    }

    @Test
    void theSectionBarLeadsToEverySectionAndTheDailyFiguresComeFirst() {
        chrome.get(url("/?brand=" + brand + "&kind=month&period=2025-10&lang=zh-CN"));
        WebElement bar = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("section-nav")));
        List<WebElement> links = bar.findElements(By.tagName("a"));
        assertThat(links).extracting(WebElement::getText).contains("FAST+", "经营指标", "分层关系数");
        for (WebElement link : links) {
            String target = link.getAttribute("href").replaceAll(".*#", "");
            assertThat(chrome.findElements(By.id(target)))
                    .as("#%s exists", target)
                    .hasSize(1);
        }
        // the business cards follow the FAST+ cards, before the layers and the matrix
        assertThat(top("business")).isLessThan(top("layers")).isGreaterThan(top("fast-cards"));

        chrome.findElement(By.cssSelector("#section-nav a[href='#cohorts']")).click();
        wait.until(driver -> ((Number) chrome.executeScript("return window.scrollY;")).longValue() > 0);
        long barTop = ((Number) chrome.executeScript(
                        "return Math.round(document.getElementById('section-nav').getBoundingClientRect().top);"))
                .longValue();
        assertThat(barTop).as("the bar stays at the top while the page scrolls").isBetween(-1L, 1L);
        Browser.screenshot(chrome, "dashboard-sections-zh");
    }

    private long top(String id) {
        return ((Number) chrome.executeScript(
                        "return Math.round(document.getElementById(arguments[0]).getBoundingClientRect().top"
                                + " + window.scrollY);",
                        id))
                .longValue();
    }

    @Test
    void theArrowsChangeThePeriodInPlaceAndTheLinkCanBeShared() {
        chrome.get(url("/?brand=" + brand + "&kind=month&period=2025-10&lang=en"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("capital-value")));
        chrome.executeScript("window.notReloaded = true;");

        chrome.findElement(By.id("period-previous")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("fast-range"), "2025-09-30"));
        assertThat(chrome.executeScript("return window.notReloaded === true;"))
                .as("swapped by htmx, not reloaded")
                .isEqualTo(true);
        assertThat(chrome.getCurrentUrl()).contains("period=2025-09");
        assertFigures(
                september,
                insight.fast(tenant.admin(), brand, OCTOBER.previous().previous()));
        assertChartsDrawn();

        // the pushed URL opens the same view in a new page
        chrome.get(chrome.getCurrentUrl());
        assertThat(number("capital-value")).isEqualTo(september.capital());

        // another kind: the week holding the period's first day
        chrome.get(url("/?brand=" + brand + "&kind=week&period=2025-10&lang=en"));
        Period week = Period.parse("period", "2025-W40");
        assertThat(text("fast-range"))
                .contains(week.first().toString(), week.last().toString());
        assertThat(number("capital-value"))
                .isEqualTo(insight.fast(tenant.admin(), brand, week).capital());
        assertThat(trendPoints("trend-capital")).hasSize(FastDashboard.TREND);
    }

    @Test
    void aCountLeadsToTheCustomersBehindIt() {
        chrome.get(url("/?brand=" + brand + "&kind=month&period=2025-10&lang=en"));
        String figure = largestLayerFigure();
        long count = october.capitalByLayer().get(figure.substring("capital.layer.".length()));
        chrome.findElement(By.cssSelector("a.drill[data-figure='" + figure + "']"))
                .click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("customer-total")));

        assertThat(chrome.getCurrentUrl())
                .contains("/dashboard/customers", "brand=" + brand, "period=2025-10", "figure=" + figure);
        assertThat(number("customer-total")).isEqualTo(count);
        assertThat(count).as("more than one page").isGreaterThan(FastCustomersPage.PAGE);
        assertThat(text("figure-title")).startsWith("Capital · ").endsWith(" · 2025-10");
        Browser.screenshot(chrome, "dashboard-customers-en");
        List<String> listed = new ArrayList<>();
        while (true) {
            chrome.findElements(By.cssSelector("#fast-customers a.customer")).forEach(a -> listed.add(a.getText()));
            List<WebElement> next = chrome.findElements(By.id("page-next"));
            if (next.isEmpty()) {
                break;
            }
            next.get(0).click();
            wait.until(ExpectedConditions.stalenessOf(next.get(0)));
        }
        int[] behind = insight.customers(tenant.admin(), brand, OCTOBER, figure);
        Map<Integer, String> ids = customers.publicIds(
                tenant.workspace().id(), Arrays.stream(behind).boxed().toList());
        assertThat(listed).hasSize((int) count).containsExactlyInAnyOrderElementsOf(ids.values());
        assertThat(chrome.findElement(By.id("fast-customers")).getText())
                .as("contacts are masked")
                .contains("****")
                .doesNotContainPattern("1[3-9]\\d{9}");

        String csv = chrome.findElement(By.id("download-csv")).getAttribute("href");
        ConsoleSession session = new ConsoleSession(port);
        session.login(tenant.adminUser().username(), Tenants.PASSWORD);
        HttpResponse<String> download = session.get(csv.substring(csv.indexOf("/dashboard")));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(download.body().lines()).hasSize((int) count + 1).first().isEqualTo("customer_id,phone,email");
        assertThat(audit.page(tenant.admin(), null, "report.customers_exported", 5))
                .as("the download is audited")
                .isNotEmpty();

        WebElement first = chrome.findElement(By.cssSelector("#fast-customers a.customer"));
        String id = first.getText();
        first.click();
        wait.until(ExpectedConditions.urlToBe(url("/customers/" + id)));
        assertThat(chrome.findElement(By.tagName("main")).getText()).contains(id);
    }

    @Test
    void theBusinessFiguresAreTheReportsInBothLanguages() {
        BusinessReport r = insight.business(tenant.admin(), brand, OCTOBER, null, null);
        assertThat(r.figures().get("orders").value()).as("orders in October").isPositive();
        chrome.get(url("/?brand=" + brand + "&kind=month&period=2025-10&lang=en"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("business-cards")));
        assertBusiness(r);
        assertThat(text("business")).contains("Business figures", "vs 2025-09", "vs 2024-10");
        assertThat(text("biz-gmv")).contains("GMV", "成交额");
        assertThat(text("biz-memberAov")).contains("Members", "All");
        assertThat(chrome.findElement(By.cssSelector("#biz-repurchaseRate .label"))
                        .getAttribute("title"))
                .as("the definition as a tooltip")
                .contains("two or more purchase days");
        assertThat(chrome.findElements(By.id("business-no-data"))).isEmpty();
        assertBusinessChartsDrawn();
        Path english = sectionScreenshot("business", "dashboard-business-en");

        chrome.get(url("/?brand=" + brand + "&kind=month&period=2025-10&lang=zh-CN"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("business"), "经营指标"));
        assertBusiness(r);
        assertThat(text("biz-gmv")).contains("成交额", "GMV");
        assertThat(text("biz-repurchaseRate")).contains("复购率", "会员");
        assertThat(text("cohorts")).contains("入会月留存");
        assertThat(text("top-products")).contains("分层热销商品");
        assertBusinessChartsDrawn();
        Path chinese = sectionScreenshot("business", "dashboard-business-zh");

        assertThat(english).isNotEmptyFile();
        assertThat(chinese).isNotEmptyFile();
    }

    @Test
    void theChannelAndFieldFiltersNarrowTheBusinessFiguresInPlace() {
        String channel = aChannelWithPartOfTheOrders();
        BusinessReport byChannel = insight.business(tenant.admin(), brand, OCTOBER, channel, null);
        chrome.get(url("/?brand=" + brand + "&kind=month&period=2025-10&lang=en"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("filter-channel")));
        chrome.executeScript("window.notReloaded = true;");

        new Select(chrome.findElement(By.id("filter-channel"))).selectByValue(channel);
        wait.until(d -> d.getCurrentUrl().contains("channel=" + channel));
        wait.until(ExpectedConditions.textToBe(
                By.id("biz-gmv-value"), yuan(byChannel.figures().get("gmv").value())));
        assertThat(chrome.executeScript("return window.notReloaded === true;"))
                .as("swapped by htmx, not reloaded")
                .isEqualTo(true);
        assertBusiness(byChannel);
        assertThat(number("capital-value")).as("FAST+ is not narrowed").isEqualTo(october.capital());

        new Select(chrome.findElement(By.id("filter-field"))).selectByValue("membership");
        wait.until(d -> d.getCurrentUrl().contains("field=membership"));
        BusinessReport both = insight.business(tenant.admin(), brand, OCTOBER, channel, "membership");
        wait.until(ExpectedConditions.textToBe(
                By.id("biz-orders-value"),
                grouped(both.figures().get("orders").value().longValue())));
        assertBusiness(both);

        // the URL opens the same view; the period arrows keep the filters
        chrome.get(chrome.getCurrentUrl());
        assertThat(new Select(chrome.findElement(By.id("filter-channel")))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .isEqualTo(channel);
        assertBusiness(both);
        chrome.findElement(By.id("period-previous")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("fast-range"), "2025-09-30"));
        assertThat(chrome.getCurrentUrl()).contains("channel=" + channel, "field=membership", "period=2025-09");
        assertBusiness(insight.business(tenant.admin(), brand, OCTOBER.previous(), channel, "membership"));
    }

    @Test
    void aDrillDownFreezesAsASegmentSnapshot() {
        String figure = largestLayerFigure();
        int[] behind = insight.customers(tenant.admin(), brand, OCTOBER, figure);
        chrome.get(url("/dashboard/customers?brand=" + brand + "&period=2025-10&figure=" + figure + "&lang=en"));
        WebElement name = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("snapshot-name")));
        assertThat(name.getAttribute("value")).as("named after the figure").contains("2025-10");
        name.clear();
        String chosen = "October " + figure + " " + System.nanoTime();
        name.sendKeys(chosen);
        chrome.findElement(By.id("freeze-snapshot")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("snapshot-taken")));

        assertThat(text("snapshot-taken")).contains(grouped(behind.length) + " customers frozen as “" + chosen + "”");
        assertThat(chrome.getCurrentUrl()).contains("/dashboard/customers", "figure=" + figure);
        Browser.screenshot(chrome, "dashboard-snapshot-en");
        String href = chrome.findElement(By.id("snapshot-link")).getAttribute("href");
        long segment = Long.parseLong(href.replaceAll(".*/audiences/(\\d+)#snapshot-\\d+$", "$1"));
        List<Snapshot> taken = snapshots.list(tenant.admin(), segment);
        assertThat(taken).singleElement().satisfies(s -> {
            assertThat(s.size()).isEqualTo(behind.length);
            assertThat(s.segmentName()).isEqualTo(chosen);
        });
        int[] frozen = snapshots.members(tenant.admin(), taken.get(0).id(), null, behind.length + 1);
        assertThat(frozen).containsExactlyInAnyOrder(behind);
        assertThat(audit.page(tenant.admin(), null, "snapshot.taken", 5))
                .as("the snapshot is audited")
                .isNotEmpty();

        chrome.findElement(By.id("snapshot-link")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.id("snapshot-" + taken.get(0).id())));
        assertThat(chrome.getCurrentUrl()).contains("/audiences/" + segment);
        assertThat(text("snapshot-" + taken.get(0).id())).contains(Integer.toString(behind.length));

        // analysts read the list but may not freeze it
        User analyst = tenants.aUser(tenant, Role.ANALYST);
        ConsoleSession session = new ConsoleSession(port);
        session.login(analyst.username(), Tenants.PASSWORD);
        String page = "/dashboard/customers?brand=" + brand + "&period=2025-10&figure=" + figure;
        assertThat(session.get(page).body()).contains("id=\"customer-total\"").doesNotContain("id=\"freeze\"");
        HttpResponse<String> refused = session.submit(
                page,
                "/dashboard/customers/snapshot",
                Map.of("brand", Long.toString(brand), "period", "2025-10", "figure", figure, "name", "not allowed"));
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    @Test
    void aPeriodWithoutDataSaysSo() {
        chrome.get(url("/?brand=" + brand + "&kind=month&period=2024-01&lang=en"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("no-data")));
        assertThat(text("no-data")).contains("No FAST+ data", "2024-01");
        assertThat(text("capital-value")).isEqualTo("0");
        assertThat(text("conversion-value")).isEqualTo("—");
        assertThat(text("card-conversion")).contains("Undefined: Capital at the end of 2023-12 was 0.");
        assertThat(text("connection-value")).isEqualTo("—");
        assertThat(text("layers-empty")).contains("No customer held a relation");
        assertThat(text("transitions-empty")).contains("No customer had a layer");
        assertThat(text("fields-no-visits")).contains("Nobody visited a field in 2024-01.");
        assertThat(text("clv-empty")).contains("No customer had a layer");
        assertThat(chrome.findElements(By.cssSelector("#fast a.drill"))).isEmpty();

        assertThat(text("business-no-data")).contains("No business figures", "2024-01");
        assertThat(text("biz-gmv-value")).isEqualTo("¥0.00");
        assertThat(text("biz-aov-value")).isEqualTo("—");
        assertThat(text("new-members-empty")).contains("No member joined");
        assertThat(text("first-purchase-empty")).contains("No member made a first purchase");
        assertThat(text("top-products-empty")).contains("No order was paid in 2024-01");

        chrome.get(url("/?brand=" + brand + "&kind=month&period=soon&lang=en"));
        assertThat(text("period-error")).contains("“soon” is not a period");
    }

    @Test
    void guidesSeeNoFigures() {
        User guide = tenants.aUser(tenant, Role.GUIDE);
        ConsoleSession session = new ConsoleSession(port);
        session.login(guide.username(), Tenants.PASSWORD);
        String home =
                session.get("/?brand=" + brand + "&period=2025-10&lang=en").body();
        assertThat(home).contains("id=\"guide-note\"").doesNotContain("id=\"fast-cards\"");
        assertThat(session.get("/dashboard/customers?brand=" + brand + "&period=2025-10&figure=capital")
                        .statusCode())
                .isEqualTo(403);
        assertThat(session.get("/dashboard/customers.csv?brand=" + brand + "&period=2025-10&figure=capital")
                        .statusCode())
                .isEqualTo(403);
    }

    /** Every figure on the page equals the report's. */
    private void assertFigures(FastReport r, FastReport before) {
        assertThat(number("capital-value")).isEqualTo(r.capital());
        assertThat(text("card-capital")).contains(signed(r.capital() - before.capital()));
        assertThat(text("conversion-value"))
                .isEqualTo(percentOrDash(r.conversion().rate()));
        assertThat(number("conversion-deepened")).isEqualTo(r.conversion().deepened());
        assertThat(number("conversion-base")).isEqualTo(r.conversion().previousCapital());
        assertThat(text("connection-value")).isEqualTo(percentOrDash(overallConnection(r)));
        assertThat(text("clv-value")).isEqualTo("¥" + r.clv().all().average());
        assertThat(number("clv-customers")).isEqualTo(r.clv().all().customers());
        for (Layer layer : Layer.HELD) {
            assertThat(number("layer-" + layer.id() + "-count"))
                    .as("layer %s", layer.id())
                    .isEqualTo(r.capitalByLayer().get(layer.id()));
            WebElement clv = chrome.findElement(By.id("clv-" + layer.id()));
            FastReport.ClvFigures f = r.clv().byLayer().get(layer.id());
            assertThat(clv.getText())
                    .contains("¥" + String.format(java.util.Locale.ROOT, "%,.2f", new java.math.BigDecimal(f.sum())));
            if (f.average() != null) {
                assertThat(clv.getText()).contains("¥" + f.average());
            }
        }
        assertThat(text("layer-koc-count")).isEqualTo(grouped(r.capitalByLayer().get("koc")));
        List<String> layers = r.transitions().layers();
        assertThat(layers.get(0)).isEqualTo("none");
        for (int from = 0; from < layers.size(); from++) {
            for (int to = 0; to < layers.size(); to++) {
                String cell = text("t-" + layers.get(from) + "-" + layers.get(to));
                if (from == 0 && to == 0) {
                    assertThat(cell).isEqualTo("—");
                } else {
                    assertThat(cell)
                            .as("transition %s → %s", layers.get(from), layers.get(to))
                            .isEqualTo(
                                    grouped(r.transitions().counts().get(from).get(to)));
                }
            }
        }
        r.connection().forEach((field, c) -> {
            String row = text("field-" + field);
            assertThat(row)
                    .as("field %s", field)
                    .contains(grouped(r.capitalByField().get(field)), grouped(c.visitors()), grouped(c.active()))
                    .contains(percentOrDash(c.rate()));
        });
    }

    /** The business section shows the report's figures, written as the console writes them. */
    private void assertBusiness(BusinessReport r) {
        for (String id : BUSINESS_FIGURES) {
            BusinessReport.Figure f = r.figures().get(id);
            assertThat(text("biz-" + id + "-value")).as(id).isEqualTo(written(f));
        }
        BusinessReport.Figure gmv = r.figures().get("gmv");
        if (gmv.fromPrevious() != null && gmv.fromPrevious().relative() != null) {
            assertThat(text("biz-gmv-previous"))
                    .contains(signedPercent(gmv.fromPrevious().relative()), r.previousPeriod());
        }
        BusinessReport.Figure share = r.figures().get("memberGmvShare");
        if (share.fromPrevious() != null) {
            assertThat(text("biz-memberGmvShare-previous"))
                    .contains(signedPercent(share.fromPrevious().absolute()).replace("%", ""));
        }
        BusinessReport.FirstPurchase fp = r.firstPurchase();
        if (fp.members() > 0) {
            assertThat(number("first-purchase-members")).isEqualTo(fp.members());
            assertThat(text("first-purchase-median")).startsWith(fp.median() + " ");
            assertThat(text("first-purchase-average")).startsWith(fp.average().toPlainString() + " ");
        }
        BusinessReport.CohortRetention c = r.cohorts();
        for (int m = 0; m < c.months().size(); m++) {
            String month = c.months().get(m).toString().substring(0, 7);
            for (int k = 0; k < c.rates().get(m).size(); k++) {
                assertThat(text("cohort-" + month + "-" + k))
                        .as("cohort %s, +%d", month, k)
                        .isEqualTo(percentOrDash(c.rates().get(m).get(k)));
            }
        }
        r.topProducts().forEach((layer, products) -> {
            if (!products.isEmpty()) {
                BusinessReport.TopProduct top = products.get(0);
                assertThat(r.productNames())
                        .as("the simulated order lines name their products")
                        .containsKey(top.productId());
                assertThat(chrome.findElement(By.cssSelector("#products-" + layer + " tbody tr"))
                                .getText())
                        .as("top product of %s, by the name its orders carry", layer)
                        .contains(
                                r.productNames().getOrDefault(top.productId(), top.productId()), grouped(top.units()));
            }
        });
    }

    private void assertBusinessChartsDrawn() {
        for (String id : BUSINESS_CHARTS) {
            wait.until(d -> Boolean.TRUE.equals(chrome.executeScript(
                    "const c = document.getElementById(arguments[0]);"
                            + " return !!(c && window.Chart && Chart.getChart(c));",
                    id)));
        }
    }

    /** A channel with some of October's orders but not all: narrowing to it changes the figures. */
    private String aChannelWithPartOfTheOrders() {
        BigDecimal all = insight.business(tenant.admin(), brand, OCTOBER, null, null)
                .figures()
                .get("gmv")
                .value();
        return DashboardPage.CHANNELS.stream()
                .filter(ch -> {
                    BigDecimal gmv = insight.business(tenant.admin(), brand, OCTOBER, ch, null)
                            .figures()
                            .get("gmv")
                            .value();
                    return gmv.signum() > 0 && gmv.compareTo(all) < 0;
                })
                .findFirst()
                .orElseThrow();
    }

    /** The section alone, the window grown to its height for the shot. */
    private Path sectionScreenshot(String id, String name) {
        Dimension before = chrome.manage().window().getSize();
        long height = (Long) chrome.executeScript(
                "return Math.ceil(document.getElementById(arguments[0]).getBoundingClientRect().height);", id);
        chrome.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(height + 180, 6000)));
        try {
            chrome.executeScript(
                    "window.scrollTo(0, document.getElementById(arguments[0]).getBoundingClientRect().top"
                            + " + window.scrollY - 16);",
                    id);
            assertBusinessChartsDrawn();
            return Browser.screenshot(chrome, name);
        } finally {
            chrome.manage().window().setSize(before);
        }
    }

    private static String written(BusinessReport.Figure f) {
        if (f.value() == null) {
            return "—";
        }
        return switch (f.unit()) {
            case "money" -> yuan(f.value());
            case "ratio" -> percentOrDash(f.value());
            default -> grouped(f.value().longValueExact());
        };
    }

    private static String yuan(BigDecimal value) {
        return "¥" + String.format(java.util.Locale.ROOT, "%,.2f", value);
    }

    private static String signedPercent(BigDecimal ratio) {
        BigDecimal p = ratio.movePointRight(2).setScale(2, RoundingMode.HALF_UP);
        return (p.signum() > 0 ? "+" : p.signum() < 0 ? "−" : "±") + p.abs().toPlainString() + "%";
    }

    private void assertChartsDrawn() {
        for (String id : CHARTS) {
            wait.until(d -> Boolean.TRUE.equals(chrome.executeScript(
                    "const c = document.getElementById(arguments[0]);"
                            + " return !!(c && window.Chart && Chart.getChart(c));",
                    id)));
        }
    }

    @SuppressWarnings("unchecked")
    private List<Long> trendPoints(String id) {
        List<Object> data = (List<Object>) chrome.executeScript(
                "return Chart.getChart(document.getElementById(arguments[0])).data.datasets[0].data;", id);
        return data.stream()
                .map(v -> v == null ? null : ((Number) v).longValue())
                .toList();
    }

    /** The layer with the most customers: more than a page of them. */
    private String largestLayerFigure() {
        return october.capitalByLayer().entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(e -> "capital.layer." + e.getKey())
                .orElseThrow();
    }

    /** A screenshot of the whole page: the window grown to the page's height for the shot. */
    private Path fullPageScreenshot(String name) {
        Dimension before = chrome.manage().window().getSize();
        long height = (Long) chrome.executeScript("return document.documentElement.scrollHeight;");
        chrome.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(height + 140, 6000)));
        try {
            return Browser.screenshot(chrome, name);
        } finally {
            chrome.manage().window().setSize(before);
        }
    }

    static BigDecimal overallConnection(FastReport r) {
        long visitors = r.connection().values().stream()
                .mapToLong(FastReport.Connection::visitors)
                .sum();
        long active = r.connection().values().stream()
                .mapToLong(FastReport.Connection::active)
                .sum();
        return visitors == 0
                ? null
                : BigDecimal.valueOf(active).divide(BigDecimal.valueOf(visitors), 4, RoundingMode.HALF_UP);
    }

    private static String percentOrDash(BigDecimal ratio) {
        return ratio == null ? "—" : ratio.movePointRight(2).setScale(2, RoundingMode.HALF_UP) + "%";
    }

    private static String signed(long change) {
        return change > 0 ? "+" + change : change < 0 ? "−" + -change : "±0";
    }

    private static String grouped(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }

    private String text(String id) {
        return chrome.findElement(By.id(id)).getText().strip();
    }

    private long number(String id) {
        return Long.parseLong(text(id).replace(",", ""));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
