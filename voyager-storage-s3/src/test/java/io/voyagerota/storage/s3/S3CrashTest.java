package io.voyagerota.storage.s3;

import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.testing.MutableClock;
import io.voyagerota.testing.StallingStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.voyagerota.testkit.ArtifactStreams.content;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Security suite row 14: a process killed with SIGKILL in the middle of a multipart upload (a child JVM writing
 * through S3ArtifactStorage to S3Proxy in this JVM) leaves nothing visible, and the next start aborts the upload it
 * left, once it is older than {@code staleUploadAge}, while leaving younger uploads (another node's, in flight) and
 * other prefixes alone.
 */
@Tag("security")
class S3CrashTest {
    private static final int PART = S3StorageConfig.MIN_PART_SIZE;
    private static final ArtifactKey KEY = ArtifactKey.of("crash/firmware.bin");
    private static final String PREFIX = "fw/";

    /**
     * The child: puts an artifact of three parts whose stream stops for good halfway through the second, once the
     * first part is in the store, and says {@code stalled} on stdout when it does. Arguments: endpoint, bucket.
     */
    public static void main(String[] args) throws Exception {
        S3StorageConfig config = config(URI.create(args[0]), args[1]).build();
        try (S3ArtifactStorage storage = S3ArtifactStorage.builder(config)
                .staticCredentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build()) {
            storage.put(KEY, new StallingStream(new ByteArrayInputStream(content("crash", 3 * PART)), PART + PART / 2),
                    Long.MAX_VALUE);
        }
        System.out.println("the put ended, which it must not");
    }

    @Test
    @Timeout(120)
    void aKillMidUploadLeavesNothingVisibleAndTheNextStartAbortsTheUpload() throws Exception {
        S3ProxyServer server = S3ProxyServer.shared();
        String bucket = server.newBucket();
        S3Client s3 = server.client();
        killMidUpload(server.endpoint(), bucket);

        List<MultipartUpload> left = s3.listMultipartUploads(b -> b.bucket(bucket)).uploads();
        assertEquals(1, left.size(), "the kill left the staged upload in progress: " + left);
        assertTrue(left.get(0).key().startsWith(PREFIX + "uploads/"), left.get(0).key());
        assertEquals(List.of(), objects(s3, bucket), "no object at all, under objects/ or anywhere");

        // Another prefix's upload, started long ago too: not this storage's to abort.
        String foreign = s3.createMultipartUpload(b -> b.bucket(bucket).key("other/uploads/x")).uploadId();

        MutableClock clock = MutableClock.at(Instant.now());
        try (S3ArtifactStorage restarted = storage(server, bucket, clock)) {
            assertTrue(restarted.stat(KEY).isEmpty(), "nothing of the killed put is visible");
            assertTrue(restarted.abortStaleUploads().isEmpty(), "an upload younger than a day may be in flight");
            assertEquals(2, s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().size());

            clock.advance(S3StorageConfig.DEFAULT_STALE_UPLOAD_AGE.plusMinutes(1));
            PrintStream stderr = System.err;
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            StaleUploadReport report;
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            try {
                report = restarted.abortStaleUploads();
            } finally {
                System.setErr(stderr);
            }
            assertEquals(List.of(left.get(0).key()), report.abortedUploads());
            assertEquals(List.of(), report.deletedObjects());
            List<String> lines = log.toString(StandardCharsets.UTF_8).lines()
                    .filter(l -> l.contains("multipart upload")).toList();
            assertEquals(1, lines.size(), "one line for the operator: " + log);
            assertTrue(lines.get(0).contains("aborted 1 multipart upload(s)") && lines.get(0).contains(bucket),
                    lines.get(0));

            assertEquals(List.of(foreign), s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
                    .map(MultipartUpload::uploadId).toList(), "only the other prefix's upload is left");
            assertTrue(restarted.abortStaleUploads().isEmpty(), "a second start finds nothing");
            byte[] bytes = content("after", 1000);
            restarted.put(KEY, new ByteArrayInputStream(bytes), Long.MAX_VALUE);
            assertEquals(List.of(PREFIX + "objects/" + KEY.value() + "@"), objects(s3, bucket), "the key is free");
        }
    }

    @Test
    void leftoversOfAKillDuringTheCopyAreRemovedTooAndNothingLive() throws Exception {
        S3ProxyServer server = S3ProxyServer.shared();
        String bucket = server.newBucket();
        S3Client s3 = server.client();
        MutableClock clock = MutableClock.at(Instant.now());
        try (S3ArtifactStorage storage = storage(server, bucket, clock)) {
            storage.put(ArtifactKey.of("live.bin"), new ByteArrayInputStream(content("live", 1000)), 1000);
            // What a kill between the staged upload's completion and the end of the copy into objects/ leaves.
            s3.putObject(b -> b.bucket(bucket).key(PREFIX + "uploads/3f2a"),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(content("staged", 100)));
            s3.createMultipartUpload(b -> b.bucket(bucket).key(PREFIX + "objects/copied.bin@"));

            clock.advance(Duration.ofDays(2));
            StaleUploadReport report = storage.abortStaleUploads();
            assertEquals(List.of(PREFIX + "objects/copied.bin@"), report.abortedUploads());
            assertEquals(List.of(PREFIX + "uploads/3f2a"), report.deletedObjects());
            assertEquals(List.of(), s3.listMultipartUploads(b -> b.bucket(bucket)).uploads());
            assertEquals(List.of(PREFIX + "objects/live.bin@"), objects(s3, bucket), "live artifacts are kept");
            assertTrue(storage.stat(ArtifactKey.of("copied.bin")).isEmpty());
        }
    }

    private static void killMidUpload(URI endpoint, String bucket) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), S3CrashTest.class.getName(),
                endpoint.toString(), bucket).redirectErrorStream(true).start();
        StringBuilder said = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                said.append(line).append('\n');
                if (line.equals(StallingStream.STALLED)) {
                    break;
                }
            }
            assertTrue(said.toString().endsWith("stalled\n"), "the child never stalled mid-upload: " + said);
            assertTrue(child.isAlive());
        } finally {
            child.destroyForcibly(); // SIGKILL: no finally block, no abort, no shutdown hook runs
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "killed by SIGKILL (128 + 9)");
        assertFalse(child.isAlive());
    }

    private static S3StorageConfig.Builder config(URI endpoint, String bucket) {
        return S3StorageConfig.builder(bucket).endpoint(endpoint).region("us-east-1").pathStyleAccess(true)
                .prefix(PREFIX).partSize(PART);
    }

    private static S3ArtifactStorage storage(S3ProxyServer server, String bucket, MutableClock clock) {
        return S3ArtifactStorage.builder(config(server.endpoint(), bucket).build())
                .staticCredentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).clock(clock).build();
    }

    private static List<String> objects(S3Client s3, String bucket) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(o -> o.key()).sorted()
                .toList();
    }
}
