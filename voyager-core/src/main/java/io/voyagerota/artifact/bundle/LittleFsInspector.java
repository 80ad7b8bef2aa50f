package io.voyagerota.artifact.bundle;

import io.voyagerota.artifact.Check;
import io.voyagerota.artifact.FormatSniffer;
import io.voyagerota.artifact.Verdict;
import io.voyagerota.support.Checks;
import io.voyagerota.support.DigestingCopier;
import io.voyagerota.support.Hex;
import io.voyagerota.internal.LittleEndian;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Checks a LittleFS image (littlefs on-disk format v2) while it streams past, in constant memory. The check is the
 * minimum that tells a real filesystem from anything else: block 0 opens with a revision count and a commit whose
 * first tag is the superblock name tag ({@code "littlefs"}, hence that magic at offset 8) and whose second is the
 * superblock's inline struct (version 2.x, block size, block count); the commit's CRC-32 checks out; and the image is
 * exactly block size times block count bytes. Files are not walked: a valid first commit of block 0 is what littlefs
 * itself needs to mount.
 *
 * <p>Tags are stored big-endian, each XORed with the previous one (the first with 0xFFFFFFFF); the commit CRC is
 * littlefs's CRC-32 (polynomial 0x04C11DB7, reflected, initial value 0xFFFFFFFF, no final XOR) over everything from
 * the revision count up to and including the CRC tag. Not thread-safe.
 */
public final class LittleFsInspector {
    public static final String MAGIC = "littlefs-magic";
    public static final String SUPERBLOCK = "superblock";
    public static final String SUPERBLOCK_CRC = "superblock-crc";
    public static final String SIZE = "size";

    /** littlefs refuses smaller blocks ({@code lfs_init}). */
    public static final int MIN_BLOCK_SIZE = 128;

    private static final int TYPE_SUPERBLOCK = 0x0ff;
    private static final int TYPE_INLINE_STRUCT = 0x201;
    private static final int TYPE_FCRC = 0x5ff;
    private static final int SUPERBLOCK_LENGTH = 24;
    private static final long UNBOUNDED = Long.MAX_VALUE;

    private enum State { REVISION, TAG, DATA, CRC, REST, DRAIN }

    private final long maxBytes;
    private final long knownSize;
    private final MessageDigest sha = DigestingCopier.sha256();
    private final CRC32 crc = new CRC32();
    private final List<Check> checks = new ArrayList<>();
    private final byte[] head = new byte[FormatSniffer.HEAD_LENGTH];
    private final byte[] word = new byte[4];
    private final byte[] superblockBytes = new byte[SUPERBLOCK_LENGTH];

    private State state = State.REVISION;
    private long pos;
    private long boundary = 4;
    private boolean failed;
    private int tagIndex;
    private long tagStart;
    private long previousTag = 0xffff_ffffL;
    private long tag;
    private long expectedCrc;
    private long revision;
    private Superblock superblock;
    private LittleFsReport report;

    /** An inspector for an image of unknown size, rejecting it once it passes {@code maxBytes}. */
    public LittleFsInspector(long maxBytes) {
        this(maxBytes, -1);
    }

    private LittleFsInspector(long maxBytes, long knownSize) {
        this.maxBytes = Checks.inRange(maxBytes, 1, Long.MAX_VALUE, "maxBytes");
        this.knownSize = knownSize;
    }

    /** An inspector for an image whose exact size is known up front, such as a bundle's UI part. */
    public static LittleFsInspector ofSize(long size) {
        return new LittleFsInspector(size, Checks.inRange(size, 1, Long.MAX_VALUE, "image size"));
    }

    /** Feeds the next {@code len} bytes of the image. */
    public void update(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (report != null) {
            throw new IllegalStateException("finish() was called: use a new inspector for another image");
        }
        while (len > 0) {
            if (state != State.DRAIN && pos == Math.min(boundary, maxBytes)) {
                fail(SIZE, superblock == null
                        ? String.format("the file is larger than the limit of %d bytes; stopped at offset %d",
                        maxBytes, pos)
                        : String.format("unexpected data at offset %d: the superblock describes a %d-byte filesystem"
                        + " (%d blocks of %d bytes): remove the extra bytes or rebuild the image", pos,
                        superblock.filesystemSize(), superblock.blockCount(), superblock.blockSize()));
            }
            int n = (int) Math.min(len, state == State.DRAIN ? len : Math.min(boundary, maxBytes) - pos);
            sha.update(b, off, n);
            consume(b, off, n);
            pos += n;
            off += n;
            len -= n;
            while (state != State.DRAIN && state != State.REST && pos == boundary) {
                transition();
            }
        }
    }

