package org.meshwork.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real browser (Debian's chromium, headless, driven by chromedriver) on the real sample mesh: a
 * consumer searches, opens a product, sees its lineage graph and quality plots, asks for access; the owner approves;
 * the consumer's preview then shows rows with PII masked. Screenshots of the main pages go to target/screenshots/.
 */
class WebUiBrowserIT {
    static final Path CHROMIUM = Path.of(System.getProperty("meshwork.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("meshwork.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    @TempDir
    Path directory;

    private SampleMeshUi ui;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void setUp() throws IOException {
        assertThat(CHROMIUM).as("Debian's chromium (apt-get install chromium chromium-driver; .ci/run installs it)").isExecutable();
        assertThat(CHROMEDRIVER).as("Debian's chromium-driver (apt-get install chromium-driver)").isExecutable();
        ui = new SampleMeshUi(directory);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createDirectories(directory.resolve("chromium-profile")),
                "--window-size=1280,1000", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void tearDown() {
        if (browser != null) {
            browser.quit();
        }
        if (ui != null) {
            ui.close();
        }
    }

    @Test
    void consumerFindsAProductAsksForAccessAndSeesMaskedDataOnceTheOwnerApproves() throws IOException {
        try {
            flow();
        } catch (RuntimeException | AssertionError e) {
            screenshot("failure");
            throw e;
        }
    }

    private void flow() throws IOException {
        // the demo's sign-in link
        browser.get(ui.url("/?token=" + ui.ana));
        assertThat(text(By.id("signed-in-user"))).isEqualTo("ana");
        assertThat(browser.findElements(By.cssSelector(".cards .card"))).hasSizeGreaterThanOrEqualTo(4);
        screenshot("01-home");

        // search
        WebElement box = browser.findElement(By.id("q"));
        box.sendKeys("customer");
        browser.findElement(By.id("search-submit")).click();
        wait.until(ExpectedConditions.urlContains("q=customer"));
        assertThat(text(By.id("results-summary"))).contains("of");
        screenshot("02-search");
        browser.findElement(By.linkText("Customer 360 View")).click();

        // product page
        wait.until(ExpectedConditions.textToBe(By.id("product-id"), "dp.customer.360"));
        assertThat(text(By.id("product-name"))).isEqualTo("Customer 360 View");
        assertThat(text(By.id("sla-status"))).startsWith("SLA");
        screenshot("03-product-overview");
        browser.findElement(By.id("tab-schema")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("schema-table")));
        assertThat(browser.findElements(By.cssSelector("#schema-table .pii"))).hasSizeGreaterThanOrEqualTo(2);
        screenshotOfTab("04-product-schema");

        // lineage graph: drawn by Cytoscape.js with the expected nodes
        browser.findElement(By.id("tab-lineage")).click();
        wait.until(d -> js("return window.meshLineage ? window.meshLineage.nodes().length : 0").equals(4L));
        @SuppressWarnings("unchecked")
        List<String> nodes = (List<String>) js("return window.meshLineage.nodes().map(n => n.id()).sort()");
        assertThat(nodes).containsExactly("dp.customer.360", "dp.marketing.campaign-performance", "system:crm_system",
                "system:support_desk");
        assertThat(js("return document.querySelector('#lineage-graph canvas') !== null")).isEqualTo(true);
        screenshotOfTab("05-product-lineage");

        // quality: a Chart.js line per check, with a point per run
        browser.findElement(By.id("tab-quality")).click();
        wait.until(d -> (Boolean) js("return typeof Chart !== 'undefined' && !!Chart.getChart(document.querySelector('canvas.quality-chart'))"));
        Number points = (Number) js("return Chart.getChart(document.querySelector('canvas.quality-chart')).data.datasets[0].data.length");
        assertThat(points.intValue()).isEqualTo(2);
        screenshotOfTab("06-product-quality");
        browser.findElement(By.id("tab-runs")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("runs-table")));
        assertThat(browser.findElements(By.cssSelector("#runs-table tbody tr"))).hasSize(2);
        screenshotOfTab("07-product-runs");

        // no data yet: the consumer asks for access with a purpose
        browser.findElement(By.id("tab-data")).click();
        assertThat(text(By.id("preview-denied"))).contains("may not read");
        browser.findElement(By.id("tab-access")).click();
        browser.findElement(By.id("purpose")).sendKeys("Churn analysis for the Q3 retention campaign");
        browser.findElement(By.id("request-submit")).click();
        assertThat(text(By.id("access-notice"))).contains("sent to the product's owners");
        assertThat(text(By.id("my-requests"))).contains("pending").contains("Churn analysis");
        screenshot("08-access-requested");

        // the owner signs in with the form and approves
        signOut();
        browser.get(ui.url("/products/dp.customer.360/access"));
        wait.until(ExpectedConditions.urlContains("/signin"));
        screenshot("09-sign-in");
        browser.findElement(By.id("token")).sendKeys(ui.carol);
        browser.findElement(By.id("signin-submit")).click();
        wait.until(ExpectedConditions.urlContains("/products/dp.customer.360/access"));
        assertThat(text(By.id("signed-in-user"))).isEqualTo("carol");
        assertThat(text(By.id("pending-requests"))).contains("ana").contains("Churn analysis");
        screenshot("10-owner-pending");
        browser.findElement(By.cssSelector("#pending-requests button.approve")).click();
        assertThat(text(By.id("access-notice"))).isEqualTo("Request approved.");
        assertThat(text(By.id("no-pending"))).contains("No pending");

        // the consumer now sees rows, with PII masked
        signOut();
        browser.get(ui.url("/products/dp.customer.360/data?token=" + ui.ana));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("preview-table")));
        List<WebElement> headers = browser.findElements(By.cssSelector("#preview-table thead th"));
        List<String> columns = headers.stream().map(h -> h.getAttribute("data-column")).toList();
        int email = columns.indexOf("email");
        int name = columns.indexOf("full_name");
        assertThat(email).isNotNegative();
        assertThat(headers.get(email).getText()).contains("masked: hash");
        List<WebElement> rows = browser.findElements(By.cssSelector("#preview-table tbody tr"));
        assertThat(rows).isNotEmpty();
        for (WebElement row : rows) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            assertThat(cells.get(email).getText()).matches("[0-9a-f]{64}|NULL");
            assertThat(cells.get(name).getText()).isIn("***", "NULL");
        }
        assertThat(browser.getPageSource()).doesNotContain("@example");
        screenshotOfTab("11-data-preview-masked");

        // column lineage: picking an output column highlights the edges it comes through and names its inputs
        browser.get(ui.url("/products/dp.sales.orders/lineage"));
        wait.until(d -> ((Number) js("return window.meshLineage ? window.meshLineage.nodes().length : 0")).intValue() >= 3);
        WebElement column = browser.findElement(By.id("lineage-column"));
        String picked = column.findElements(By.tagName("option")).get(1).getAttribute("value");
        new org.openqa.selenium.support.ui.Select(column).selectByValue(picked);
        assertThat(text(By.id("lineage-column-detail"))).startsWith(picked + " ←");
        assertThat(((Number) js("return window.meshLineage.edges('.highlight').length")).intValue()).isPositive();
        screenshotOfTab("11b-column-lineage");

        // the other main pages
        browser.get(ui.url("/domains/customer"));
        wait.until(d -> js("return window.meshDomainGraph ? window.meshDomainGraph.nodes().length : 0").equals(2L));
        screenshot("12-domain");
        browser.get(ui.url("/governance"));
        assertThat(browser.findElements(By.cssSelector("#compliance-matrix tbody tr"))).hasSizeGreaterThanOrEqualTo(5);
        assertNoSidewaysScrolling(); // wide tables scroll inside their box, not the page
        screenshot("13-governance");
        browser.get(ui.url("/audit?token=" + ui.audrey));
        assertThat(text(By.id("chain-status"))).startsWith("Chain intact");
        assertThat(browser.findElements(By.cssSelector("#audit-table tbody tr"))).hasSizeGreaterThanOrEqualTo(3);
        assertNoSidewaysScrolling();
        screenshot("14-audit");

        // a phone
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(ui.url("/products/dp.customer.360/quality?token=" + ui.ana));
        wait.until(d -> (Boolean) js("return typeof Chart !== 'undefined' && !!Chart.getChart(document.querySelector('canvas.quality-chart'))"));
        assertNoSidewaysScrolling();
        screenshot("15-phone-product-quality");
        // search as you type (htmx swaps the results in without a page load)
        browser.get(ui.url("/"));
        browser.findElement(By.id("q")).sendKeys("order");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("results-summary")));
        assertThat(browser.getCurrentUrl()).doesNotContain("q=");
        assertThat(browser.findElement(By.id("results")).getText()).contains("Orders");
        screenshot("16-phone-search");
    }

    private void assertNoSidewaysScrolling() {
        assertThat(((Number) js("return document.documentElement.scrollWidth")).intValue())
                .as("page width on " + browser.getCurrentUrl())
                .isLessThanOrEqualTo(((Number) js("return document.documentElement.clientWidth")).intValue());
    }

    private void signOut() {
        browser.findElement(By.cssSelector("form.who button")).click();
        wait.until(ExpectedConditions.urlContains("/signin"));
    }

    private String text(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by)).getText().strip();
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private void screenshotOfTab(String name) throws IOException {
        js("document.getElementById('tab-body').scrollIntoView()");
        screenshot(name);
    }

    private void screenshot(String name) throws IOException {
        File file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
