package com.mallquest.mall.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.mallquest.mall.api.ApiTestSupport;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The operator dashboard in a real browser: Debian's headless Chromium and its chromedriver (no
 * browser or driver download: both paths are given to Selenium), against the service on a random
 * port. Skips when Chromium is not installed, except under {@code CI=true}, where that fails.
 * Screenshots of every view go to {@code target/screenshots/}.
 */
class DashboardBrowserIT extends ApiTestSupport {

  private static final Path CHROMIUM = Path.of(env("CHROMIUM_BINARY", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(env("CHROMEDRIVER_PATH", "/usr/bin/chromedriver"));
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static WebDriver driver;
  private static ChromeDriverService service;
  private static Path profile;

  @BeforeAll
  static void startBrowser() throws IOException {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    String missing = "Chromium or chromedriver is not installed (" + CHROMIUM + ", " + CHROMEDRIVER
        + "): apt-get install -y chromium chromium-driver";
    if (!present) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(missing + " (CI=true, so this fails instead of skipping)");
      }
      Assumptions.abort(missing + ": skipping");
    }
    profile = Files.createTempDirectory("dashboard-chromium-");
    service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile, "--window-size=1280,1000");
    driver = new ChromeDriver(service, options);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stopBrowser() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (service != null) {
      service.stop();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  @BeforeEach
  void freshTab() {
    driver.manage().window().setSize(new Dimension(1280, 1000));
    driver.get(base() + "/dashboard/");
    js("sessionStorage.clear();");
    driver.navigate().refresh();
    waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
  }

  @Test
  void signIn_refusesWrongAndNonAdminKeys_keepsTheKeyOutOfTheUrl_andSignOutForgetsIt() {
    signInWith("not-a-real-key-0000000000");
    waitForText(By.id("api-key-error"), "not valid");
    signInWith(createKey("app", null));
    waitForText(By.id("api-key-error"), "not an ADMIN key");
    screenshot("sign-in");

    signInWith(ADMIN_KEY);
    waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
    assertThat(js("return sessionStorage.getItem('mallquest.adminKey');")).isEqualTo(ADMIN_KEY);
    assertThat(driver.getCurrentUrl()).doesNotContain(ADMIN_KEY).endsWith("#/overview");

    driver.findElement(By.id("sign-out")).click();
    waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
    assertThat(js("return sessionStorage.getItem('mallquest.adminKey');")).isNull();
    assertThat(driver.findElement(By.id("nav")).isDisplayed()).isFalse();
  }

  @Test
  void aRefusedKey_sendsBackToSignIn() {
    signIn();
    js("sessionStorage.setItem('mallquest.adminKey', 'revoked-or-unknown-key-000');");
    driver.get(base() + "/dashboard/#/stores");
    waitForText(By.id("api-key-error"), "401");
    assertThat(js("return sessionStorage.getItem('mallquest.adminKey');")).isNull();
  }

  @Test
  void overview_showsTheNumbersTheApiReturns() {
    String shopper = createShopper();
    String store = createStore("1");
    assertThat(call("POST", "/api/v1/purchases", ADMIN_KEY, purchaseJson(shopper, store, unique("r"), 2500, "USD"))
        .status()).isEqualTo(201);
    signIn();
    String from = driver.findElement(By.id("overview-from")).getDomProperty("value");
    String to = driver.findElement(By.id("overview-to")).getDomProperty("value");
    Reply api = call("GET", "/api/v1/analytics/overview?from=" + from + "&to=" + to, ADMIN_KEY, null);

    if (api.status() == 404) {
      waitForText(By.cssSelector("#overview-body .not-available"), "not available");
    } else {
      assertThat(api.status()).isEqualTo(200);
      JsonNode totals = api.json().get("totals");
      for (String metric : List.of("shoppers", "activeShoppers", "coinsIssued", "coinsRedeemed", "missionsCompleted")) {
        By value = By.id("total-" + metric);
        waitFor().until(ExpectedConditions.attributeToBe(value, "data-value", totals.get(metric).asString()));
      }
      assertThat(totals.get("shoppers").asLong()).isPositive();
      waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#overview-chart canvas")));
    }
    screenshot("overview");
  }

  @Test
  void storeForm_createsAndEditsAStore_thatAppearsInTheSortableTable() {
    signIn();
    go("stores");
    waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("stores-table")));
    String id = unique("ui-store");
    type("store-form-id", id);
    type("store-form-name", "Browser Books " + id);
    new Select(driver.findElement(By.id("store-form-category"))).selectByValue("entertainment");
    type("store-form-floor", "L3");
    type("store-form-coinMultiplier", "1.5");
    driver.findElement(By.id("store-form-submit")).click();

