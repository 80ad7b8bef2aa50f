package io.voyagerota.artifact.esp32;

import io.voyagerota.artifact.Check;
import io.voyagerota.artifact.Verdict;
import io.voyagerota.support.Checks;
import io.voyagerota.support.DigestingCopier;
import io.voyagerota.support.Hex;
import io.voyagerota.internal.LittleEndian;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks an ESP32 application image while it streams past, in constant memory: feed it with {@link #update} in chunks
 * of any size, then call {@link #finish}. It keeps only the fixed-size parts it needs (the header, one segment
 * header, the app descriptor, the hashes and, when present, the 4 KiB signature sector) and never trusts a length
 * field with more than a comparison, so a corrupt or hostile image cannot make it allocate or wait.
 *
 * <p>It follows esp-idf's {@code esp_image_format.c}: header, then segments (8-byte header, data whose length is a
 * multiple of 4 and less than 16 MiB), then zero padding up to the next multiple of 16 bytes whose last byte is the
 * checksum (0xEF XOR every segment data byte), then, when the header says so, the SHA-256 of everything before it.
 * Beyond that only a Secure Boot v2 signature sector may follow (erased padding to a 4 KiB boundary, then 4096 bytes).
 * The image must carry an app descriptor at offset 32, which bootloaders, partition tables and RAM-only images lack.
 *
 * <p>The first failed check ends the inspection: later bytes are only counted and hashed, and {@link #rejected()}
 * tells a caller it may stop sending them. Not thread-safe.
 */
public final class Esp32ImageInspector {
    public static final String SIZE_LIMIT = "size-limit";
    public static final String MAGIC = "magic";
    public static final String CHIP = "chip";
    public static final String HEADER = "header";
    public static final String SEGMENT_COUNT = "segment-count";
    public static final String SEGMENT_BOUNDS = "segment-bounds";
    public static final String APP_DESCRIPTOR = "app-descriptor";
    public static final String CHECKSUM = "checksum";
    public static final String APPENDED_HASH = "appended-hash";
    public static final String SIGNATURE_SECTOR = "signature-sector";
    public static final String TRAILING_DATA = "trailing-data";
    public static final String COMPLETE = "complete";

    /** The most segments esp-idf loads ({@code ESP_IMAGE_MAX_SEGMENTS}). */
    public static final int MAX_SEGMENTS = 16;
    /** esp-idf refuses a segment of this length or more. */
    public static final long SEGMENT_LENGTH_LIMIT = 16L << 20;

    private static final int CHECKSUM_SEED = 0xEF;
    private static final int HASH_LENGTH = 32;
    private static final int SECTOR_ALIGNMENT = 4096;
    private static final long UNBOUNDED = Long.MAX_VALUE;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private enum State { HEADER, SEGMENT_HEADER, SEGMENT_DATA, PADDING, HASH, AFTER_IMAGE, SECTOR, AFTER_SECTOR, DRAIN }

    private final long maxBytes;
    private final long knownSize;
    private final MessageDigest sha = DigestingCopier.sha256();
    private final List<Check> checks = new ArrayList<>();
    private final List<ImageSegment> segments = new ArrayList<>();
    private final byte[] header = new byte[ImageHeader.LENGTH];
    private final byte[] segmentHeader = new byte[8];
    private final byte[] descriptorBytes = new byte[AppDescriptor.LENGTH];
    private final byte[] storedHash = new byte[HASH_LENGTH];

    private State state = State.HEADER;
    private long pos;
    private long boundary = ImageHeader.LENGTH;
    private boolean failed;
    private ImageHeader imageHeader;
    private AppDescriptor descriptor;
    private boolean descriptorMagicChecked;
    private int segmentIndex;
    private long segmentStart;
    private long xorWords;
    private int xorBytes;
    private int storedChecksum;
    private byte[] imageHash;
    private long imageEnd = -1;
    private long sectorStart;
    private byte[] sector;
    private byte[] sectorContentHash;
    private int signatureBlocks;
    private Esp32ImageReport report;

    /** An inspector for an image of unknown size, rejecting it once it passes {@code maxBytes}. */
    public Esp32ImageInspector(long maxBytes) {
        this(maxBytes, -1);
    }

    private Esp32ImageInspector(long maxBytes, long knownSize) {
        this.maxBytes = Checks.inRange(maxBytes, 1, Long.MAX_VALUE, "maxBytes");
        this.knownSize = knownSize;
    }

    /**
     * An inspector for an image whose exact size is known before its bytes arrive, such as a bundle's firmware part:
     * a segment reaching past that size is rejected as soon as its header is read.
     */
    public static Esp32ImageInspector ofSize(long size) {
        return new Esp32ImageInspector(size, Checks.inRange(size, 1, Long.MAX_VALUE, "image size"));
    }

    /** Feeds the next {@code len} bytes of the image. */
    public void update(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (report != null) {
            throw new IllegalStateException("finish() was called: use a new inspector for another image");
        }
        while (len > 0) {
            if (state != State.DRAIN) {
                if (pos == maxBytes) {
                    fail(SIZE_LIMIT, ImageChecks.tooLarge(maxBytes));
                } else if (state == State.AFTER_IMAGE && pos == sectorStart) {
                    startSector(b[off] & 0xff);
                } else if (state == State.AFTER_SECTOR) {
                    fail(TRAILING_DATA, ImageChecks.afterSector(pos, imageEnd));
                }
            }
            int n = (int) Math.min(len, state == State.DRAIN ? len : Math.min(boundary, maxBytes) - pos);
            sha.update(b, off, n);
            consume(b, off, n);
            pos += n;
            off += n;
            len -= n;
            settle();
        }
    }

    /** Whether a check has already failed: the verdict is settled and the rest of the image need not be sent. */
    public boolean rejected() {
        return failed;
    }

    /** Ends the inspection and returns the report; calling it again returns the same report. */
    public Esp32ImageReport finish() {
        if (report == null) {
            if (state == State.AFTER_IMAGE && pos == imageEnd) {
                pass(TRAILING_DATA, "nothing follows the image, which ends at offset " + imageEnd);
            } else if (state == State.AFTER_IMAGE) {
                fail(TRAILING_DATA, ImageChecks.paddingOnly(pos - imageEnd, imageEnd));
            } else if (state == State.AFTER_SECTOR) {
                pass(TRAILING_DATA, "only a Secure Boot v2 signature sector follows the image end at offset "
                        + imageEnd);
            } else if (state != State.DRAIN) {
                failTruncated();
            }
            if (!failed) {
                pass(COMPLETE, pos + " bytes: the whole image its header describes");
                pass(SIZE_LIMIT, pos + " bytes, within the limit of " + maxBytes);
            }
            report = new Esp32ImageReport(pos, Hex.encode(sha.digest()), Optional.ofNullable(imageHeader),
                    segments, Optional.ofNullable(descriptor), Optional.ofNullable(imageHeader).flatMap(
                    ImageHeader::chip), signatureBlocks, checks, Verdict.of(checks));
        }
        return report;
    }

    private void consume(byte[] b, int off, int n) {
        switch (state) {
            case HEADER -> System.arraycopy(b, off, header, (int) pos, n);
            case SEGMENT_HEADER -> System.arraycopy(b, off, segmentHeader, (int) (pos - segmentStart), n);
            case SEGMENT_DATA -> {
                xor(b, off, n);
                if (segmentIndex == 0) {
                    long from = Math.max(pos, AppDescriptor.OFFSET);
                    long to = Math.min(pos + n, AppDescriptor.OFFSET + AppDescriptor.LENGTH);
                    if (from < to) {
                        System.arraycopy(b, off + (int) (from - pos), descriptorBytes,
                                (int) (from - AppDescriptor.OFFSET), (int) (to - from));
                    }
                }
            }
            case PADDING -> storedChecksum = b[off + n - 1] & 0xff;
            case HASH -> System.arraycopy(b, off, storedHash, (int) (pos - (boundary - HASH_LENGTH)), n);
            case AFTER_IMAGE -> checkPadding(b, off, n);
            case SECTOR -> System.arraycopy(b, off, sector, (int) (pos - sectorStart), n);
            default -> {
                // draining: the bytes are only counted and hashed
            }
        }
    }

    /** Runs the transitions whose bytes have all arrived. */
    private void settle() {
        if (state == State.SEGMENT_DATA && segmentIndex == 0) {
            checkDescriptor();
        }
        while (pos == boundary) {
            switch (state) {
                case HEADER -> onHeader();
                case SEGMENT_HEADER -> onSegmentHeader();
                case SEGMENT_DATA -> onSegmentEnd();
                case PADDING -> onChecksum();
                case HASH -> onHash();
                case SECTOR -> onSector();
                default -> {
                    return; // after the image: nothing more is due
                }
            }
        }
    }

    private void onHeader() {
        for (Check check : ImageChecks.judge(header)) {
            checks.add(check);
            if (!check.passed()) {
                drain();
                return;
            }
        }
        imageHeader = ImageHeader.parse(header);
        startSegmentHeader();
    }

    private void startSegmentHeader() {
        segmentStart = pos;
        state = State.SEGMENT_HEADER;
        boundary = pos + segmentHeader.length;
    }

    private void onSegmentHeader() {
        ImageSegment segment = new ImageSegment(segmentIndex, segmentStart, LittleEndian.u32(segmentHeader, 0),
                LittleEndian.u32(segmentHeader, 4));
        Optional<String> problem = ImageChecks.segmentProblem(segment, knownSize, maxBytes);
        if (problem.isPresent()) {
            fail(SEGMENT_BOUNDS, problem.get());
            return;
        }
        segments.add(segment);
        state = State.SEGMENT_DATA;
        boundary = segment.dataOffset() + segment.length();
    }

    private void checkDescriptor() {
        if (!descriptorMagicChecked && pos >= AppDescriptor.OFFSET + 4) {
            descriptorMagicChecked = true;
            long magic = LittleEndian.u32(descriptorBytes, 0);
            if (magic != AppDescriptor.MAGIC) {
                fail(APP_DESCRIPTOR, ImageChecks.noDescriptor(magic, descriptorBytes[0] & 0xff));
            }
        }
        if (descriptor == null && !failed && pos >= AppDescriptor.OFFSET + AppDescriptor.LENGTH) {
            descriptor = AppDescriptor.parse(descriptorBytes);
            pass(APP_DESCRIPTOR, descriptor.summary());
        }
    }

    private void onSegmentEnd() {
        if (segmentIndex == 0) {
            checkDescriptor();
            if (failed) {
                return;
            }
            if (descriptor == null) {
                fail(APP_DESCRIPTOR, ImageChecks.descriptorTooShort(pos - AppDescriptor.OFFSET));
                return;
            }
        }
        segmentIndex++;
        if (segmentIndex < imageHeader.segmentCount()) {
            startSegmentHeader();
            return;
        }
        long dataBytes = segments.stream().mapToLong(ImageSegment::length).sum();
        pass(SEGMENT_BOUNDS, String.format("%d segments with %d data bytes, ending at offset %d", segments.size(),
                dataBytes, pos));
        state = State.PADDING;
        boundary = (pos + 1 + 15) & ~15L; // zero padding to a multiple of 16 bytes; its last byte is the checksum
    }

    private void onChecksum() {
        long folded = xorWords ^ (xorWords >>> 32);
        folded ^= folded >>> 16;
        folded ^= folded >>> 8;
        int computed = (int) ((folded ^ xorBytes ^ CHECKSUM_SEED) & 0xff);
        if (computed != storedChecksum) {
            fail(CHECKSUM, String.format("the checksum byte at offset %d is 0x%02X but the segment data give 0x%02X:"
                    + " the image is corrupt; build or download it again", pos - 1, storedChecksum, computed));
            return;
        }
        pass(CHECKSUM, String.format("0x%02X at offset %d matches the segment data", computed, pos - 1));
        if (imageHeader.hashAppended()) {
            imageHash = digestSoFar();
            state = State.HASH;
            boundary = pos + HASH_LENGTH;
        } else {
            pass(APPENDED_HASH, "none: hash_appended is 0 at offset 23, so the checksum and the release's SHA-256"
                    + " protect the image");
            imageEnded();
        }
    }

    private void onHash() {
        long at = pos - HASH_LENGTH;
        if (!Arrays.equals(imageHash, storedHash)) {
            fail(APPENDED_HASH, ImageChecks.hashMismatch(at, Hex.encode(storedHash), Hex.encode(imageHash)));
            return;
        }
        pass(APPENDED_HASH, "the SHA-256 at offset " + at + " matches the image");
        imageEnded();
    }

    private void imageEnded() {
        imageEnd = pos;
        sectorStart = (pos + SECTOR_ALIGNMENT - 1) / SECTOR_ALIGNMENT * SECTOR_ALIGNMENT;
        state = State.AFTER_IMAGE;
        boundary = sectorStart;
    }

    private void checkPadding(byte[] b, int off, int n) {
        for (int i = 0; i < n; i++) {
            int v = b[off + i] & 0xff;
            if (v != 0xff && v != 0x00) {
                fail(TRAILING_DATA, ImageChecks.notPadding(imageEnd, v, pos + i));
                return;
            }
        }
    }

    private void startSector(int first) {
        if (first != SignatureSector.MAGIC) {
            fail(TRAILING_DATA, ImageChecks.notASector(imageEnd, pos, first));
            return;
        }
        sectorContentHash = digestSoFar();
        sector = new byte[SignatureSector.LENGTH];
        state = State.SECTOR;
        boundary = pos + SignatureSector.LENGTH;
    }

    private void onSector() {
        SignatureSector.Result result = SignatureSector.inspect(sector, sectorStart, sectorContentHash);
        sector = null;
        checks.add(result.check());
        if (!result.check().passed()) {
            drain();
            return;
        }
        signatureBlocks = result.blocks();
        state = State.AFTER_SECTOR;
        boundary = UNBOUNDED;
    }

    private void failTruncated() {
        if (state == State.HEADER && pos > 0 && (header[0] & 0xff) != ImageHeader.MAGIC) {
            fail(MAGIC, ImageChecks.notAnImage(header, (int) pos));
            return;
        }
        String where = switch (state) {
            case HEADER -> pos == 0 ? null : "inside the 24-byte image header";
            case SEGMENT_HEADER -> String.format("inside the 8-byte header of segment %d at offset %d", segmentIndex,
                    segmentStart);
            case SEGMENT_DATA -> String.format("inside segment %d, which declares %d bytes from offset %d",
                    segmentIndex, boundary - segmentStart - 8, segmentStart + 8);
            case PADDING -> String.format("before the checksum byte at offset %d", boundary - 1);
            case HASH -> String.format("inside the SHA-256 appended at offset %d", boundary - HASH_LENGTH);
            default -> String.format("inside the 4096-byte Secure Boot v2 signature sector at offset %d", sectorStart);
        };
        fail(COMPLETE, where == null ? "the file is empty: expected an ESP32 application image"
                : String.format("the file ends at offset %d, %s; expected at least %d bytes: the image is truncated,"
                + " upload the whole file", pos, where, boundary));
    }

    private void xor(byte[] b, int off, int n) {
        long words = xorWords;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            words ^= (long) LONGS.get(b, off + i);
        }
        xorWords = words;
        int bytes = xorBytes;
        for (; i < n; i++) {
            bytes ^= b[off + i];
        }
        xorBytes = bytes & 0xff;
    }

    private byte[] digestSoFar() {
        try {
            return ((MessageDigest) sha.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    private void pass(String name, String message) {
        checks.add(Check.pass(name, message));
    }

    private void fail(String name, String message) {
        checks.add(Check.fail(name, message));
        drain();
    }

    private void drain() {
        failed = true;
        state = State.DRAIN;
        boundary = UNBOUNDED;
    }
}
