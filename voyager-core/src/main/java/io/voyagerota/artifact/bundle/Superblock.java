package io.voyagerota.artifact.bundle;

/**
 * The superblock entry of a LittleFS image (littlefs SPEC.md, {@code LFS_TYPE_INLINESTRUCT} of id 0 in the first
 * commit of block 0), all fields little-endian.
 *
 * @param revision   the revision count of block 0
 * @param version    the on-disk version, major in the upper 16 bits ({@code 0x00020001} is v2.1)
 * @param blockSize  the logical block size in bytes
 * @param blockCount the number of blocks
 * @param nameMax    the longest file name, 0 for the default
 * @param fileMax    the largest file, 0 for the default
 * @param attrMax    the largest attribute, 0 for the default
 */
public record Superblock(long revision, long version, long blockSize, long blockCount, long nameMax, long fileMax,
                         long attrMax) {
    public int majorVersion() {
        return (int) (version >>> 16);
    }

    public int minorVersion() {
        return (int) (version & 0xffff);
    }

    /** The size of the filesystem the superblock describes: block size times block count. */
    public long filesystemSize() {
        return blockSize * blockCount;
    }
}
