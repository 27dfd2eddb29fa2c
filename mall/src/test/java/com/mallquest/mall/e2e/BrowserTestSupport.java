package com.mallquest.mall.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.mallquest.mall.api.ApiTestSupport;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
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
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's browser tests: Debian's headless Chromium and its chromedriver (no browser or
 * driver download: both paths are given to Selenium), one browser for every test class in the run
 * (kept in JUnit's root store, quit at the end), against the service on a random port. Skips when
 * Chromium is not installed, except under {@code CI=true}, where that fails. Screenshots go to
 * {@code target/screenshots/}.
 *
 * <p>After every test: no console error (a CSP violation is one), except API answers the test
 * provoked on purpose (4xx under {@code /api/v1/}, which the page shows as messages); the key in
 * neither the URL, the URLs the page fetched, nor {@code localStorage}.
 */
@ExtendWith(BrowserTestSupport.Chromium.class)
abstract class BrowserTestSupport extends ApiTestSupport {

  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final Duration WAIT = Duration.ofSeconds(20);
  static final Dimension DESKTOP = new Dimension(1366, 1000);
  static final Dimension NARROW = new Dimension(800, 1000);

  /** Console messages the page may log: the browser's report of an API answer the page handles. */
  private static final Pattern HANDLED_API_ANSWER =
      Pattern.compile(
          ".*/api/v1/\\S* - Failed to load resource: the server responded with a status of (400|401|403|404|409|422).*");

  static WebDriver driver;

  /** Starts the one browser of the run, or skips. */
  static final class Chromium implements BeforeAllCallback {
    private static final Path CHROMIUM = Path.of(env("CHROMIUM_BINARY", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
        Path.of(env("CHROMEDRIVER_PATH", "/usr/bin/chromedriver"));

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
      boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
      String missing =
          "Chromium or chromedriver is not installed ("
              + CHROMIUM
              + ", "
              + CHROMEDRIVER
              + "): apt-get install -y chromium chromium-driver";
      if (!present) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
          fail(missing + " (CI=true, so this fails instead of skipping)");
        }
        Assumptions.abort(missing + ": skipping");
      }
      context
          .getRoot()
          .getStore(ExtensionContext.Namespace.GLOBAL)
          .computeIfAbsent(
              Session.class, k -> Session.start(CHROMIUM, CHROMEDRIVER), Session.class);
    }
  }

  /**
   * The browser, its driver service and its fresh profile directory; closed once, after the last
   * test class.
   */
  private record Session(ChromeDriverService service, Path profile) implements AutoCloseable {

    static Session start(Path chromium, Path chromedriver) {
      try {
        Path profile = Files.createTempDirectory("dashboard-chromium-");
        ChromeDriverService service =
            new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--user-data-dir=" + profile,
            "--window-size=1366,1000");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        driver = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
        return new Session(service, profile);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      try {
        driver.quit();
      } finally {
        service.stop();
        try (var files = Files.walk(profile)) {
          files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
      }
    }
  }

  @BeforeEach
  void freshTab() {
    driver.manage().window().setSize(DESKTOP);
    driver.get(base() + "/dashboard/");
    js("sessionStorage.clear(); localStorage.clear();");
    driver.navigate().refresh();
    waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
    driver.manage().logs().get(LogType.BROWSER); // drop what came before this test
  }

  @AfterEach
  void noConsoleErrorsAndTheKeyStaysInTheTab() {
    List<String> errors =
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
            .map(LogEntry::getMessage)
            .filter(m -> !HANDLED_API_ANSWER.matcher(m).matches())
            .toList();
    assertThat(errors).as("console errors (CSP violations included)").isEmpty();
    assertThat(driver.getCurrentUrl()).doesNotContain(ADMIN_KEY);
    assertThat(js("return JSON.stringify(Object.assign({}, localStorage));").toString())
        .doesNotContain(ADMIN_KEY);
    assertThat(
            js("return performance.getEntriesByType('resource').map(e => e.name).join(' ');")
                .toString())
        .doesNotContain(ADMIN_KEY);
  }

  void signIn() {
    signInWith(ADMIN_KEY);
    waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("overview-heading")));
  }

  void signInWith(String key) {
    WebElement input = driver.findElement(By.id("api-key"));
    input.clear();
    input.sendKeys(key);
    driver.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
  }

  void go(String view) {
    driver.findElement(By.cssSelector("#nav a[data-view='" + view + "']")).click();
    waitFor().until(ExpectedConditions.attributeToBe(By.id("view"), "data-view", view));
  }

  void type(String id, String text) {
    WebElement input = driver.findElement(By.id(id));
    input.clear();
    input.sendKeys(text);
  }

  void waitForText(By locator, String text) {
    waitFor().until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
  }

  static WebDriverWait waitFor() {
    WebDriverWait wait = new WebDriverWait(driver, WAIT);
    // A condition that met an element the page replaced meanwhile is asked again, not failed.
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  static Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /**
   * The page is no wider than the window: nothing scrolls sideways but inside a table's own scroll
   * box.
   */
  static void assertNoHorizontalScroll(String where) {
    // Layout settles after the content arrives (a scroll bar appears, charts resize): wait, then
    // say what stuck out.
    try {
      waitFor()
          .until(
              d ->
                  ((Boolean)
                      js(
                          "return document.documentElement.scrollWidth"
                              + " <= document.documentElement.clientWidth;")));
    } catch (org.openqa.selenium.TimeoutException e) {
      Object widest =
          js(
              "const w = document.documentElement.clientWidth; return [...document.querySelectorAll('body *')]"
                  + ".filter(e => e.getBoundingClientRect().right > w).slice(-3).map(e => e.tagName + '#' + e.id + '.'"
                  + " + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ');");
      long scrollWidth = ((Number) js("return document.documentElement.scrollWidth;")).longValue();
      long clientWidth = ((Number) js("return document.documentElement.clientWidth;")).longValue();
      assertThat(scrollWidth)
          .as("page width of %s at %d px; sticking out: %s", where, clientWidth, widest)
          .isLessThanOrEqualTo(clientWidth);
    }
  }

  /**
   * Reads from a fresh lookup of the element, and looks it up again if the page replaced it in
   * between (panels that redraw on every poll).
   */
  static String read(By locator, Function<WebElement, String> reader) {
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

  /** The whole page: the window grows to the document's height first, then returns to its size. */
  static void screenshot(String name) {
    Dimension window = driver.manage().window().getSize();
    long height = ((Number) js("return document.documentElement.scrollHeight;")).longValue();
    driver
        .manage()
        .window()
        .setSize(
            new Dimension(
                window.getWidth(),
                (int) Math.min(4000, Math.max(height + 140, window.getHeight()))));
    try {
      Files.write(
          SCREENSHOTS.resolve(name + ".png"),
          ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      driver.manage().window().setSize(window);
    }
  }

  String base() {
    return "http://localhost:" + port;
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
