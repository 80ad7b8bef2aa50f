package io.voyagerota.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.voyagerota.VoyagerConfig;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.Offer;
import io.voyagerota.link.HmacDownloadLinks;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.jdk.JdkHttpServerAdapter;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
}
