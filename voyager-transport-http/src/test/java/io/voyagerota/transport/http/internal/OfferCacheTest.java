package io.voyagerota.transport.http.internal;

import io.voyagerota.InvalidInputException;
import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.ReleaseManifest;
import io.voyagerota.decision.Offer;
import io.voyagerota.signing.OfferSigner;
import io.voyagerota.signing.SigningKey;
import io.voyagerota.testing.PropertySeed;
import io.voyagerota.transport.http.HttpConfig;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The rendered-offer cache answers exactly what rendering anew would, and never one device's offer to another. */
class OfferCacheTest {
    private static final String SHA = "5c559336109b88bb6be1ae3975ee04436f45bf9e876051bd6fa94d1746ea06a4";
    private static final SigningKey KEY = SigningKey.generate();
    private static final Json JSON = new Json(HttpConfig.defaults());

    @Test
    void theSameOfferAgainIsServedFromTheCacheAndAChangedOneIsRenderedAnew() {
        OfferCache cache = new OfferCache(JSON, new OfferSigner(KEY), 64);
        Offer first = offer("dev-1", "1.1.0", 7, "/v1/artifacts/a?expires=100&sig=x");
        OfferBody.Written written = cache.written(first);
        assertSame(written, cache.written(offer("dev-1", "1.1.0", 7, "/v1/artifacts/a?expires=100&sig=x")),
                "an equal offer, as the next poll in the same link window builds it");
        assertNotSame(written, cache.written(offer("dev-1", "1.1.0", 8, "/v1/artifacts/a?expires=100&sig=x")),
                "a new catalog generation");
        assertNotSame(written, cache.written(offer("dev-1", "1.1.0", 7, "/v1/artifacts/a?expires=160&sig=y")),
                "the next link window");
    }

    @Test
    void whatTheCacheAnswersIsWhatRenderingAnewWouldForEveryDevice() {
        OfferSigner signer = new OfferSigner(KEY);
        OfferCache cache = new OfferCache(JSON, signer, 16); // small: four sets, so devices share and evict
        PropertySeed.check("offer cache answers as rendering anew", 2000, random -> {
            Offer offer = offer("dev-" + random.nextInt(40), "1." + random.nextInt(3) + ".0", random.nextInt(3),
                    "/v1/artifacts/a?expires=" + random.nextInt(2) + "&sig=s");
            OfferBody.Written cached = cache.written(offer);
            OfferBody.Written fresh = OfferBody.write(JSON, offer, signer);
            assertArrayEquals(bytes(fresh), bytes(cached), "the body for " + offer.deviceId());
            assertEquals(fresh.etag(), cached.etag());
            assertEquals(fresh.signatureHeader(), cached.signatureHeader());
            assertEquals(fresh.keyHeader(), cached.keyHeader());
        });
    }

    @Test
    void slotsAreRoundedUpAsTheSignersAreAndNoneMeansNoCache() {
        OfferCache twelve = new OfferCache(JSON, new OfferSigner(KEY, 12), 12);
        Offer kept = offer("dev-1", "1.1.0", 1, "/a");
        assertSame(twelve.written(kept), twelve.written(kept), "12 slots are 16: the offer is kept");
        assertThrows(InvalidInputException.class, () -> new OfferCache(JSON, new OfferSigner(KEY), -1));
        OfferCache none = new OfferCache(JSON, new OfferSigner(KEY), 0);
        Offer offer = offer("dev-1", "1.1.0", 1, "/a");
        assertNotSame(none.written(offer), none.written(offer), "no cache: rendered each time");
    }

    private static byte[] bytes(OfferBody.Written written) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            written.body().writeTo(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static Offer offer(String deviceId, String version, long sequence, String url) {
        ReleaseManifest.Signed manifest = ReleaseManifest.Signed.of(new ReleaseManifest("locker",
                Version.parse(version), 0, ArtifactKind.APP_IMAGE, List.of(new HardwareModel("m", Chip.ESP32_S3)),
                1000, SHA, List.of()), Optional.empty());
        return new Offer(Offer.Kind.UPGRADE, "r-" + version, Version.parse(version), ArtifactKind.APP_IMAGE, url, 1000,
                SHA, List.of(), manifest, false, 0, OptionalInt.empty(), deviceId, "m", sequence,
                Instant.ofEpochSecond(1_900_000_000L));
    }
}
