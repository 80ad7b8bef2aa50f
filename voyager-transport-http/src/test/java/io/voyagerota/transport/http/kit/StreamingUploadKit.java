package io.voyagerota.transport.http.kit;

import io.voyagerota.Voyager;
import io.voyagerota.auth.Secrets;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.link.HmacDownloadLinks;
import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 64 MiB upload, raw or as a form, streams from the socket into storage: storage receives most of it while the
 * client is still sending, so the server never held the body to pass it on whole.
 */
public abstract class StreamingUploadKit extends AdminSupport {
    private static final int MIB = 1024 * 1024;
    private static final long SIZE = 64L * MIB;

    @Test
    void a64MibRawUploadReachesStorageWhileTheClientIsStillSending() throws Exception {
        upload("application/octet-stream", new byte[0], new byte[0]);
    }

    @Test
    void a64MibMultipartUploadReachesStorageWhileTheClientIsStillSending() throws Exception {
        String boundary = "----voyager-streaming-test";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\""
                + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        upload("multipart/form-data; boundary=" + boundary, head, tail);
    }

    private void upload(String contentType, byte[] head, byte[] tail) throws Exception {
        CountingStorage storage = new CountingStorage();
        Voyager voyager = Voyager.inMemory().artifactStorage(storage).adminToken("ops", Secrets.hash(token))
                .clock(f.clock).build();
        voyager.products().create(new Product("big", "Big", List.of(new HardwareModel("m", Chip.ESP32_S3)),
                128L * MIB, Optional.empty()));
        Release draft = voyager.releases().create(ReleaseDraft.builder("big", Version.parse("1.0.0")).build());
        byte[] secret = new byte[32];
        new SplittableRandom(1).nextBytes(secret);
        GeneratedBody body = new GeneratedBody(head, SIZE, tail, storage, SIZE - 8 * MIB, SIZE - 24 * MIB);
        try (Served served = serve(VoyagerHttpHandler.builder(voyager, new HmacDownloadLinks("/v1", secret))
                .build())) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(served.origin() + "/v1/admin/releases/"
                    + draft.id() + "/artifact")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", contentType);
            HttpRequest.BodyPublisher publisher = BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(
                    () -> body), head.length + SIZE + tail.length);
            Map<String, Object> release = ok(send(head.length == 0 ? request.PUT(publisher) : request.POST(publisher)));
            Map<String, Object> artifact = map(release.get("artifact"));
            assertEquals(SIZE, artifact.get("size"));
            assertEquals(body.sha256(), artifact.get("sha256"));
        }
        assertTrue(body.receivedBeforeEnd >= SIZE - 24 * MIB, "storage had " + body.receivedBeforeEnd
                + " bytes when the client came to its last 8 MiB");
        assertEquals(SIZE, storage.received());
    }

    /**
     * {@code head}, then pseudo-random bytes, hashed as they are produced, then {@code tail}. Before it hands out the
     * last of its random bytes it waits until storage has received {@code awaited}: a server that held the body
     * before passing it on would never get there.
     */
    private static final class GeneratedBody extends InputStream {
        private final byte[] head;
        private final long size;
        private final byte[] tail;
        private final CountingStorage storage;
        private final long pauseAt;
        private final long awaited;
        private final SplittableRandom random = new SplittableRandom(64);
        private final MessageDigest digest;
        private int headSent;
        private int tailSent;
        private long produced;
        volatile long receivedBeforeEnd = -1;

        GeneratedBody(byte[] head, long size, byte[] tail, CountingStorage storage, long pauseAt, long awaited)
                throws NoSuchAlgorithmException {
            this.head = head;
            this.size = size;
            this.tail = tail;
            this.storage = storage;
            this.pauseAt = pauseAt;
            this.awaited = awaited;
            this.digest = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("read in blocks");
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (headSent < head.length) {
                int n = Math.min(len, head.length - headSent);
                System.arraycopy(head, headSent, b, off, n);
                headSent += n;
                return n;
            }
            if (produced >= size) {
                if (tailSent >= tail.length) {
                    return -1;
                }
                int n = Math.min(len, tail.length - tailSent);
                System.arraycopy(tail, tailSent, b, off, n);
                tailSent += n;
                return n;
            }
            if (produced >= pauseAt && receivedBeforeEnd < 0) {
                awaitStorage();
            }
            int n = (int) Math.min(len, Math.min(64 * 1024, size - produced));
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) random.nextInt(256);
            }
            digest.update(b, off, n);
            produced += n;
            return n;
        }

        private void awaitStorage() throws IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (storage.received() < awaited && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            receivedBeforeEnd = storage.received();
            if (receivedBeforeEnd < awaited) {
                throw new IOException("storage had only " + receivedBeforeEnd + " bytes after the client sent "
                        + produced + ": the server is not streaming the body");
            }
        }

        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
