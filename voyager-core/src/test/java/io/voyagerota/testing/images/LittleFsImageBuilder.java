package io.voyagerota.testing.images;

import io.voyagerota.internal.LittleEndian;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a minimal LittleFS image following littlefs's SPEC.md, the way {@code lfs_format} leaves one after its
 * compaction: block 0 holds the revision count and one commit (the superblock name tag {@code "littlefs"}, the
 * superblock inline struct, then a name tag and an inline struct per root file, then the CRC tag and CRC); every
 * other block, block 1 included, is erased (0xFF), which littlefs reads as the older half of the metadata pair.
 *
 * <p>Tags are big-endian, each XORed with the previous one (the first with 0xFFFFFFFF); the CRC is computed here bit
 * by bit as SPEC.md defines it, independently of the inspector's table-driven one, so each checks the other.
 */
public final class LittleFsImageBuilder {
    private static final int TYPE_REG = 0x001;
    private static final int TYPE_SUPERBLOCK = 0x0ff;
    private static final int TYPE_INLINE_STRUCT = 0x201;
    private static final int TYPE_CCRC = 0x500;

    private int blockSize = 4096;
    private long blockCount = 16;
    private long declaredBlockCount = -1;
    private long revision = 1;
    private int progSize = 16;
    private long version = 0x0002_0001L;
    private final Map<String, byte[]> files = new TreeMap<>(); // littlefs keeps a directory sorted by name
    private String magic = "littlefs";
    private boolean corruptCrc;

    public LittleFsImageBuilder blockSize(int value) {
        blockSize = value;
        return this;
    }

    public LittleFsImageBuilder blockCount(long value) {
        blockCount = value;
        return this;
    }

    public LittleFsImageBuilder revision(long value) {
        revision = value;
        return this;
    }

    /** The program block size commits are padded to. */
    public LittleFsImageBuilder progSize(int value) {
        progSize = value;
        return this;
    }

    /** The on-disk version, major in the upper 16 bits. */
    public LittleFsImageBuilder version(long value) {
        version = value;
        return this;
    }

    /** A small file in the root directory, stored inline in the superblock's metadata pair. */
    public LittleFsImageBuilder file(String name, byte[] content) {
        files.put(name, content.clone());
        return this;
    }

    /** Broken: another 8-byte magic at offset 8. */
    public LittleFsImageBuilder magic(String value) {
        magic = value;
        return this;
    }

    /** Broken: the superblock declares this block count while {@link #blockCount} blocks are written. */
    public LittleFsImageBuilder declaredBlockCount(long value) {
        declaredBlockCount = value;
        return this;
    }

    /** Broken: the commit's CRC with one bit flipped. */
    public LittleFsImageBuilder corruptCrc() {
        corruptCrc = true;
        return this;
    }

    public GeneratedFile build() {
        byte[] block0 = new byte[blockSize];
        Arrays.fill(block0, (byte) 0xff);
        byte[] commit = commit();
        if (commit.length > blockSize) {
            throw new IllegalArgumentException("the root commit takes " + commit.length + " bytes, more than a block"
                    + " of " + blockSize + ": use bigger blocks or fewer files");
        }
        System.arraycopy(commit, 0, block0, 0, commit.length);
        List<GeneratedFile.Region> regions = new ArrayList<>();
        regions.add(GeneratedFile.bytes(block0));
        regions.add(GeneratedFile.fill(0xff, (blockCount - 1) * blockSize));
        return GeneratedFile.of(regions);
    }

    private byte[] commit() {
        Commit c = new Commit();
        byte[] rev = new byte[4];
        LittleEndian.putU32(rev, 0, revision);
        c.out.writeBytes(rev);
        c.tag(TYPE_SUPERBLOCK, 0, magic.getBytes(StandardCharsets.US_ASCII));
        byte[] superblock = new byte[24];
        LittleEndian.putU32(superblock, 0, version);
        LittleEndian.putU32(superblock, 4, blockSize);
        LittleEndian.putU32(superblock, 8, declaredBlockCount >= 0 ? declaredBlockCount : blockCount);
        LittleEndian.putU32(superblock, 12, 255); // name_max
        LittleEndian.putU32(superblock, 16, 0x7fff_ffffL); // file_max
        LittleEndian.putU32(superblock, 20, 1022); // attr_max
        c.tag(TYPE_INLINE_STRUCT, 0, superblock);
        int id = 1;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            c.tag(TYPE_REG, id, file.getKey().getBytes(StandardCharsets.UTF_8));
            c.tag(TYPE_INLINE_STRUCT, id, file.getValue());
            id++;
        }
        // the CRC tag's size covers the CRC and the padding to the next program boundary
        int off = c.out.size();
        int end = (off + 8 + progSize - 1) / progSize * progSize;
        c.tag(TYPE_CCRC, 0x3ff, end - off - 4, new byte[0]);
        byte[] crc = new byte[4];
        LittleEndian.putU32(crc, 0, crc(c.out.toByteArray()) ^ (corruptCrc ? 1 : 0));
        c.out.writeBytes(crc);
        while (c.out.size() < end) {
            c.out.write(0xff);
        }
        return c.out.toByteArray();
    }

    /** littlefs's CRC-32 (SPEC.md): polynomial 0x04C11DB7, reflected, initial 0xFFFFFFFF, no final XOR. */
    static long crc(byte[] data) {
        long crc = 0xffff_ffffL;
        for (byte b : data) {
            crc ^= b & 0xff;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xEDB8_8320L : crc >>> 1;
            }
        }
        return crc;
    }

    private static final class Commit {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        long previous = 0xffff_ffffL;

        void tag(int type, int id, byte[] data) {
            tag(type, id, data.length, data);
        }

        void tag(int type, int id, int size, byte[] data) {
            long tag = (long) type << 20 | (long) id << 10 | size;
            long stored = tag ^ previous;
            previous = tag;
            out.write((int) (stored >>> 24));
            out.write((int) (stored >>> 16));
            out.write((int) (stored >>> 8));
            out.write((int) stored);
            out.writeBytes(data);
        }
    }
}
