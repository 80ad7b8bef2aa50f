package io.voyagerota.internal;

/** Reads and writes the little-endian unsigned integers of binary formats (ESP32 images, bundles, littlefs). */
public final class LittleEndian {
    private LittleEndian() {
    }

    public static int u8(byte[] b, int at) {
        return b[at] & 0xff;
    }

    public static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    /** An unsigned 32-bit value, as a long so that values past 2^31 stay positive. */
    public static long u32(byte[] b, int at) {
        return (u16(b, at) | (long) u16(b, at + 2) << 16) & 0xffff_ffffL;
    }

    public static void putU16(byte[] b, int at, int value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >>> 8);
    }

    public static void putU32(byte[] b, int at, long value) {
        putU16(b, at, (int) value);
        putU16(b, at + 2, (int) (value >>> 16));
    }
}
