package io.voyagerota.transport.http.netty;

import io.voyagerota.catalog.Release;
import io.voyagerota.testing.TestJson;
import io.voyagerota.transport.http.DownloadStats;
import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.kit.HttpFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static io.voyagerota.transport.http.kit.HttpFixture.PRODUCT;
import static io.voyagerota.transport.http.kit.HttpFixture.S3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Artifacts from a store with files behind them leave through {@code sendfile}: the store's stream is never opened,
 * the download counters see every byte, and a client that goes away leaves no file open. On epoll and on NIO.
 */
class NettySendfileTest {
    @TempDir
    Path dir;
    private FileChannelStorage files;
    private HttpFixture f;
    private VoyagerHttpHandler handler;
    private NettyHttpServer server;
    private Release release;

    private String offer(boolean forceNio, int size) throws IOException {
        f = new HttpFixture("/v1", (fixture, builder) -> {
            files = new FileChannelStorage(fixture.storage, dir);
            builder.artifactStorage(files);
        });
        handler = f.handler().build();
        server = NettyHttpServer.builder().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .mount(handler).forceNio(forceNio).ioThreads(1).start();
        assertEquals(!forceNio && io.netty.channel.epoll.Epoll.isAvailable(), server.nativeTransport());
        release = f.production("1.1.0", size);
        String secret = f.enrol("d1");
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response check = http.send("GET /v1/devices/d1/update?product=" + PRODUCT + "&model=" + S3
                    + "&version=1.0.0 HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + secret + "\r\n\r\n").read();
            assertEquals(200, check.status(), check.text());
            Map<String, Object> offer = TestJson.object(check.text());
            URI url = URI.create((String) offer.get("url"));
            files.openChannel(HttpFixture.keyOf(release)).orElseThrow().close(); // the file, before the test
            f.storage.clearRecords();
            return url.getRawPath() + "?" + url.getRawQuery();
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "forceNio={0}")
    @ValueSource(booleans = {false, true})
    void theWholeArtifactAndARangeFromTheMiddleGoOutByFileAndAreCounted(boolean forceNio) throws Exception {
        String link = offer(forceNio, 1_000_003);
        byte[] firmware = f.firmwareOf(release);
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response whole = http.send("GET " + link + " HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertEquals(200, whole.status());
            assertArrayEquals(firmware, whole.body());
            RawHttp.Response range = http.send("GET " + link + " HTTP/1.1\r\nHost: t\r\nRange: bytes=400000-600000"
                    + "\r\n\r\n").read();
            assertEquals(206, range.status());
            assertEquals("bytes 400000-600000/" + firmware.length, range.headers().get("content-range"));
            assertArrayEquals(Arrays.copyOfRange(firmware, 400_000, 600_001), range.body());
        }
        assertEquals(1 + 2, files.channelsOpened(), "both went out from the file");
        assertEquals(0, f.storage.opened().size(), "the store's stream was never opened");
        DownloadStats stats = await(s -> s.completed() == 2);
        assertEquals(firmware.length + 200_001L, stats.bytes());
        assertEquals(0, stats.failed());
        assertEquals(0, stats.active());
    }

    @ParameterizedTest(name = "forceNio={0}")
    @ValueSource(booleans = {false, true})
    void aClientThatGoesAwayMidDownloadIsCountedAndLeavesNoFileOpen(boolean forceNio) throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "open descriptors are counted in /proc (Linux)");
        String link = offer(forceNio, 15 * 1024 * 1024);
        Path file;
        try (RawHttp http = new RawHttp(server.port(), 32 * 1024)) {
            http.send("GET " + link + " HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(200, http.readHead().status());
            assertEquals(64 * 1024, http.in().readNBytes(64 * 1024).length);
            file = files.fileOf(HttpFixture.keyOf(release));
            assertEquals(1, openDescriptors(file), "the download holds the file open");
            http.socket.setSoLinger(true, 0); // a reset, as a device that lost power
        }
        DownloadStats stats = await(s -> s.failed() == 1);
        assertEquals(0, stats.completed());
        assertTrue(stats.bytes() >= 64 * 1024 && stats.bytes() < 15 * 1024 * 1024, "bytes " + stats.bytes());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (openDescriptors(file) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, openDescriptors(file), "the artifact's channel is closed");
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response range = http.send("GET " + link + " HTTP/1.1\r\nHost: t\r\nRange: bytes=-10\r\n\r\n")
                    .read();
            assertEquals(206, range.status(), "still serving");
            assertEquals(10, range.body().length);
        }
    }

    private DownloadStats await(Predicate<DownloadStats> done) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        DownloadStats stats = handler.downloadStats();
        while (!done.test(stats) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            stats = handler.downloadStats();
        }
        assertTrue(done.test(stats), stats::toString);
        return stats;
    }

    /** This process's descriptors open on {@code file}, from {@code /proc/self/fd} (Linux). */
    private static long openDescriptors(Path file) throws IOException {
        Path real = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException e) {
                    return false; // closed while listed
                }
            }).count();
        }
    }
}
