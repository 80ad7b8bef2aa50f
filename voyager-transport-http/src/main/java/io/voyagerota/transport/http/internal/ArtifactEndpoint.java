package io.voyagerota.transport.http.internal;

import io.voyagerota.InvalidInputException;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseState;
import io.voyagerota.decision.CatalogSnapshot;
import io.voyagerota.link.HmacDownloadLinks;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.StoredArtifact;
import io.voyagerota.transport.http.HttpConfig;
import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.VoyagerResponse.Header;
import io.voyagerota.wire.WireJson;
import io.voyagerota.transport.http.ResponseBody;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Artifact downloads through signed links. The link is the authorisation (devices may fetch from a CDN that
 * forwards the query), so no device credential is asked for; a link that does not verify gets 403 before storage
 * is even asked whether the artifact exists. A good link to the artifact of a release that has since been revoked gets
 * 403 too, and one to a deleted release's artifact 404: both are read from the catalog snapshot in memory, so a
 * download costs no database access, and a revocation stops links already issued as soon as this node's snapshot has
 * it (at once on the node that revoked, by the next tick on the others).
 */
final class ArtifactEndpoint {
    private static final Header OCTETS = new Header("Content-Type", "application/octet-stream");
    private static final Header RANGES = new Header("Accept-Ranges", "bytes");

    private final ArtifactStorage storage;
    private final HmacDownloadLinks links;
    private final LogContext logContext;
    private final Supplier<CatalogSnapshot> catalog;
    private final HttpConfig config;
    private final InstantSource clock;
    private final DownloadCounters downloads = new DownloadCounters();

    ArtifactEndpoint(ArtifactStorage storage, HmacDownloadLinks links, Supplier<CatalogSnapshot> catalog,
                     HttpConfig config, InstantSource clock, LogContext logContext) {
        this.logContext = logContext;
        this.storage = storage;
        this.links = links;
        this.catalog = catalog;
        this.config = config;
        this.clock = clock;
    }

    DownloadCounters downloads() {
        return downloads;
    }

    /** @param keyFrom where the artifact key starts in the request path */
    VoyagerResponse download(VoyagerRequest request, int keyFrom) {
        boolean head = request.method().equals("HEAD");
        if (!head && !request.method().equals("GET")) {
            throw Requests.methodNotAllowed(request, "GET, HEAD");
        }
        ArtifactKey key = key(request.path(), keyFrom);
        String query = Requests.query(request, config);
        long expires = UriText.nonNegative(param(query, "expires"));
        String signature = param(query, "sig");
        if (expires < 0 || signature.isEmpty()) {
            throw invalidLink("the download link lacks a valid 'expires' or 'sig' parameter; use the url of an offer"
                    + " exactly as it was sent");
        }
        Instant now = clock.instant();
        Optional<String> refused = links.verify(key, expires, signature, now);
        if (refused.isPresent()) {
            throw invalidLink(refused.get());
        }
        Optional<Release> release = catalog.get().releaseOfArtifact(key.value());
        if (release.isPresent()) {
            logContext.release(release.get().id());
            refuseWithdrawn(release.get(), key);
        }
        // A release's artifact is known to the catalog: its tag answers a revalidation without asking storage.
        Optional<String> known = release.flatMap(Release::artifact).filter(a -> a.key().equals(key.value()))
                .map(a -> a.sha256());
        Optional<String> ifNoneMatch = Requests.header(request, "If-None-Match", config);
        if (known.isPresent() && ifNoneMatch.isPresent()) {
            Header tag = new Header("ETag", "\"" + known.get() + "\"");
            if (EntityTags.noneMatchHits(ifNoneMatch.get(), tag.value())) {
                return new VoyagerResponse(304, List.of(tag, RANGES), ResponseBody.empty());
            }
        }
        StoredArtifact artifact = storage.stat(key).orElseThrow(() -> HttpProblem.of(404, "not-found",
                "artifact " + key + " is no longer available; check for an update again"));
        long size = artifact.size();
        Header etag = new Header("ETag", "\"" + artifact.sha256() + "\"");
        if (ifNoneMatch.isPresent() && EntityTags.noneMatchHits(ifNoneMatch.get(), etag.value())) {
            return new VoyagerResponse(304, List.of(etag, RANGES), ResponseBody.empty());
        }
        RangeRequest range = RangeRequest.FULL;
        Optional<String> rangeHeader = head ? Optional.empty() : Requests.header(request, "Range", config);
        if (rangeHeader.isPresent()) {
            Optional<String> ifRange = Requests.header(request, "If-Range", config);
            if (ifRange.isEmpty() || EntityTags.ifRangeHolds(ifRange.get(), etag.value())) {
                range = RangeRequest.of(rangeHeader.get(), size);
            }
        }
        List<Header> headers = new ArrayList<>(6);
        headers.add(OCTETS);
        headers.add(RANGES);
        headers.add(etag);
        // A cache (a CDN in front of this route) may keep the answer exactly as long as the link is valid, so an
        // expired link stops working at the edge too; no-transform because a proxy that re-encoded firmware would
        // break every Range offset and the hash.
        headers.add(new Header("Cache-Control", "public, max-age=" + Math.max(0, expires - now.getEpochSecond()) + ", no-transform"));
        switch (range.kind()) {
            case PARTIAL -> {
                headers.add(new Header("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size));
                return new VoyagerResponse(206, headers,
                        new ArtifactBody(storage, key, range.first(), range.length(), config.downloadBufferBytes(),
                                downloads));
            }
            case UNSATISFIABLE -> throw HttpProblem.of(416, "range-not-satisfiable", "the range '"
                            + WireJson.printable(rangeHeader.orElse("")) + "' lies outside the artifact's " + size
                            + " bytes; resume from an offset below " + size)
                    .withHeader("Content-Range", "bytes */" + size)
                    .withHeader("Accept-Ranges", "bytes");
            default -> {
                return new VoyagerResponse(200, headers,
                        new ArtifactBody(storage, key, 0, size, config.downloadBufferBytes(), downloads));
            }
        }
    }

    /** A link outlives neither its release's revocation nor its deletion. */
    private static void refuseWithdrawn(Release release, ArtifactKey key) {
        if (release.deleted()) {
            throw HttpProblem.of(404, "not-found", "artifact " + key + " is no longer available; check for an"
                    + " update again");
        }
        if (release.state() == ReleaseState.REVOKED) {
            throw HttpProblem.of(403, "release-revoked", "release " + release.version() + " of product '"
                    + release.productId() + "' was revoked, so its download links no longer work; check for an"
                    + " update again");
        }
    }

    private static ArtifactKey key(String path, int from) {
        try {
            return ArtifactKey.of(UriText.decode(path, from, path.length(), false));
        } catch (IllegalArgumentException | InvalidInputException e) {
            throw invalidLink("the download link does not name a valid artifact; use the url of an offer exactly as"
                    + " it was sent");
        }
    }

    private static String param(String query, String name) {
        try {
            String value = UriText.param(query, name);
            return value == null ? "" : value;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static HttpProblem invalidLink(String detail) {
        return HttpProblem.of(403, "invalid-link", detail);
    }
}
