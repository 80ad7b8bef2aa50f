package io.voyagerota.transport.http;

import io.voyagerota.Voyager;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.decision.Offer;
import io.voyagerota.link.HmacDownloadLinks;
import io.voyagerota.memory.InMemoryArtifactStorage;
import io.voyagerota.memory.InMemoryRegistry;
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.DownloadLinkIssuer;
import io.voyagerota.spi.StoredArtifact;
import io.voyagerota.testing.ForwardingArtifactStorage;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.spi.MDCAdapter;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * With {@code HttpConfig.withLogContext(true)} the request's device and release ids are in the MDC while it runs.
 * The tests' logging backend, slf4j-simple, keeps no MDC; the test gives SLF4J the map-backed adapter that backends
 * which print the MDC (logback, log4j) provide.
 */
class LogContextTest {
    @BeforeAll
    static void mdcThatKeepsValues() throws ReflectiveOperationException {
        if (!(MDC.getMDCAdapter() instanceof BasicMDCAdapter)) {
            Method set = MDC.class.getDeclaredMethod("setMDCAdapter", MDCAdapter.class);
            set.setAccessible(true);
            set.invoke(null, new BasicMDCAdapter());
        }
    }

    private final AtomicReference<String> deviceWhileLinking = new AtomicReference<>();
    private final AtomicReference<String> releaseWhileServing = new AtomicReference<>();
    private final HmacDownloadLinks hmac = new HmacDownloadLinks("/v1",
            "log-context-test-link-secret-of-32+bytes".getBytes(StandardCharsets.US_ASCII));

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theDeviceAndReleaseIdsAreInTheMdcWhileARequestIsHandledAndGoneAfter(boolean on) throws IOException {
        DownloadLinkIssuer links = (key, expires) -> {
            deviceWhileLinking.set(MDC.get("voyager.deviceId"));
            return hmac.link(key, expires);
        };
        try (Voyager voyager = Voyager.builder().registry(new InMemoryRegistry())
                .artifactStorage(new Watching(new InMemoryArtifactStorage())).downloadLinks(links).build()) {
            voyager.products().create(Product.of("locker", "Locker", new HardwareModel("locker-s3", Chip.ESP32_S3)));
            Release draft = voyager.releases().create(ReleaseDraft.builder("locker", Version.parse("1.0.0"))
                    .models("locker-s3").build());
            try (InputStream image = new Esp32ImageBuilder().chip(Chip.ESP32_S3).version("1.0.0").build().file()
                    .open()) {
                voyager.releases().upload(draft.id(), image, Optional.empty());
            }
            voyager.releases().stage(draft.id());
            voyager.releases().promote(draft.id(), RolloutSpec.all());
            String secret = voyager.devices().enrol("dev-7").secret();
            VoyagerHttpHandler handler = VoyagerHttpHandler.builder(voyager, hmac)
                    .config(HttpConfig.defaults().withLogContext(on)).build();

            VoyagerResponse check = handler.handle(TestRequest.get("/v1/devices/dev-7/update?product=locker"
                    + "&model=locker-s3&version=0.9.0", Map.of("Authorization", "Bearer " + secret)));
            assertEquals(200, check.status());
            assertEquals(on ? "dev-7" : null, deviceWhileLinking.get(), "the device id while its offer is made");
            assertNull(MDC.get("voyager.deviceId"), "cleared once answered");

            Offer offer = (Offer) voyager.check(io.voyagerota.decision.DeviceCheck.of("dev-7", "locker", "locker-s3",
                    Version.parse("0.9.0")));
            VoyagerResponse download = handler.handle(TestRequest.get(offer.downloadUrl(), Map.of()));
            assertEquals(200, download.status());
            assertEquals(on ? draft.id() : null, releaseWhileServing.get(), "the release id while its artifact is read");
            assertNull(MDC.get("voyager.releaseId"), "cleared once answered");
        }
    }

    /** Storage that notes the MDC's release id when a download asks for an artifact. */
    private final class Watching extends ForwardingArtifactStorage {
        Watching(ArtifactStorage delegate) {
            super(delegate);
        }

        @Override
        public Optional<StoredArtifact> stat(ArtifactKey key) {
            releaseWhileServing.set(MDC.get("voyager.releaseId"));
            return delegate.stat(key);
        }
    }
}