    /** Whether a check has already failed: the rest of the image need not be sent. */
    public boolean rejected() {
        return failed;
    }

    /** Ends the inspection and returns the report; calling it again returns the same report. */
    public LittleFsReport finish() {
        if (report == null) {
            if (state == State.REST && pos == superblock.filesystemSize()) {
                pass(SIZE, String.format("%d bytes: %d blocks of %d bytes, as the superblock describes", pos,
                        superblock.blockCount(), superblock.blockSize()));
            } else if (state == State.REST) {
                fail(SIZE, String.format("the file ends at offset %d but the superblock describes %d blocks of %d"
                        + " bytes (%d bytes): the image is truncated, upload the whole file", pos,
                        superblock.blockCount(), superblock.blockSize(), superblock.filesystemSize()));
            } else if (state != State.DRAIN) {
                if (pos < 16 && !FormatSniffer.isLittleFs(head, (int) pos)) {
                    fail(MAGIC, notLittleFs());
                } else {
                    fail(SIZE, String.format("the file ends at offset %d, inside the first commit of block 0: the"
                            + " image is truncated, upload the whole file", pos));
                }
            }
            report = new LittleFsReport(pos, Hex.encode(sha.digest()), Optional.ofNullable(superblock), checks,
                    Verdict.of(checks));
        }
        return report;
    }

    private void consume(byte[] b, int off, int n) {
        if (pos < head.length) {
            System.arraycopy(b, off, head, (int) pos, (int) Math.min(n, head.length - pos));
        }
        switch (state) {
            case REVISION, TAG, CRC -> {
                System.arraycopy(b, off, word, (int) (pos - (boundary - 4)), n);
                if (state != State.CRC) {
                    crc.update(b, off, n);
                }
            }
            case DATA -> {
                crc.update(b, off, n);
                if (tagIndex == 1) {
                    long from = pos - (tagStart + 4);
                    if (from < SUPERBLOCK_LENGTH) {
                        System.arraycopy(b, off, superblockBytes, (int) from,
                                (int) Math.min(n, SUPERBLOCK_LENGTH - from));
                    }
                }
            }
            default -> {
                // the rest of the image and anything after a failure are only counted and hashed
            }
        }
    }

