package io.voyagerota.server.console;

import io.voyagerota.server.TestServers;
import io.voyagerota.signing.SigningKey;
import org.openqa.selenium.support.ui.Select;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The part of the console walk where releases must be signed: a product created with a release key, an upload that
 * validation holds back for want of a signature, the manifest shown and downloadable, a wrong signature refused,
 * the right one (made here, where the key is, as an operator's signing machine would) recorded, and the release
 * then stageable. Leaves the console on {@code back}, the product it came from.
 */
final class SigningWalk {
    private SigningWalk() {
    }

    static void run(Browser b, Path firmware, String back) throws Exception {
        SigningKey key = SigningKey.generate();
        b.click("details:has(#product-form) > summary");
        b.type("#product-id", "signed-locker");
        b.type("#product-name", "Signed locker");
        b.type("#model-name", TestServers.MODEL);
        new Select(b.find("#model-chip")).selectByValue("esp32s3");
        assertEquals("Release public key (PEM; optional: releases must then be signed)",
                b.find("#release-key").getAccessibleName());
        b.type("#release-key", key.verifyingKey().toPem().strip());
        b.click("#create-product");
        b.waitForText("#release-list", "No releases yet");
        assertTrue(b.text("#product").contains("Signed locker (signed-locker)"), b.text("#product"));

        b.type("#release-version", "1.1.0");
        b.find("#release-file").sendKeys(firmware.toAbsolutePath().toString());
        b.click("#upload");
        b.waitForText("#upload-result", "validation failed");
        String row = "#releases tr[data-version='1.1.0']";
        assertTrue(b.waitForText(row + " td.validation", "signature").contains("signature"), b.text(row));
        assertFalse(b.present(row + " button[data-action='stage']"), "unsigned: not stageable");

        b.click(row + " button[data-action='sign']");
        b.waitForText("#dlg-title", "Sign 1.1.0's manifest?"); // after the manifest came
        String manifest = String.valueOf(b.script("return document.getElementById('manifest-text').textContent"));
        assertTrue(manifest.startsWith("voyager-manifest 1\n") && manifest.contains("product signed-locker\n"),
                manifest);
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                b.text("#manifest-sha256"), "the digest shown is of the text shown");
        assertTrue(b.find("#manifest-download").getDomAttribute("href").startsWith("blob:"));
        b.type("#dlg-signature", key.sign("another manifest".getBytes(StandardCharsets.UTF_8)).base64());
        b.click("#dlg-confirm");
        b.waitForToast("does not verify");
        assertFalse(b.present(row + " button[data-action='stage']"), "a wrong signature changes nothing");

        b.click(row + " button[data-action='sign']");
        b.waitForText("#dlg-title", "Sign 1.1.0's manifest?");
        b.type("#dlg-signature", key.sign(bytes).base64());
        b.click("#dlg-confirm");
        b.waitForToast("Signature recorded for 1.1.0: validation passed.");
        b.waitForText(row + " td.validation", "passed");
        b.waitForText("#upload-result", "1.1.0 passes validation now");
        assertTrue(b.present(row + " button[data-action='stage']"), "signed: stageable");
        assertFalse(b.present(row + " button[data-action='sign']"), "nothing left to sign");
        b.screenshot("17-release-signed");

        new Select(b.find("#product")).selectByValue(back);
        b.waitForText("#release-list", "1.2.0");
    }
}
