package io.voyagerota.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's files, read once from the classpath: the page, and the assets named in {@code assets.list}. The
 * assets' version is a digest of all of them, so a changed file gets a new URL and a cached one is never stale.
 */
public final class ConsoleAssets {
    static final String ROOT = "/io/voyagerota/console/";
    static final String LIST = "assets/assets.list";

    /** One file: its bytes, its media type and its entity tag. */
    public record Asset(byte[] bytes, String contentType, String etag) {
    }

    private final String version;
    private final Asset page;
    private final Map<String, Asset> assets;

    private ConsoleAssets(String version, Asset page, Map<String, Asset> assets) {
        this.version = version;
        this.page = page;
        this.assets = assets;
    }

    /** Reads every file; the page is told where the admin API is ({@code apiBasePath}) and where the assets are. */
    public static ConsoleAssets load(String apiBasePath) {
        Map<String, Asset> assets = new LinkedHashMap<>();
        MessageDigest digest = sha256();
        for (String name : names()) {
            byte[] bytes = read("assets/" + name);
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(bytes);
            assets.put(name, new Asset(bytes, contentType(name), etag(bytes)));
        }
        String version = HexFormat.of().formatHex(digest.digest(), 0, 8);
        String html = new String(read("index.html"), StandardCharsets.UTF_8)
                .replace("{{assets}}", "assets/" + version)
                .replace("{{api}}", apiBasePath);
        byte[] page = html.getBytes(StandardCharsets.UTF_8);
        return new ConsoleAssets(version, new Asset(page, contentType("index.html"), etag(page)), Map.copyOf(assets));
    }

    /** The digest the asset URLs carry. */
    public String version() {
        return version;
    }

    public Asset page() {
        return page;
    }

    /** The asset called {@code name} (such as {@code app.js}), if there is one. */
    public Optional<Asset> asset(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    /** The names in {@code assets.list}, in order. */
    public static List<String> names() {
        return new String(read(LIST), StandardCharsets.UTF_8).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        } else if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        throw new IllegalStateException("no media type for console asset " + name);
    }

    private static String etag(byte[] bytes) {
        return "\"" + HexFormat.of().formatHex(sha256().digest(bytes), 0, 12) + "\"";
    }

    private static byte[] read(String name) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("console file " + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read console file " + name, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
