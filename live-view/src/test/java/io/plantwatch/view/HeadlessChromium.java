package io.plantwatch.view;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's {@code chromium}, headless, driven through Debian's {@code chromedriver} by Selenium.
 * Both paths are given, so Selenium's manager never tries to download a browser or a driver.
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final List<Path> BROWSERS =
      List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/lib/chromium/chromium"));
  private static final List<Path> DRIVERS =
      List.of(Path.of("/usr/bin/chromedriver"), Path.of("/usr/lib/chromium/chromedriver"));

  private final ChromeDriver driver;

  public HeadlessChromium() {
    Path browser = first(BROWSERS, "chromium (apt-get install chromium)");
    Path driverBinary = first(DRIVERS, "chromedriver (apt-get install chromium-driver)");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1400,1000",
        "--lang=en-US");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(driverBinary.toFile()).build();
    this.driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  public WebDriver driver() {
    return driver;
  }

  public WebDriverWait waitUpTo(Duration d) {
    // Pages redraw when the data moves: an element found a moment ago may be gone.
    WebDriverWait wait = new WebDriverWait(driver, d, Duration.ofMillis(200));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return wait;
  }

  /** The whole window as a PNG, for a person to look at later. */
  public Path screenshot(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    return file;
  }

  public Object script(String js, Object... args) {
    return driver.executeScript(js, args);
  }

  /** Pixels a chart's canvas has drawn (not transparent): a chart with points draws hundreds. */
  public long drawnPixels(WebElement chart) {
    Object n =
        script(
            "const c = arguments[0].querySelector('canvas');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n;",
            chart);
    return ((Number) n).longValue();
  }

  /**
   * Fails when anything the data carried ran or became markup: the hostile names in the tests set
   * {@code window.pwned} from an event handler or a script, and are images and SVG when parsed.
   */
  public void assertNothingFromTheDataRan() {
    Object pwned = script("return window.pwned === undefined ? null : window.pwned;");
    org.assertj.core.api.Assertions.assertThat(pwned).as("a script from the data ran").isNull();
    org.assertj.core.api.Assertions.assertThat(
            driver.findElements(org.openqa.selenium.By.cssSelector("main img, main svg")))
        .as("markup from the data")
        .isEmpty();
  }

  /** The running total the pipeline page shows for a stage, or -1 before it shows one. */
  public static long stageTotal(WebDriver d, String stage) {
    List<WebElement> cells =
        d.findElements(
            org.openqa.selenium.By.cssSelector("tr.stage[data-stage='" + stage + "'] td.total"));
    if (cells.isEmpty()) {
      return -1;
    }
    String digits = cells.get(0).getText().replaceAll("[^0-9]", "");
    return digits.isEmpty() ? -1 : Long.parseLong(digits);
  }

  private static Path first(List<Path> candidates, String what) {
    for (Path p : candidates) {
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IllegalStateException("no " + what + " at " + candidates);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
