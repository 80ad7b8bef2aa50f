package io.voyagerota.artifact;

import io.voyagerota.artifact.bundle.BundleInspector;
import io.voyagerota.artifact.bundle.BundleReport;
import io.voyagerota.artifact.esp32.Esp32ImageInspector;
import io.voyagerota.artifact.esp32.Esp32ImageReport;
import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.support.Checks;
import io.voyagerota.support.DigestingCopier;
import io.voyagerota.support.Hex;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Inspects an uploaded firmware artifact while it streams past: from its first bytes it tells an ESP32 application
 * image (first byte 0xE9) from a universal bundle (ASCII {@code BNDL}) from anything else, hands the bytes to
 * {@link Esp32ImageInspector} or {@link BundleInspector}, and reports one {@link ArtifactReport} whatever the kind.
 *
 * <pre>{@code
 * ArtifactReport report = ArtifactInspector.inspect(upload);     // streams with a 64 KiB buffer
 * Artifact artifact = report.toArtifact(key);                    // or InvalidArtifactException naming what is wrong
 * }</pre>
 *
 * Memory stays constant whatever the size; a file longer than the limit is rejected at the limit. Not thread-safe.
 */
public final class ArtifactInspector {
    public static final String FORMAT = "format";
    /** 128 MiB: the largest flash an ESP32 image header can declare, so no artifact for one can be larger. */
    public static final long DEFAULT_MAX_BYTES = 128L << 20;
    /** The read buffer of {@link #inspect(InputStream)}. */
    public static final int BUFFER = 64 * 1024;

    private final long maxBytes;
    private final byte[] head = new byte[FormatSniffer.HEAD_LENGTH];
    private int headLength;
    private Esp32ImageInspector image;
    private BundleInspector bundle;
    private MessageDigest unknown;
    private long unknownSize;
    private Check format;
    private ArtifactReport report;

    /** An inspector rejecting artifacts larger than {@code maxBytes}. */
    public ArtifactInspector(long maxBytes) {
        this.maxBytes = Checks.inRange(maxBytes, 1, Long.MAX_VALUE, "maxBytes");
    }

    /** Inspects everything {@code in} holds, up to {@link #DEFAULT_MAX_BYTES}. Does not close it. */
    public static ArtifactReport inspect(InputStream in) throws IOException {
        return inspect(in, DEFAULT_MAX_BYTES);
    }

    /**
     * Inspects what {@code in} holds, reading it with a {@value #BUFFER}-byte buffer and stopping as soon as the
     * artifact is rejected (so an endless or oversized stream is cut off at the limit). Does not close it.
     */
    public static ArtifactReport inspect(InputStream in, long maxBytes) throws IOException {
        ArtifactInspector inspector = new ArtifactInspector(maxBytes);
        byte[] buffer = new byte[BUFFER];
        int n;
        while (!inspector.rejected() && (n = in.read(buffer)) != -1) {
            inspector.update(buffer, 0, n);
        }
        return inspector.finish();
    }

    /** Feeds the next {@code len} bytes of the artifact. */
    public void update(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (report != null) {
            throw new IllegalStateException("finish() was called: use a new inspector for another artifact");
        }
        if (format == null) {
            int n = Math.min(len, head.length - headLength);
            System.arraycopy(b, off, head, headLength, n);
            headLength += n;
            off += n;
            len -= n;
            if (headLength < head.length) {
                return;
            }
            decide();
        }
        deliver(b, off, len);
    }

    /** Whether the artifact has already been rejected: the rest need not be sent. */
    public boolean rejected() {
        return format != null && (!format.passed() || (image != null && image.rejected())
                || (bundle != null && bundle.rejected()));
    }

    /** Ends the inspection and returns the report; calling it again returns the same report. */
    public ArtifactReport finish() {
        if (report != null) {
            return report;
        }
        if (format == null) {
            decide();
        }
        if (image != null) {
            Esp32ImageReport r = image.finish();
            List<Check> checks = prepend(r.checks());
            report = new ArtifactReport(Optional.of(ArtifactKind.APP_IMAGE), r.size(), r.sha256(), List.of(),
                    r.descriptor(), r.chip(), checks, Verdict.of(checks), Optional.of(r), Optional.empty());
        } else if (bundle != null) {
            BundleReport r = bundle.finish();
            Optional<Esp32ImageReport> fw = r.firmware();
            List<Check> checks = prepend(r.checks());
            report = new ArtifactReport(Optional.of(ArtifactKind.BUNDLE), r.size(), r.sha256(), r.parts(),
                    fw.flatMap(Esp32ImageReport::descriptor), fw.flatMap(Esp32ImageReport::chip), checks,
                    Verdict.of(checks), Optional.empty(), Optional.of(r));
        } else {
            report = new ArtifactReport(Optional.empty(), unknownSize, Hex.encode(unknown.digest()), List.of(),
                    Optional.empty(), Optional.empty(), List.of(format), Verdict.REJECTED, Optional.empty(),
                    Optional.empty());
        }
        return report;
    }

    private void decide() {
        if (FormatSniffer.isBundle(head, headLength)) {
            format = Check.pass(FORMAT, "a universal bundle (ASCII \"BNDL\" at offset 0)");
            bundle = new BundleInspector(maxBytes);
        } else if (FormatSniffer.isEspImage(head, headLength)) {
            format = Check.pass(FORMAT, "an ESP32 application image (first byte 0xE9)");
            image = new Esp32ImageInspector(maxBytes);
        } else {
            format = Check.fail(FORMAT, "not a firmware artifact: expected an ESP32 application image (first byte"
                    + " 0xE9) or a universal bundle (ASCII \"BNDL\"), but the file looks like "
                    + FormatSniffer.describe(head, headLength));
            unknown = DigestingCopier.sha256();
        }
        deliver(head, 0, headLength);
    }

    private void deliver(byte[] b, int off, int len) {
        if (image != null) {
            image.update(b, off, len);
        } else if (bundle != null) {
            bundle.update(b, off, len);
        } else {
            unknown.update(b, off, len);
            unknownSize += len;
        }
    }

    private List<Check> prepend(List<Check> checks) {
        return Stream.concat(Stream.of(format), checks.stream()).toList();
    }
}