    By row = By.cssSelector("#stores-table tr[data-id='" + id + "']");
    waitFor().until(ExpectedConditions.presenceOfElementLocated(row));
    assertThat(driver.findElement(row).getText()).contains("Browser Books " + id, "entertainment", "L3", "1.5");
    waitForText(By.id("store-form-status"), "Created " + id);
    JsonNode stored = call("GET", "/api/v1/stores/" + id, ADMIN_KEY, null).json();
    assertThat(stored.get("name").asString()).isEqualTo("Browser Books " + id);

    driver.findElement(row).findElement(By.cssSelector("button[aria-label^='Edit store']")).click();
    waitForText(By.id("store-form-title"), "Edit store " + id);
    assertThat(driver.findElement(By.id("store-form-id")).getDomAttribute("readonly")).isNotNull();
    type("store-form-name", "Browser Books Renamed " + id);
    driver.findElement(By.id("store-form-submit")).click();
    waitForText(By.id("store-form-status"), "Saved " + id);
    waitForText(row, "Browser Books Renamed " + id);
    assertThat(call("GET", "/api/v1/stores/" + id, ADMIN_KEY, null).json().get("name").asString())
        .isEqualTo("Browser Books Renamed " + id);

    By nameHeader = By.xpath("//table[@id='stores-table']//th[.//button[@data-key='name']]");
    assertThat(driver.findElement(nameHeader).getDomAttribute("aria-sort")).isEqualTo("ascending");
    driver.findElement(By.cssSelector("#stores-table button.sort[data-key='name']")).click();
    waitFor().until(ExpectedConditions.attributeToBe(nameHeader, "aria-sort", "descending"));
    screenshot("stores");

