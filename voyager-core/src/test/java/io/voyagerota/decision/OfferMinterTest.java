package io.voyagerota.decision;

import io.voyagerota.link.HmacDownloadLinks;
import io.voyagerota.spi.DownloadLinkIssuer;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static io.voyagerota.testing.VoyagerFixture.PRODUCT;
import static io.voyagerota.testing.VoyagerFixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class OfferMinterTest {
    private final VoyagerFixture f = new VoyagerFixture();
    private final AtomicInteger issued = new AtomicInteger();
    private final HmacDownloadLinks hmac = new HmacDownloadLinks("https://ota.example.com/v1",
            "offer-minter-test-link-secret-of-32+bytes".getBytes(StandardCharsets.US_ASCII));
    private final DownloadLinkIssuer counting = (key, expiresAt) -> {
        issued.incrementAndGet();
        return hmac.link(key, expiresAt);
    };
    private final UpdateDecider decider = new UpdateDecider("tester");
    private final OfferMinter minter = new OfferMinter(counting, Duration.ofMinutes(5), Duration.ofMinutes(1));

    private Selection select(String device, Instant now) {
        return assertInstanceOf(Selection.class, decider.decide(f.voyager.snapshot(),
                DeviceCheck.of(device, PRODUCT, S3, Version.parse("0.1.0")), now));
    }

    @Test
    void aSelectionMintedIsTheOfferTheFacadeGives() {
        f.production("1.0.0");
        Instant now = f.clock.instant();
        Selection s = select("d1", now);
        Offer offer = minter.mint(s, now);
        Offer facade = assertInstanceOf(Offer.class, f.voyager.check(DeviceCheck.of("d1", PRODUCT, S3,
                Version.parse("0.1.0"))));
        assertEquals(facade.releaseId(), offer.releaseId());
        assertEquals(facade.version(), offer.version());
        assertEquals(facade.kind(), offer.kind());
        assertEquals(facade.sha256(), offer.sha256());
        assertEquals(facade.sequence(), offer.sequence());
        assertEquals(facade.expiresAt(), offer.expiresAt());
        assertEquals(s.sequence(), f.voyager.snapshot().generation());
    }

    @Test
    void oneLinkPerArtifactAndWindowIsSharedByEveryDeviceThenReissued() {
        f.production("1.0.0");
        Instant windowStart = Instant.ofEpochSecond(Math.floorDiv(f.clock.instant().getEpochSecond(), 60) * 60);
        Offer a = minter.mint(select("a", windowStart), windowStart);
        Offer b = minter.mint(select("b", windowStart.plusSeconds(59)), windowStart.plusSeconds(59));
        assertEquals(1, issued.get(), "one link for the window");
        assertSame(a.downloadUrl(), b.downloadUrl());
        assertEquals(windowStart.plus(Duration.ofMinutes(5)), a.expiresAt(), "window start + TTL");

        Offer c = minter.mint(select("c", windowStart.plusSeconds(60)), windowStart.plusSeconds(60));
        assertEquals(2, issued.get(), "the next window issues a fresh link");
        assertNotEquals(a.downloadUrl(), c.downloadUrl());
        assertEquals(windowStart.plus(Duration.ofMinutes(6)), c.expiresAt());
    }

    @Test
    void aNoUpdateIsAnsweredAsItIs() {
        f.production("1.0.0");
        Choice none = decider.decide(f.voyager.snapshot(), DeviceCheck.of("d", PRODUCT, S3, Version.parse("1.0.0")),
                f.clock.instant());
        assertSame(none, minter.answer(none, f.clock.instant()));
        assertEquals(0, issued.get(), "no link for a device that gets nothing");
    }

    /** A regression guard: the decision reads the snapshot and nothing else, so it can name no SPI type. */
    @Test
    void theDecisionImportsNothingFromTheSpiAndTheSnapshotHoldsNoMutableLink() throws IOException {
        for (Class<?> type : new Class<?>[]{UpdateDecider.class, CatalogSnapshot.class, Selection.class}) {
            try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
                String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertFalse(constants.contains("io/voyagerota/spi/"), type.getSimpleName() + " names an SPI type");
            }
        }
        for (Class<?> nested : CatalogSnapshot.class.getDeclaredClasses()) {
            for (var field : nested.getDeclaredFields()) {
                assertFalse(java.lang.reflect.Modifier.isVolatile(field.getModifiers()),
                        nested.getSimpleName() + "." + field.getName() + " is mutable state in an immutable snapshot");
            }
        }
    }
}
