package io.voyagerota.server.console;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;

/**
 * Debian's headless Chromium through its chromedriver (no browser download), with the few moves the console's
 * test makes: find, type, click, wait for what the page shows, and save a screenshot.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path screenshots;

    Browser(Path screenshots) throws IOException {
        this.screenshots = Files.createDirectories(screenshots);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--lang=en-GB");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        this.driver = new ChromeDriver(service, options);
    }

    void open(String url) {
        driver.get(url);
    }

    String url() {
        return driver.getCurrentUrl();
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    boolean present(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    /** Clicks the element, found again if the page replaced it meanwhile (a refresh redraws its rows). */
    void click(String css) {
        waitUntil(() -> {
            find(css).click();
            return true;
        }, 15, () -> css + " to be clickable");
    }

    /** The text of the first element {@code css} selects, or "" while there is none. */
    String text(String css) {
        return driver.findElements(By.cssSelector(css)).stream().findFirst().map(WebElement::getText).orElse("");
    }

    /** The texts of every element {@code css} selects. */
    List<String> texts(String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    /** Waits up to {@code seconds} for the element's text to contain {@code part}; answers the text. */
    String waitForText(String css, String part, int seconds) {
        return waitUntil(() -> text(css).contains(part) ? text(css) : null, seconds,
                () -> css + " to show \"" + part + "\"; it shows \"" + text(css) + "\"");
    }

    /** Waits up to 15 s for the toast to say {@code part} (read as text: it fades, which hides it from getText). */
    void waitForToast(String part) {
        String read = "return document.getElementById('toast').textContent";
        waitUntil(() -> String.valueOf(script(read)).contains(part) ? true : null, 15,
                () -> "the toast to say \"" + part + "\"; it says \"" + script(read) + "\"");
    }

    /** As above, for up to 15 s: room for a loaded CI machine. */
    String waitForText(String css, String part) {
        return waitForText(css, part, 15);
    }

    <T> T waitUntil(Supplier<T> value, int seconds, Supplier<String> what) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(seconds)).pollingEvery(Duration.ofMillis(100))
                    .ignoring(StaleElementReferenceException.class).until(d -> value.get());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("waited " + seconds + " s for " + what.get(), e);
        }
    }

    Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    /**
     * Text on the page below WCAG's contrast minimum (4.5:1, large text 3:1), one line each; the lowest ratio on the
     * page is printed, for the note that reports it.
     */
    List<String> contrastProblems(String where) throws IOException {
        String audit;
        try (var in = Browser.class.getResourceAsStream("contrast.js")) {
            audit = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        List<?> result = (List<?>) script(audit);
        System.out.println("contrast on " + where + ": lowest " + result.get(0) + ":1");
        return result.subList(1, result.size()).stream().map(String::valueOf).toList();
    }

    /** Fails, naming what sticks out, when the page is wider than the window (so it would scroll sideways). */
    void assertNoSidewaysScroll(String where) {
        Object wide = script("return document.documentElement.scrollWidth <= window.innerWidth ? ''"
                + " : [...document.querySelectorAll('body *')]"
                + ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
                + ".map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 5).join(' ')");
        org.junit.jupiter.api.Assertions.assertEquals("", wide, where + " scrolls sideways; wider than the window: "
                + wide);
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves what the page shows as {@code name}.png. */
    void screenshot(String name) throws IOException {
        Files.write(screenshots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    /**
     * What the page's console logged as errors since the last call — script errors, Content-Security-Policy
     * violations — except the failed loads of answers with the {@code statuses} a test provokes on purpose.
     */
    List<String> errorsExcept(int... statuses) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()
                        || e.getMessage().contains("Content Security Policy"))
                .map(LogEntry::getMessage)
                .filter(m -> java.util.Arrays.stream(statuses)
                        .noneMatch(s -> m.contains("the server responded with a status of " + s)))
                .toList();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