    driver.manage().window().setSize(new Dimension(820, 1180));
    screenshot("stores-tablet");
  }

  @Test
  void storeForm_invalidInput_showsTheApiValidationMessageNextToTheField_andCreatesNothing() {
    String id = unique("bad-store");
    Reply direct = call("POST", "/api/v1/stores", ADMIN_KEY,
        "{\"id\":\"" + id + "\",\"name\":\"Bad\",\"category\":\"food\",\"floor\":\"G\",\"coinMultiplier\":20}");
    assertThat(direct.status()).isEqualTo(400);
    assertThat(direct.json().get("field").asString()).isEqualTo("coinMultiplier");
    String detail = direct.json().get("detail").asString();

    signIn();
    go("stores");
    waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("stores-table")));
    type("store-form-id", id);
    type("store-form-name", "Bad");
    new Select(driver.findElement(By.id("store-form-category"))).selectByValue("food");
    type("store-form-floor", "G");
    type("store-form-coinMultiplier", "20");
    driver.findElement(By.id("store-form-submit")).click();

    waitFor().until(ExpectedConditions.textToBe(By.id("store-form-coinMultiplier-error"), detail));
    assertThat(driver.findElement(By.id("store-form-coinMultiplier")).getDomAttribute("aria-invalid")).isEqualTo("true");
    assertThat(driver.findElement(By.id("store-form-name-error")).getText()).isEmpty();
    assertThat(call("GET", "/api/v1/stores/" + id, ADMIN_KEY, null).status()).isEqualTo(404);
    screenshot("store-validation");
  }

  @Test
  void cachePanel_followsTraffic() {
    String shopper = createShopper();
    signIn();
    go("cache");
    By requests = By.id("cache-shoppers-requests");
    By polls = By.id("cache-updated");
    waitFor().until(ExpectedConditions.presenceOfElementLocated(requests));
    long expected = longAttribute(requests, "data-value");
    // Rounds of reads, each seen by a poll, so the chart gets a line; unknown ids add cached misses.
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 10; i++) {
        assertThat(call("GET", "/api/v1/shoppers/" + shopper, ADMIN_KEY, null).status()).isEqualTo(200);
      }
      String absent = unique("absent");
      for (int i = 0; i <= round; i++) {
        assertThat(call("GET", "/api/v1/shoppers/" + absent, ADMIN_KEY, null).status()).isEqualTo(404);
      }
      expected += 11 + round;
      long atLeast = expected;
      long pollsBefore = longAttribute(polls, "data-polls");
      waitFor().until(d -> longAttribute(requests, "data-value") >= atLeast
          && longAttribute(polls, "data-polls") > pollsBefore);
    }
    assertThat(longAttribute(By.id("cache-shoppers-source-loads"), "data-value")).isPositive();
    assertThat(read(By.id("cache-shoppers-redis"), e -> e.getDomAttribute("data-state"))).isEqualTo("down");
    // This service runs without Redis, and the panel says so rather than "down".
    assertThat(read(By.id("cache-shoppers-redis"), WebElement::getText)).contains("Not configured");
    assertThat(read(By.id("cache-shoppers-memory"), e -> e.getDomAttribute("max"))).isEqualTo("1000");
    assertThat(driver.findElements(By.cssSelector("#cache-chart canvas"))).isNotEmpty();
    // The outbox card shows the health component's figures: the relay published the new shopper.
    JsonNode outbox = call("GET", "/actuator/health", ADMIN_KEY, null).json().get("components").get("outbox");
    long published = outbox.get("details").get("published").asLong();
    assertThat(published).isPositive();
    waitFor().until(d -> longAttribute(By.id("cache-outbox-published"), "data-value") >= published);
    assertThat(read(By.id("cache-outbox-status"), e -> e.getDomAttribute("data-state"))).isEqualTo("up");
    assertThat(longAttribute(By.id("cache-outbox-pending"), "data-value")).isNotNegative();
    assertThat(read(By.id("cache-outbox-oldest"), e -> e.getDomAttribute("data-value"))).matches("[0-9]+");
    screenshot("cache");
  }

  private static long longAttribute(By locator, String attribute) {
    String value = read(locator, e -> e.getDomAttribute(attribute));
    return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
  }

  /**
   * Reads from a fresh lookup of the element, and looks it up again if the page replaced it in
   * between: the cache panel redraws its figures on every poll.
   */
  private static String read(By locator, Function<WebElement, String> reader) {
    for (int attempt = 1; ; attempt++) {
      try {
        return reader.apply(driver.findElement(locator));
      } catch (StaleElementReferenceException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  @Test
  void catalogViews_listWhatTheApiHas_orSayTheEndpointIsNotAvailable() {
    signIn();
    record View(String route, String api, String table) {}
    for (View view : List.of(new View("leaderboards", "/api/v1/leaderboards/all-time?limit=25", "leaderboard-table"),
        new View("missions", "/api/v1/missions", "missions-table"),
        new View("rewards", "/api/v1/rewards", "rewards-table"),
        new View("companions", "/api/v1/companions/species", "companions-table"))) {
      go(view.route());
      int status = call("GET", view.api(), ADMIN_KEY, null).status();
      if (status == 404) {
        waitForText(By.cssSelector("#view .not-available"), "not available");
      } else {
        assertThat(status).as(view.api()).isEqualTo(200);
        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id(view.table())));
      }
      screenshot(view.route());
    }
  }

  @Test
  void rewardForm_createsAndEditsAReward_andShowsTheApiValidationMessage_whenTheServerHasRewards() {
    signIn();
    go("rewards");
    if (call("GET", "/api/v1/rewards", ADMIN_KEY, null).status() == 404) {
      waitForText(By.cssSelector("#rewards-list .not-available"), "not available");
      assertThat(driver.findElement(By.id("rewards-form-panel")).isDisplayed()).isFalse();
      return;
    }
    waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("rewards-table")));
    String id = unique("ui-coffee");
    type("rewards-form-id", id);
    type("rewards-form-name-en", "Free coffee");
    type("rewards-form-name-es", "Café gratis");
    type("rewards-form-description-en", "A coffee at any café");
    type("rewards-form-priceCoins", "300");
    type("rewards-form-stock", "10");
    driver.findElement(By.id("rewards-form-submit")).click();
    By row = By.cssSelector("#rewards-table tr[data-id='" + id + "']");
    waitFor().until(ExpectedConditions.presenceOfElementLocated(row));
    JsonNode saved = call("GET", "/api/v1/rewards/" + id, ADMIN_KEY, null).json();
    assertThat(saved.get("names").get("es").asString()).isEqualTo("Café gratis");
    assertThat(saved.get("stock").asLong()).isEqualTo(10);

    driver.findElement(row).findElement(By.cssSelector("button[aria-label='Edit " + id + "']")).click();
    waitFor().until(ExpectedConditions.attributeToBe(By.id("rewards-form-name-es"), "value", "Café gratis"));
    type("rewards-form-priceCoins", "350");
    driver.findElement(By.id("rewards-form-submit")).click();
    waitForText(By.id("rewards-form-status"), "Saved " + id);
    assertThat(call("GET", "/api/v1/rewards/" + id, ADMIN_KEY, null).json().get("priceCoins").asLong()).isEqualTo(350);

    String bad = unique("ui-bad");
    Reply direct = call("POST", "/api/v1/rewards", ADMIN_KEY, "{\"id\":\"" + bad
        + "\",\"name\":{\"en\":\"Bad\"},\"description\":{\"en\":\"Bad\"},\"priceCoins\":-5}");
    assertThat(direct.status()).isEqualTo(400);
    String field = direct.json().get("field").asString();
    type("rewards-form-id", bad);
    type("rewards-form-name-en", "Bad");
    type("rewards-form-description-en", "Bad");
    type("rewards-form-priceCoins", "-5");
    driver.findElement(By.id("rewards-form-submit")).click();
    waitFor().until(ExpectedConditions.textToBe(By.id("rewards-form-" + field + "-error"),
        direct.json().get("detail").asString()));
    assertThat(call("GET", "/api/v1/rewards/" + bad, ADMIN_KEY, null).status()).isEqualTo(404);
    screenshot("rewards-form");
  }

  private void signIn() {
    signInWith(ADMIN_KEY);
    waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("overview-heading")));
  }

  private void signInWith(String key) {
    WebElement input = driver.findElement(By.id("api-key"));
    input.clear();
    input.sendKeys(key);
    driver.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
  }

  private void go(String view) {
    driver.findElement(By.cssSelector("#nav a[data-view='" + view + "']")).click();
    waitFor().until(ExpectedConditions.attributeToBe(By.id("view"), "data-view", view));
  }

  private void type(String id, String text) {
    WebElement input = driver.findElement(By.id(id));
    input.clear();
    input.sendKeys(text);
  }

  private void waitForText(By locator, String text) {
    waitFor().until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
  }

  private static WebDriverWait waitFor() {
    WebDriverWait wait = new WebDriverWait(driver, WAIT);
    // A condition that met an element the page replaced meanwhile is asked again, not failed.
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  private static Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  /** The whole page: the window grows to the document's height first (the next test resets it). */
  private static void screenshot(String name) {
    Dimension window = driver.manage().window().getSize();
    long height = ((Number) js("return document.documentElement.scrollHeight;")).longValue();
    driver.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(4000, Math.max(height + 140,
        window.getHeight()))));
    try {
      Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String base() {
    return "http://localhost:" + port;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
