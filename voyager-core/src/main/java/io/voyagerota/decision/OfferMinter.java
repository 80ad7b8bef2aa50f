package io.voyagerota.decision;

import io.voyagerota.catalog.Artifact;
import io.voyagerota.support.Checks;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.DownloadLinkIssuer;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a {@link Selection} into an {@link Offer}: adds the artifact's download link and the offer's expiry. Links are
 * issued once per artifact and link window on this node and shared by every device in that window, so a link's
 * signature (an HMAC, or an S3 presign whose credentials may need I/O) is not paid per check; a link lives between
 * {@code linkTtl - linkWindow} and {@code linkTtl}.
 */
public final class OfferMinter {
    private final DownloadLinkIssuer links;
    private final long linkTtlSeconds;
    private final long linkWindowSeconds;
    /** The current link of each artifact key; replaced when its window passes. */
    private final ConcurrentHashMap<String, IssuedLink> issued = new ConcurrentHashMap<>();

    public OfferMinter(DownloadLinkIssuer links, Duration linkTtl, Duration linkWindow) {
        this.links = Checks.notNull(links, "links");
        this.linkTtlSeconds = Checks.inRange(linkTtl.toSeconds(), 1, Duration.ofDays(7).toSeconds(), "linkTtl seconds");
        this.linkWindowSeconds = Checks.inRange(linkWindow.toSeconds(), 1, linkTtlSeconds, "linkWindow seconds");
    }

    public Offer mint(Selection s, Instant now) {
        Artifact artifact = s.release().artifact().orElseThrow();
        IssuedLink link = linkFor(artifact.key(), now);
        return new Offer(s.kind(), s.release().id(), s.release().version(), artifact.kind(), link.url(),
                artifact.size(), artifact.sha256(), artifact.parts(), s.manifest(), s.required(),
                s.release().secureVersion(), s.minBatteryPercent(), s.deviceId(), s.model(), s.sequence(),
                Instant.ofEpochSecond(link.expiresEpochSecond()));
    }

    /** The decision's answer as a device receives it: a {@link NoUpdate} as it is, a selection minted. */
    public UpdateDecision answer(Choice choice, Instant now) {
        return choice instanceof Selection s ? mint(s, now) : (NoUpdate) choice;
    }

    private IssuedLink linkFor(String artifactKey, Instant now) {
        long windowStart = Math.floorDiv(now.getEpochSecond(), linkWindowSeconds) * linkWindowSeconds;
        long expires = windowStart + linkTtlSeconds;
        IssuedLink cached = issued.get(artifactKey);
        if (cached != null && cached.expiresEpochSecond() == expires) {
            return cached;
        }
        if (issued.size() > 10_000) {
            issued.values().removeIf(l -> l.expiresEpochSecond() < expires); // links of artifacts no longer offered
        }
        IssuedLink fresh = new IssuedLink(expires, links.link(ArtifactKey.of(artifactKey), Instant.ofEpochSecond(expires)));
        issued.put(artifactKey, fresh);
        return fresh;
    }

    private record IssuedLink(long expiresEpochSecond, String url) {
    }
}
