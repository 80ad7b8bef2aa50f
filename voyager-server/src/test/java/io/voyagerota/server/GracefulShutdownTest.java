package io.voyagerota.server;

import io.voyagerota.decision.Offer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shutdown with a download in progress, over a real socket whose reader holds back so the server's handler is still
 * writing: the listener closes at once, the download completes within the grace period, and one that outlasts the
 * grace period is cut off on time.
 */
class GracefulShutdownTest {
    // Larger than what the kernel buffers on loopback, so the handler is still writing while the reader waits.
    private static final long IMAGE_BYTES = 12L * 1024 * 1024;

    @TempDir
    Path dir;

    /** A download started before shutdown, read to its first bytes; the rest is left in the socket. */
    private record Download(Socket socket, InputStream in, long length, MessageDigest sha, long[] read) {
        static Download start(VoyagerServer server, String url) throws Exception {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(128 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + url + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            long length = Long.parseLong(head.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                    .findFirst().orElseThrow().substring(15).strip());
            Download d = new Download(socket, in, length, MessageDigest.getInstance("SHA-256"), new long[1]);
            d.read(64 * 1024);
            return d;
        }

        void read(long bytes) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            while (read[0] < bytes) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, bytes - read[0]));
                if (n < 0) {
                    return;
                }
                sha.update(buffer, 0, n);
                read[0] += n;
            }
        }

        /** Reads to the end of the stream (or until the server cuts it off); returns how many bytes came in all. */
        long readRest() {
            try {
                read(Long.MAX_VALUE);
            } catch (IOException e) {
                // cut off by the server
            }
            return read[0];
        }

        private static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed inside the headers: " + head);
                }
                head.append((char) b);
            }
            return head.toString();
        }
    }

    @ParameterizedTest
    @EnumSource(HttpEngine.class)
    void aDownloadInProgressFinishesWhileNewConnectionsAreRefused(HttpEngine engine) throws Exception {
        VoyagerServer server = TestServers.start(dir, new ByteArrayOutputStream(),
                b -> b.shutdownGrace(Duration.ofSeconds(30)).httpEngine(engine));
        Thread closer = null;
        try (server) {
            TestServers.createProduct(server.voyager());
            TestServers.release(server.voyager(), "2.0.0", TestServers.image("2.0.0", IMAGE_BYTES));
            Offer offer = TestServers.offer(server.voyager(), "dev-slow");
            Download download = Download.start(server, offer.downloadUrl());
            assertEquals(offer.size(), download.length());

            closer = new Thread(server::close, "test-shutdown");
            closer.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (TestServers.listening(server.port()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(TestServers.listening(server.port()), "the listener closes as soon as shutdown begins");
            assertThrows(ConnectException.class, () -> TestServers.get(server.url().resolve("/healthz")));
            Thread.sleep(500);
            assertTrue(closer.isAlive(), "shutdown waits for the download in progress");

            assertEquals(offer.size(), download.readRest(), "every byte arrived");
            assertEquals(offer.sha256(), HexFormat.of().formatHex(download.sha().digest()));
            download.socket().close();
            closer.join(15_000);
            assertFalse(closer.isAlive(), "shutdown ends once the download is done");
        }
    }

    @ParameterizedTest
    @EnumSource(HttpEngine.class)
    void aDownloadThatOutlastsTheGracePeriodIsCutOffOnTime(HttpEngine engine) throws Exception {
        VoyagerServer server = TestServers.start(dir, new ByteArrayOutputStream(),
                b -> b.shutdownGrace(Duration.ofSeconds(1)).httpEngine(engine));
        TestServers.createProduct(server.voyager());
        TestServers.release(server.voyager(), "2.0.0", TestServers.image("2.0.0", IMAGE_BYTES));
        Offer offer = TestServers.offer(server.voyager(), "dev-stalled");
        Download download = Download.start(server, offer.downloadUrl());

        long begin = System.nanoTime();
        server.close(); // the reader never comes back for the rest
        long tookMs = (System.nanoTime() - begin) / 1_000_000;
        assertTrue(tookMs >= 900, "waited out the grace period, took " + tookMs + " ms");
        assertTrue(tookMs < 8_000, "did not wait much beyond the grace period, took " + tookMs + " ms");
        assertTrue(download.readRest() < offer.size(), "the stalled download was cut off");
        download.socket().close();
    }
}