    private void transition() {
        switch (state) {
            case REVISION -> {
                revision = LittleEndian.u32(word, 0);
                startTag();
            }
            case TAG -> onTag();
            case DATA -> onData();
            case CRC -> onCrc();
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void startTag() {
        tagStart = pos;
        state = State.TAG;
        boundary = pos + 4;
    }

    private void onTag() {
        long raw = (word[0] & 0xffL) << 24 | (word[1] & 0xff) << 16 | (word[2] & 0xff) << 8 | (word[3] & 0xff);
        tag = raw ^ previousTag;
        previousTag = tag;
        int type = (int) (tag >>> 20) & 0x7ff;
        long size = tag & 0x3ff;
        long dataLength = size == 0x3ff ? 0 : size; // 0x3ff marks a deleted tag, which has no data
        if (tagIndex > 0 && (tag >>> 31) != 0) {
            fail(SUPERBLOCK_CRC, String.format("block 0 holds no complete commit: the tag at offset %d is not valid"
                    + " (erased or half-written flash): the image is corrupt, rebuild it", tagStart));
        } else if (tagIndex > 1 && (type >>> 8) == 5 && type != TYPE_FCRC) {
            expectedCrc = ~crc.getValue() & 0xffff_ffffL; // littlefs's CRC has no final inversion
            state = State.CRC;
            boundary = pos + 4;
        } else if (superblock != null && pos + dataLength > superblock.blockSize()) {
            fail(SUPERBLOCK_CRC, String.format("the tag at offset %d declares %d bytes, past the end of block 0 at"
                    + " offset %d, before any commit CRC: the image is corrupt, rebuild it", tagStart, dataLength,
                    superblock.blockSize()));
        } else {
            state = State.DATA;
            // the first tag is judged once its 8 data bytes (the magic) are in, whatever length it claims
            boundary = pos + (tagIndex == 0 ? 8 : dataLength);
        }
    }

    private void onData() {
        if (tagIndex == 0) {
            if (!FormatSniffer.isLittleFs(head, head.length)) {
                fail(MAGIC, notLittleFs());
                return;
            }
            if (tag != ((long) TYPE_SUPERBLOCK << 20 | 8)) {
                fail(SUPERBLOCK, String.format("\"littlefs\" is at offset 8, but the tag before it decodes to 0x%08X,"
                        + " not the superblock name tag 0x0FF00008: the image is corrupt, rebuild it", tag));
                return;
            }
            pass(MAGIC, "ASCII \"littlefs\" at offset 8, in the superblock name tag of block 0");
        } else if (tagIndex == 1) {
            if ((tag & ~0x3ffL) != (long) TYPE_INLINE_STRUCT << 20 || (tag & 0x3ff) < SUPERBLOCK_LENGTH) {
                fail(SUPERBLOCK, String.format("the tag at offset %d decodes to 0x%08X, not the superblock's inline"
                        + " struct (type 0x201, id 0, at least 24 bytes): the image is corrupt, rebuild it",
                        tagStart, tag));
                return;
            }
            onSuperblock();
            if (failed) {
                return;
            }
        }
        tagIndex++;
        startTag();
    }

    private void onSuperblock() {
        byte[] s = superblockBytes;
        Superblock sb = new Superblock(revision, LittleEndian.u32(s, 0), LittleEndian.u32(s, 4),
                LittleEndian.u32(s, 8), LittleEndian.u32(s, 12), LittleEndian.u32(s, 16), LittleEndian.u32(s, 20));
        String described = String.format("littlefs v%d.%d, %d blocks of %d bytes", sb.majorVersion(),
                sb.minorVersion(), sb.blockCount(), sb.blockSize());
        if (sb.majorVersion() != 2) {
            fail(SUPERBLOCK, String.format("the superblock at offset 20 says %s; only on-disk version 2.x is"
                    + " supported by the littlefs an ESP32 runs: rebuild the image with littlefs 2", described));
        } else if (sb.blockSize() < MIN_BLOCK_SIZE || sb.blockCount() < 2) {
            fail(SUPERBLOCK, String.format("the superblock at offset 20 says %s; littlefs needs blocks of at least"
                    + " %d bytes and at least 2 blocks: the image is corrupt", described, MIN_BLOCK_SIZE));
        } else if (knownSize >= 0 && sb.filesystemSize() != knownSize) {
            fail(SIZE, String.format("the superblock describes %s (%d bytes) but the image is %d bytes: the image and"
                    + " the size declared for it disagree, rebuild it", described, sb.filesystemSize(), knownSize));
        } else if (sb.filesystemSize() > maxBytes) {
            fail(SIZE, String.format("the superblock describes %s (%d bytes), more than the limit of %d bytes",
                    described, sb.filesystemSize(), maxBytes));
        } else {
            superblock = sb;
            pass(SUPERBLOCK, described + ", revision " + revision);
        }
    }

    private void onCrc() {
        long stored = LittleEndian.u32(word, 0);
        if (stored != expectedCrc) {
            fail(SUPERBLOCK_CRC, String.format("the CRC-32 of block 0's first commit at offset %d is 0x%08X but the"
                    + " commit's bytes give 0x%08X: the superblock is corrupt, rebuild the image", pos - 4, stored,
                    expectedCrc));
            return;
        }
        pass(SUPERBLOCK_CRC, String.format("block 0's first commit (offsets 0 to %d) matches its CRC-32 0x%08X",
                pos, stored));
        state = State.REST;
        boundary = superblock.filesystemSize();
    }

    private String notLittleFs() {
        return "not a LittleFS image: no ASCII \"littlefs\" at offset 8; the file looks like "
                + FormatSniffer.describe(head, (int) Math.min(pos, head.length));
    }

    private void pass(String name, String message) {
        checks.add(Check.pass(name, message));
    }

    private void fail(String name, String message) {
        checks.add(Check.fail(name, message));
        failed = true;
        state = State.DRAIN;
        boundary = UNBOUNDED;
    }
}
