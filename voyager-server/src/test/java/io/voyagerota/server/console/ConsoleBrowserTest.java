package io.voyagerota.server.console;

import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.rollout.RolloutGuard;
import io.voyagerota.server.TestServers;
import io.voyagerota.server.VoyagerServer;
import io.voyagerota.testing.images.GeneratedFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin console in a real browser against {@code voyager serve} in-process, walked as an operator does: a
 * wrong token refused, sign in, create a product, upload an image by the file input (after a file dropped on the
 * drop zone is taken), stage it, promote it to 10%,
 * watch the rollout's counts change as devices update over the device API (no reload), pause, resume and widen it,
 * read the fleet and a device's history, revoke the release, upload a file that fails validation, and the
 * rollouts page at a phone's width. Screenshots of each page go to target/console-screenshots/.
 */
class ConsoleBrowserTest {
    private static final String TOKEN = "console-test-admin-token-0123456789abcdef";
    private static final int DEVICES = 150;

    @TempDir
    Path data;

    @Test
    @Timeout(120)
    void anOperatorWalksAReleaseFromUploadToRevocation() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Browser.CHROMIUM), Browser.CHROMIUM + " is absent: the console's"
                + " browser test needs Debian's chromium and chromium-driver (.ci/run installs them)");
        GeneratedFile image = TestServers.image("1.1.0", 200_000);
        Path firmware = Files.write(data.resolve("locker-1.1.0.bin"), image.bytes());
        try (VoyagerServer server = TestServers.start(data.resolve("server"), new ByteArrayOutputStream(),
                b -> b.adminToken(Optional.of(TOKEN)));
             Browser b = new Browser(Path.of("target", "console-screenshots"))) {
            String console = server.url() + "/console/";
            b.open(console);
            b.waitForText("h1", "Sign in");
            b.screenshot("01-sign-in");
            assertEquals(List.of(), b.contrastProblems("sign-in"), "text below WCAG AA contrast");
            b.script("const probe = document.createElement('p'); probe.id = 'contrast-probe';"
                    + " probe.textContent = 'faint text'; probe.style.color = '#aaaaaa'; document.body.append(probe);");
            List<String> probed = b.contrastProblems("a probe of #aaa on the page");
            assertTrue(probed.size() == 1 && probed.get(0).startsWith("2.") && probed.get(0).contains("faint text"),
                    "the audit finds text too faint to read: " + probed);
            b.script("document.getElementById('contrast-probe').remove()");

            b.type("#token", "not-the-token\n"); // Enter submits, as a keyboard user would
            assertTrue(b.waitForText("#signin-error", "refused").contains("That admin token was refused"));
            assertFalse(b.find("#topbar").isDisplayed(), "nothing usable without the token");
            b.screenshot("02-wrong-token");

            b.type("#token", TOKEN);
            b.click("#signin");
            b.waitForText("h1", "Create your first product");
            assertEquals(TOKEN, b.script("return sessionStorage.getItem('voyager.adminToken')"));
            assertEquals(0L, b.script("return localStorage.length"), "the token is not in localStorage");
            assertFalse(b.url().contains(TOKEN), "nor in the URL");

            b.type("#product-id", TestServers.PRODUCT);
            b.type("#product-name", "Smart locker");
            b.type("#model-name", TestServers.MODEL);
            new Select(b.find("#model-chip")).selectByValue("esp32s3");
            b.click("#create-product");
            b.waitForText("h1", "Releases");
            b.waitForText("#release-list", "No releases yet");
            assertTrue(b.text("#product").contains("Smart locker (locker)"));

            b.type("#release-version", "1.1.0");
            b.type("#release-changelog", "Fixes the **door sensor** debounce.\n\n- <script>alert(1)</script> stays"
                    + " text\n- `lock --now` works");
            b.waitForText("#changelog-preview strong", "door sensor");
            b.script("const files = new DataTransfer();"
                    + " files.items.add(new File([new Uint8Array(4096)], 'dropped.bin'));"
                    + " const drop = new DragEvent('drop', {dataTransfer: files, bubbles: true, cancelable: true});"
                    + " document.getElementById('dropzone').dispatchEvent(drop);");
            assertEquals("dropped.bin (4096 bytes)", b.text("#file-chosen"), "a file dropped on the zone is taken");
            b.find("#release-file").sendKeys(firmware.toAbsolutePath().toString());
            assertTrue(b.text("#file-chosen").contains("locker-1.1.0.bin (" + image.size() + " bytes)"));
            String model = "#release-model-" + TestServers.MODEL;
            assertEquals("locker-s3 (esp32s3)", b.find(model).getAccessibleName());
            assertEquals("true", b.find(model).getDomProperty("checked"), "every model by default");
            b.click(model);
            b.click("#upload");
            b.waitForText("#upload-result", "Pick at least one model");
            b.click(model);
            b.click("#upload");
            b.waitForText("#upload-result", "validation passed");
            assertEquals("100", b.find("#upload-progress").getDomProperty("value"));
            assertEquals("100%", b.text("#upload-percent"));
            String row = "#releases tr[data-version='1.1.0']";
            b.waitForText(row + " td.state", "draft");
            assertEquals("every model", b.text(row + " .models"),
                    "with every model ticked the release fits every model, also ones added later");
            b.click(row + " details summary");
            assertEquals("door sensor", b.text(row + " .markdown strong"));
            assertTrue(b.text(row + " .markdown li").contains("<script>alert(1)</script> stays text"),
                    "markup in a changelog shows as text");
            assertFalse(b.present(row + " .markdown script"), "and is never an element");
            b.screenshot("03-releases-uploaded");
            assertEquals(List.of(), b.contrastProblems("releases"), "text below WCAG AA contrast");

            b.click(row + " button[data-action='stage']");
            assertEquals("dlg-cancel", b.script("return document.activeElement.id"), "focus starts on Cancel");
            b.find("#dlg-cancel").sendKeys(Keys.ESCAPE);
            b.waitUntil(() -> !b.present("dialog") ? true : null, 5, () -> "Escape to close the dialog");
            assertTrue(b.text(row + " td.state").contains("draft"), "cancelled: nothing changed");
            b.click(row + " button[data-action='stage']");
            assertTrue(b.waitForText("#dlg-message", "tester").contains("Nobody else is offered it"));
            b.screenshot("04-stage-confirmation");
            assertEquals(List.of(), b.contrastProblems("a confirmation"), "text below WCAG AA contrast");
            b.click("#dlg-confirm");
            b.waitForText(row + " td.state", "staging");

            b.click(row + " button[data-action='promote']");
            b.waitForText("#dlg-title", "Promote 1.1.0 to production?");
            b.type("#dlg-percent", "10");
            b.type("#dlg-stages", "50, 100");
            b.type("#dlg-soak", "PT1H");
            // a low failure threshold over a sample of 2, so that one more failure pauses the rollout
            b.type("#dlg-pauseAt", "4");
            b.type("#dlg-minSample", "2");
            assertEquals("Or a staged plan: later stages (%), e.g. 50, 100", b.find("#dlg-stages").getAccessibleName());
            b.screenshot("05-promote-confirmation");
            b.click("#dlg-confirm");
            b.waitForText(row + " td.state", "production");
            RolloutGuard guard = server.voyager().rollouts().list(TestServers.PRODUCT).get(0).guard();
            assertEquals(0.04, guard.pauseAtFailureRate(), 1e-9, "the guard set in the dialog");
            assertEquals(2, guard.minSample());

            b.click("#nav a[data-page='rollouts']");
            String rollout = "#rollouts tbody tr";
            b.waitForText(rollout + " [data-field='version']", "1.1.0");
            assertEquals("10", b.text(rollout + " [data-field='percent']"));
            assertTrue(b.text(rollout).contains("staged plan, stage 1 of 3") && b.text(rollout).contains("active"),
                    b.text(rollout));
            assertEquals("0", b.text(rollout + " [data-field='successes']"));
            String plan = "#plans section.plan";
            assertEquals("1.1.0: stage 1 of 3", b.waitForText(plan + " h2", "stage 1 of 3"));
            assertEquals(List.of("10%", "50%", "100%"), b.texts(plan + " .stage .value"));
            assertEquals("10%", b.text(plan + " .stage.current .value"));
            assertTrue(b.text(plan + " .soak").matches("Soak left: (59 min|1 h)\\."), b.text(plan + " .soak"));
            assertEquals("Gate: advances when the success rate is at least 95% — now 100%, passing.",
                    b.text(plan + " .gate"));
            b.click(rollout + " button[data-action='edit-plan']");
            assertTrue(b.waitForText("#dlg-message", "Stages reached").startsWith("Stages reached stay as they are:"
                    + " 10%."), b.text("#dlg-message"));
            assertEquals("50, 100", b.find("#dlg-ahead").getDomProperty("value"));
            assertEquals("Stages still to come (%), e.g. 50, 100", b.find("#dlg-ahead").getAccessibleName());
            b.type("#dlg-ahead", "30, 60, 100");
            b.type("#dlg-soak", "PT2H");
            b.click("#dlg-confirm");
            b.waitForToast("Plan saved: 10% → 30% → 60% → 100%.");
            b.waitForText(plan + " h2", "stage 1 of 4");
            assertEquals(List.of("10%", "30%", "60%", "100%"), b.texts(plan + " .stage .value"));
            assertTrue(b.text(plan + " .soak").matches("Soak left: (1 h 59 min|2 h)\\."), b.text(plan + " .soak"));
            b.script("window.consoleWalk = 'same page'");

            HttpFleet fleet = new HttpFleet(server.url(), TOKEN, TestServers.PRODUCT, TestServers.MODEL);
            fleet.enrol("locker", DEVICES);
            List<String> offered = fleet.check("1.0.0", "1.1.0");
            // Binomial(150, 0.1): fewer than 2 offers happens with probability below 1e-5.
            assertTrue(offered.size() >= 2 && offered.size() < DEVICES / 4, "about 10% offered: " + offered.size());
            fleet.report(offered.get(0), "1.0.0", "1.1.0", false);
            for (String id : offered.subList(1, offered.size())) {
                fleet.report(id, "1.0.0", "1.1.0", true);
            }
            String successes = String.valueOf(offered.size() - 1);
            b.waitForText(rollout + " [data-field='successes']", successes, 30); // polls every 5 s
            assertEquals(successes, b.text(rollout + " [data-field='successes']"));
            b.waitForText(rollout + " [data-field='failures']", "1");
            b.waitForText(rollout + " [data-field='updated']", successes);
            assertTrue(b.find(rollout + " [data-field='updated']").getDomAttribute("title")
                    .startsWith("Devices counted at "), "the cell says when the server counted its devices");
            assertEquals("same page", b.script("return window.consoleWalk"), "the counts changed without a reload");
            long rate = Math.round(1000.0 * (offered.size() - 1) / offered.size());
            String shown = rate % 10 == 0 ? String.valueOf(rate / 10) : String.valueOf(rate / 10.0);
            b.waitForText(plan + " .gate", "now " + shown + "%, "
                    + (rate >= 950 ? "passing" : "not passing"));
            b.screenshot("06-rollouts-live");
            assertEquals(List.of(), b.contrastProblems("rollouts"), "text below WCAG AA contrast");

            b.click(rollout + " button[data-action='roll-back']");
            String onIt = successes + (successes.equals("1") ? " device" : " devices") + " on it keep running it";
            assertTrue(b.waitForText("#dlg-message", "Revoke 1.1.0: " + onIt)
                    .contains("no earlier production release"), b.text("#dlg-message"));
            b.click("#dlg-cancel");

            b.click(rollout + " button[data-action='pause']");
            b.type("#dlg-reason", "checking the flash-write failure");
            b.click("#dlg-confirm");
            b.waitForText(rollout, "paused");
            assertTrue(b.text(rollout).contains("Reason: checking the flash-write failure"));
            b.click(rollout + " button[data-action='resume']");
            b.waitForText("#dlg-message", "offered the release again");
            b.click("#dlg-confirm");
            b.waitForText(rollout, "active");
            b.click(rollout + " button[data-action='widen']");
            b.type("#dlg-percent", "25");
            b.click("#dlg-confirm");
            b.waitForText(rollout + " [data-field='percent']", "25");
            assertTrue(b.text(rollout).contains("percentage"), "widening ended the plan: " + b.text(rollout));
            assertFalse(b.present(plan), "no plan is drawn once it ended");

            List<String> more = fleet.check("1.0.0", "1.1.0", offered);
            assertFalse(more.isEmpty(), "widening to 25% admits more devices");
            fleet.report(more.get(0), "1.0.0", "1.1.0", false);
            String alert = b.waitForText("#alerts [data-alert='paused']", "paused itself", 20);
            assertTrue(alert.startsWith("The rollout of 1.1.0 paused itself: failure rate"), alert);
            b.waitForText(rollout, "paused");
            assertEquals("same page", b.script("return window.consoleWalk"), "the alert came without a reload");
            b.screenshot("07-rollout-paused-itself");
            b.click(rollout + " button[data-action='resume']");
            b.click("#dlg-confirm");
            b.waitForText(rollout, "active");
            b.waitUntil(() -> b.present("#alerts li") ? null : true, 10, () -> "the alert to go once resumed");

            b.click("#nav a[data-page='fleet']");
            b.waitForText("#fleet-devices .value", String.valueOf(DEVICES));
            assertEquals(successes, b.text("#fleet-succeeded .value"));
            assertEquals("2", b.text("#fleet-failed .value"));
            String versions = b.find("#fleet-summary svg.chart").getDomAttribute("aria-label");
            assertEquals("Devices by version: 1.0.0 " + (DEVICES - offered.size() + 1) + ", 1.1.0 " + successes,
                    versions);
            assertTrue(b.present("#fleet-summary svg.chart rect.fail"), "the failure is on the timeline");
            int outcomes = offered.size() - 1 + 2;
            assertEquals(String.valueOf(outcomes), b.text("#fleet-today .value"), "every outcome came today");
            assertEquals(String.valueOf(outcomes), b.text("#fleet-month .value"));
            assertEquals("Failures by error code: flash-write 2",
                    b.find("#failure-codes svg.chart").getDomAttribute("aria-label"));
            assertEquals("1.2 s", b.text("#download-time .value"), "each report measured 200 kB in 1.2 s");
            assertEquals("163 KiB/s", b.text("#download-speed .value"));
            b.waitForText("#devices", offered.get(1));
            b.screenshot("08-fleet");
            assertEquals(List.of(), b.contrastProblems("fleet"), "text below WCAG AA contrast");
            assertEquals("From (UTC day)", b.find("#stats-from").getAccessibleName());
            b.script("document.getElementById('stats-from').value = '2020-01-01';"
                    + " document.getElementById('stats-to').value = '2020-01-31';");
            b.click("#stats-apply");
            b.waitForText("#timeline-title", "2020-01-01 to 2020-01-31");
            assertEquals("0", b.text("#fleet-succeeded .value"), "no outcomes in that range");
            assertEquals(String.valueOf(DEVICES), b.text("#fleet-devices .value"), "versions are of now");
            b.script("document.getElementById('stats-from').value = '2020-01-01';"
                    + " document.getElementById('stats-to').value = '2021-06-01';");
            b.click("#stats-apply");
            assertTrue(b.waitForText("#fleet-summary .error", "366").contains("366"), b.text("#fleet-summary"));

            b.click("#devices a[href='#/devices/" + offered.get(0) + "']");
            b.waitForText("#history", "FAILED");
            assertTrue(b.text("#device-details").contains("FAILED"), b.text("#device-details"));
            assertTrue(b.text("#history").contains("flash-write: write failed at 0x10000"));
            assertEquals("Tags, separated by commas or spaces", b.find("#device-tags").getAccessibleName());
            b.type("#device-tags", "Tester, north-wing");
            b.click("#save-tags");
            b.waitForToast("Tags saved: north-wing, tester.");
            b.waitForText("#device-details", "north-wing, tester");
            assertEquals("north-wing, tester", b.find("#device-tags").getDomProperty("value"), "as stored: folded, sorted");
            b.click("#issue-credential");
            b.waitForText("#dlg-message", "shown once");
            b.click("#dlg-confirm");
            String secret = b.waitUntil(() -> b.text("#secret-value").length() > 20 ? b.text("#secret-value") : null, 10,
                    () -> "the secret");
            assertTrue(b.text("#device-secret").contains("it is not shown again"));
            assertEquals("Copy the secret", b.find("#copy-secret").getAccessibleName());
            b.screenshot("09-device");
            assertEquals(List.of(), b.contrastProblems("a device"), "text below WCAG AA contrast");
            b.click("#revoke-credential");
            b.click("#dlg-confirm");
            b.waitForToast("Credential revoked");
            assertFalse(b.present("#secret-value"), "the secret is gone from the page");
            assertFalse(b.text("#device-directory").contains(secret));

            b.click("#nav a[data-page='releases']");
            b.click(row + " button[data-action='revoke']");
            assertTrue(b.waitForText("#dlg-message", "cannot be undone").startsWith("Revoke 1.1.0: " + onIt),
                    b.text("#dlg-message"));
            b.type("#dlg-reason", "flash-write failures on locker-s3");
            b.screenshot("10-revoke-confirmation");
            b.click("#dlg-confirm");
            b.waitForText(row + " td.state", "revoked");
            assertTrue(b.text(row).contains("Reason: flash-write failures on locker-s3"));
            b.screenshot("11-releases-revoked");

            Path junk = Files.write(data.resolve("not-an-image.bin"), new byte[8192]);
            b.type("#release-version", "1.2.0");
            b.find("#release-file").sendKeys(junk.toAbsolutePath().toString());
            b.click("#upload");
            assertTrue(b.waitForText("#upload-result", "validation failed").startsWith("Uploaded 1.2.0"));
            b.waitForText("#releases tr[data-version='1.2.0'] td.validation", "failed");
            assertFalse(b.present("#releases tr[data-version='1.2.0'] button[data-action='stage']"),
                    "a draft that failed validation cannot be staged");
            b.click("#releases tr[data-version='1.2.0'] button[data-action='delete']");
            assertTrue(b.waitForText("#dlg-message", "Delete 1.2.0: 0 devices on it").contains("can be restored"));
            b.click("#dlg-confirm");
            b.waitUntil(() -> b.present("#releases tr[data-version='1.2.0']") ? null : true, 10, () -> "1.2.0 gone");
            b.click("#deleted-releases summary");
            b.click("#deleted tr[data-version='1.2.0'] button[data-action='restore']");
            b.waitForText("#dlg-message", "it comes back as draft");
            b.screenshot("12-restore-confirmation");
            b.click("#dlg-confirm");
            b.waitForText("#releases tr[data-version='1.2.0'] td.state", "draft");
            assertFalse(b.present("#deleted-releases"), "no deleted release left");
            SigningWalk.run(b, firmware, TestServers.PRODUCT);

            // an alert whose delivery failed: with no webhook configured the relay has no handler for it and fails it
            OutboxEvent webhook = OutboxEvent.pending("alert.webhook", "rollout-of-1.1.0", "{}", Instant.now());
            server.voyager().registry().outbox().append(List.of(webhook));
            String hook = webhook.id();
            b.waitForText("#alerts [data-alert='webhook']", "1 alert webhook could not be delivered", 20);
            b.click("#alerts a[href='#/operations']");
            String event = "#outbox tr[data-event='" + hook + "']";
            assertTrue(b.waitForText(event, "alert.webhook").contains("no handler is registered"), b.text(event));
            assertTrue(b.text("#outbox-counts").contains("failed 1"), b.text("#outbox-counts"));
            assertEquals("Events in state", b.find("#outbox-state").getAccessibleName());
            assertEquals("Discard alert.webhook " + hook, b.find(event + " [data-action='discard']").getAccessibleName());
            b.waitForText("#housekeeping-facts", "every PT");
            b.screenshot("13-operations");
            assertEquals(List.of(), b.contrastProblems("operations"), "text below WCAG AA contrast");
            b.click(event + " [data-action='resubmit']");
            b.click("#dlg-confirm");
            b.waitForToast("Event resubmitted");
            b.waitUntil(() -> { // no handler: failed again at once
                b.click("#outbox-refresh");
                return b.text(event + " .badge").equals("failed") ? true : null;
            }, 15, () -> "the resubmitted event to fail again");
            b.find(event + " [data-action='discard']").sendKeys(Keys.ENTER); // by keyboard
            assertEquals("dlg-reason", b.script("return document.activeElement.id"), "focus starts on the reason");
            b.find("#dlg-reason").sendKeys("no webhook is configured on this server");
            b.find("#dlg-reason").sendKeys(Keys.TAB, Keys.TAB, Keys.ENTER); // Cancel, then Discard
            b.waitForText("#outbox-list", "No failed events.");
            b.waitUntil(() -> b.present("#alerts li") ? null : true, 10, () -> "the webhook alert to go");
            new Select(b.find("#outbox-state")).selectByValue("discarded");
            assertTrue(b.waitForText(event, "discarded").contains("no webhook is configured on this server"));
            b.click("#housekeeping-run");
            b.click("#dlg-confirm");
            b.waitForToast("Housekeeping ran");
            b.waitForText("#housekeeping-facts", "no problems");

            b.resize(390, 844);
            b.click("#nav a[data-page='rollouts']");
            b.waitForText(rollout + " [data-field='version']", "1.1.0");
            assertTrue(b.waitForText(rollout, "revoked").contains("The release is revoked."));
            assertFalse(b.present(rollout + " button"), "no pause or widen for a revoked release's rollout");
            b.assertNoSidewaysScroll("the rollouts page at a phone's width (tables scroll in their box)");
            b.screenshot("14-phone-rollouts");
            assertEquals(List.of(), b.contrastProblems("rollouts at a phone's width"), "text below WCAG AA contrast");
            b.click("#nav a[data-page='releases']");
            b.waitForText(row + " td.state", "revoked");
            b.assertNoSidewaysScroll("the releases page at a phone's width");
            b.screenshot("15-phone-releases");
            b.click("#nav a[data-page='operations']");
            b.waitForText("#housekeeping-facts", "no problems");
            b.screenshot("16-phone-operations");
            b.assertNoSidewaysScroll("the operations page at a phone's width");
            assertEquals("Product", b.find("#product").getAccessibleName());
            assertEquals("Sign out", b.find("#sign-out").getAccessibleName());

            b.click("#sign-out");
            b.waitForText("h1", "Sign in");
            assertEquals(null, b.script("return sessionStorage.getItem('voyager.adminToken')"));
            assertEquals(List.of(), b.errorsExcept(401, 422), "no script error or policy violation on the way");
        }
    }
}
