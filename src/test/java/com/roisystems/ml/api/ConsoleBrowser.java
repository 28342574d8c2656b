package com.roisystems.ml.api;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real headless Chromium (the Debian {@code chromium} and {@code chromium-driver} packages, which {@code .ci/run}
 * installs) driving the admin console of a service under test: open a page, sign in, wait for what the page shows.
 * Waits are explicit ({@link WebDriverWait}); nothing sleeps. A browser that cannot be found fails the test that needs it
 * with the paths it looked at: the browser tests never skip.
 *
 * <p>{@code try (ConsoleBrowser browser = ConsoleBrowser.start(baseUrl)) { browser.signIn(token); ... }}
 */
final class ConsoleBrowser implements AutoCloseable {

    /** Where Debian installs them; {@code -Droi.chromium=...}, {@code -Droi.chromedriver=...} (or CHROME_BIN, CHROMEDRIVER) point elsewhere. */
    private static final String CHROMIUM = setting("roi.chromium", "CHROME_BIN", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = setting("roi.chromedriver", "CHROMEDRIVER", "/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(60);

    private final ChromeDriver driver;
    private final String baseUrl;

    private ConsoleBrowser(ChromeDriver driver, String baseUrl) {
        this.driver = driver;
        this.baseUrl = baseUrl;
    }

    private static String setting(String property, String variable, String fallback) {
        String value = System.getProperty(property, System.getenv(variable));
        return value == null || value.isBlank() ? fallback : value;
    }

    static ConsoleBrowser start(String baseUrl) {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException("The browser tests need Chromium at " + CHROMIUM + " and its driver at " + CHROMEDRIVER
                    + ": install the Debian packages chromium and chromium-driver (.ci/run does), or set -Droi.chromium and -Droi.chromedriver");
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
                // Root in a container has no user namespace sandbox; /dev/shm there is small.
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000",
                        "--disable-search-engine-choice-screen", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new ConsoleBrowser(new ChromeDriver(service, options), baseUrl);
    }

    /** Opens {@code /admin/#page} in the current tab, as a fresh load (the page's modules run again). */
    void open(String page) {
        driver.get(baseUrl + "/admin/#" + page);
        driver.navigate().refresh();
    }

    /** A new tab, which has its own session storage: it is signed out until it signs in. */
    String newTab() {
        driver.switchTo().newWindow(WindowType.TAB);
        return driver.getWindowHandle();
    }

    String currentTab() {
        return driver.getWindowHandle();
    }

    void switchTo(String tab) {
        driver.switchTo().window(tab);
    }

    /** Closes every tab but the current one. */
    void closeOtherTabs() {
        String keep = driver.getWindowHandle();
        for (String handle : driver.getWindowHandles()) {
            if (!handle.equals(keep)) {
                driver.switchTo().window(handle);
                driver.close();
            }
        }
        driver.switchTo().window(keep);
    }

    /** Signs in on the sign-in form of {@code page}, then waits for the page's heading. */
    void signIn(String token, String page) {
        driver.get(baseUrl + "/admin/#" + page);
        // A tab that was signed in before starts signed out: the token lives in the tab's session storage only.
        script("sessionStorage.clear()");
        driver.navigate().refresh();
        WebElement field = until(visible(By.id("token")));
        field.sendKeys(token);
        driver.findElement(By.id("sign-in-button")).click();
        until(visible(By.cssSelector("#page-" + page + " h2")));
    }

    /**
     * Waits until {@code condition} holds (or fails after {@link #WAIT}) and returns its value. Pages redraw their tables
     * on live pushes, so an element gone stale while a condition read it means: look again.
     */
    <T> T until(ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
    }

    static ExpectedCondition<WebElement> visible(By locator) {
        return driver -> {
            List<WebElement> found = driver.findElements(locator);
            return !found.isEmpty() && found.get(0).isDisplayed() ? found.get(0) : null;
        };
    }

    WebElement find(By locator) {
        return driver.findElement(locator);
    }

    List<WebElement> findAll(By locator) {
        return driver.findElements(locator);
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    WebDriver driver() {
        return driver;
    }

    /** Saves what the tab shows as a PNG (the README's screenshots are these). */
    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
