package io.voyagerota.console.internal;

import io.voyagerota.transport.http.ResponseBody;
import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.VoyagerResponse.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps a request to the page or an asset and adds the headers every answer carries. {@code {base}} redirects to
 * {@code {base}/}, which is the page; {@code {base}/assets/{version}/{name}} is an asset of the current version.
 */
public final class ConsoleRoutes {
    /** Nothing inline, nothing from elsewhere: the page's scripts, styles and API calls come from this origin. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
    static final String PAGE_CACHE = "no-cache";
    static final String ASSET_CACHE = "public, max-age=31536000, immutable";

    private final String base;
    private final ConsoleAssets assets;
    private final String assetPrefix;

    public ConsoleRoutes(String base, ConsoleAssets assets) {
        this.base = base;
        this.assets = assets;
        this.assetPrefix = base + "/assets/" + assets.version() + "/";
    }

    public VoyagerResponse route(VoyagerRequest request) {
        String path = request.path();
        String method = request.method();
        if (!path.equals(base) && !path.startsWith(base + "/")) {
            return text(404, "Not found");
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            List<Header> headers = common();
            headers.add(new Header("Allow", "GET, HEAD"));
            return text(405, "Method not allowed", headers);
        }
        if (path.equals(base)) {
            List<Header> headers = common();
            // Relative, so that it holds under a servlet context path the console does not know.
            headers.add(new Header("Location", base.substring(base.lastIndexOf('/') + 1) + "/"));
            return text(301, "Moved to " + base + "/", headers);
        }
        if (path.equals(base + "/")) {
            return file(request, assets.page(), PAGE_CACHE);
        }
        if (path.startsWith(assetPrefix)) {
            Optional<ConsoleAssets.Asset> asset = assets.asset(path.substring(assetPrefix.length()));
            if (asset.isPresent()) {
                return file(request, asset.get(), ASSET_CACHE);
            }
        }
        return text(404, "Not found");
    }

    private static VoyagerResponse file(VoyagerRequest request, ConsoleAssets.Asset asset, String cache) {
        List<Header> headers = common();
        headers.add(new Header("Cache-Control", cache));
        headers.add(new Header("ETag", asset.etag()));
        if (request.header("If-None-Match").filter(tags -> matches(tags, asset.etag())).isPresent()) {
            return new VoyagerResponse(304, headers, ResponseBody.empty());
        }
        headers.add(new Header("Content-Type", asset.contentType()));
        return new VoyagerResponse(200, headers, ResponseBody.of(asset.bytes()));
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static VoyagerResponse text(int status, String message) {
        return text(status, message, common());
    }

    private static VoyagerResponse text(int status, String message, List<Header> headers) {
        headers.add(new Header("Cache-Control", "no-store"));
        headers.add(new Header("Content-Type", "text/plain; charset=utf-8"));
        return new VoyagerResponse(status, headers, ResponseBody.of((message + "\n")
                .getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Header> common() {
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("Content-Security-Policy", CSP));
        headers.add(new Header("X-Content-Type-Options", "nosniff"));
        headers.add(new Header("Referrer-Policy", "no-referrer"));
        headers.add(new Header("X-Frame-Options", "DENY"));
        return headers;
    }
}
