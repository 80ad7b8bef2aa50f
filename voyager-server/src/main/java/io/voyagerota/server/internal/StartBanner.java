package io.voyagerota.server.internal;

import org.slf4j.Logger;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;

/** What the server tells its operator about the admin token and the offer key. */
public final class StartBanner {
    private StartBanner() {
    }

    /** One log line on where the accepted admin token came from and how to replace it. */
    public static void logTokenOrigin(Logger log, AdminTokens tokens, Path hashFile) {
        switch (tokens.origin()) {
            case CONFIGURED -> log.info("admin token: from configuration (admin.token); its SHA-256 is kept in {}",
                    hashFile);
            case CONFIGURED_HASH -> log.info("admin token: the one whose SHA-256 is configured"
                    + " (admin.token-sha256); kept in {}", hashFile);
            case STORED -> log.info("admin token: the one shown at first start (its SHA-256 is in {}); to set a new"
                    + " one, set VOYAGER_ADMIN_TOKEN (or admin.token) and restart, or delete that file and restart"
                    + " to have one generated and shown", hashFile);
            case GENERATED -> log.info("admin token: generated now and shown once below; only its SHA-256 is kept,"
                    + " in {}", hashFile);
        }
    }

    /**
     * Shows a generated admin token, once, with what to do with it, and the offer key devices must be built with;
     * prints nothing otherwise.
     */
    public static void print(PrintStream console, URI apiUrl, AdminTokens tokens, Path hashFile, OfferKey offerKey) {
        if (tokens.generated().isEmpty()) {
            return;
        }
        String token = tokens.generated().get();
        // The client assumes /v1 when the server URL has no path, so only another base path needs spelling out.
        String path = apiUrl.getRawPath();
        String server = path.equals("/v1") ? apiUrl.toString().substring(0, apiUrl.toString().length() - 3)
                : path.isEmpty() ? apiUrl + "/" : apiUrl.toString();
        console.printf("%n"
                + "Voyager is running at %s%n"
                + "%n"
                + "Admin token (shown only this once; the server keeps just its SHA-256 in %s):%n"
                + "%n"
                + "    %s%n"
                + "%n"
                + "Try it:%n"
                + "    curl -H \"Authorization: Bearer %s\" %s/admin/products%n"
                + "    export VOYAGER_SERVER=%s VOYAGER_TOKEN=%s%n"
                + "    voyager product list%n"
                + "%n"
                + "Offers are signed with offer key %s; devices are built with its public half, %s:%n"
                + "    voyager keys header --release-key release.pub.pem --offer-key-pub %s -o voyager_keys.h%n"
                + "%n", apiUrl, hashFile, token, token, apiUrl, server, token, offerKey.key().keyId().shortForm(),
                offerKey.publicFile(), offerKey.publicFile());
        console.flush();
    }
}
