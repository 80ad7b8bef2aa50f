package io.voyagerota.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.voyagerota.VoyagerConfig;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.Release;
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.Offer;
import io.voyagerota.link.HmacDownloadLinks;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.jdk.JdkHttpServerAdapter;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static io.voyagerota.testing.VoyagerFixture.PRODUCT;
import static io.voyagerota.testing.VoyagerFixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Downloads over a real socket, counted by the handler and shown as meters. */
class VoyagerHttpMetricsTest {
    private final HmacDownloadLinks links = new HmacDownloadLinks("/v1", new byte[32]);
    private final VoyagerFixture f = new VoyagerFixture(VoyagerConfig.defaults(), b -> b.downloadLinks(links));
    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aWholeDownloadAndARangeAreCountedWithTheirBytes() throws Exception {
        f.production("1.1.0");
        Offer offer = assertInstanceOf(Offer.class,
                f.voyager.check(DeviceCheck.of("d-1", PRODUCT, S3, Version.parse("1.0.0"))));
        VoyagerHttpHandler handler = VoyagerHttpHandler.builder(f.voyager, links).build();
        new VoyagerHttpMetrics(handler).bindTo(registry);
        try (JdkHttpServerAdapter.Running server = JdkHttpServerAdapter.start(handler,
                new InetSocketAddress("127.0.0.1", 0))) {
            URI url = URI.create("http://127.0.0.1:" + server.port() + offer.downloadUrl());
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<byte[]> whole = client.send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<byte[]> range = client.send(HttpRequest.newBuilder(url).header("Range", "bytes=0-99")
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            client.send(HttpRequest.newBuilder(url).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(200, whole.statusCode());
            assertEquals(206, range.statusCode());

            assertEquals(2, registry.get("voyager.downloads").tag("result", "completed").functionCounter().count(),
                    "the HEAD is no download");
            assertEquals(0, registry.get("voyager.downloads").tag("result", "failed").functionCounter().count());
            assertEquals(offer.size() + 100, registry.get("voyager.download.bytes").functionCounter().count());
            assertEquals(0, registry.get("voyager.downloads.active").gauge().value());
            assertEquals(2, registry.get("voyager.download.duration").functionTimer().count());
            assertTrue(registry.get("voyager.download.duration").functionTimer().totalTime(TimeUnit.NANOSECONDS) > 0);
        }
    }

    /**
     * A device that reads the headers and the first 64 KiB of an 8 MiB image, then resets the connection: far more
     * than the socket buffers hold is still to be written, so the handler's write fails and the download is counted
     * as failed, with the bytes it did send, and no longer as active.
     */
    @Test
    void aDownloadTheClientCutsShortIsCountedAsFailedWithItsPartialBytes() throws Exception {
        Release draft = f.draft("1.1.0");
        f.upload(draft, new Esp32ImageBuilder().chip(Chip.ESP32_S3).version("1.1.0").projectName("locker")
                .segments(4 << 20, 4 << 20).build().file());
        f.voyager.releases().promote(f.voyager.releases().stage(draft.id()).id(), RolloutSpec.all());
        Offer offer = assertInstanceOf(Offer.class,
                f.voyager.check(DeviceCheck.of("d-2", PRODUCT, S3, Version.parse("1.0.0"))));
        assertTrue(offer.size() > 8_000_000, "the image is larger than any socket buffer: " + offer.size());
        VoyagerHttpHandler handler = VoyagerHttpHandler.builder(f.voyager, links).build();
        new VoyagerHttpMetrics(handler).bindTo(registry);
        try (JdkHttpServerAdapter.Running server = JdkHttpServerAdapter.start(handler,
                new InetSocketAddress("127.0.0.1", 0))) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setReceiveBufferSize(16 * 1024);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + offer.downloadUrl() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[8192];
                int first = in.readNBytes(buffer, 0, 12);
                assertEquals("HTTP/1.1 200", new String(buffer, 0, first, StandardCharsets.US_ASCII));
                long read = first;
                while (read < 64 * 1024) {
                    int n = in.read(buffer);
                    assertTrue(n > 0, "the server closed the body early");
                    read += n;
                }
                socket.setSoLinger(true, 0); // close with a reset: the device is gone, not finishing politely
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (registry.get("voyager.downloads").tag("result", "failed").functionCounter().count() < 1) {
                assertTrue(System.nanoTime() < deadline, "the cut download was never counted as failed");
                Thread.sleep(20);
            }
            assertEquals(1, registry.get("voyager.downloads").tag("result", "failed").functionCounter().count());
            assertEquals(0, registry.get("voyager.downloads").tag("result", "completed").functionCounter().count());
            double bytes = registry.get("voyager.download.bytes").functionCounter().count();
            assertTrue(bytes > 0 && bytes < offer.size(), "partial bytes, not the whole image: " + bytes
                    + " of " + offer.size());
            assertEquals(0, registry.get("voyager.downloads.active").gauge().value());
            assertEquals(1, registry.get("voyager.download.duration").functionTimer().count());
        }
    }
}
