package io.voyagerota.artifact.esp32;

import io.voyagerota.catalog.Chip;
import io.voyagerota.internal.LittleEndian;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The 24-byte header of an ESP32 application image ({@code esp_image_header_t} in esp-idf's
 * {@code esp_app_format.h}), little-endian.
 *
 * @param segmentCount   offset 1: how many segments follow (at most 16)
 * @param spiMode        offset 2: flash read mode, 0 QIO, 1 QOUT, 2 DIO, 3 DOUT, 4 FAST_READ, 5 SLOW_READ
 * @param spiSpeed       offset 3, low nibble: flash clock divider code
 * @param spiSize        offset 3, high nibble: flash size code, 0 = 1 MB doubling up to 7 = 128 MB
 * @param entryAddress   offset 4: where the CPU starts
 * @param wpPin          offset 8: WP pin when SPI pins come from eFuse (0xEE = disabled)
 * @param spiPinDrive    offsets 9 to 11: drive settings of the SPI flash pins
 * @param chipId         offset 12 (u16): the chip the image was built for
 * @param minChipRev     offset 14: minimum chip revision, legacy form
 * @param minChipRevFull offset 15 (u16): minimum chip revision as major * 100 + minor
 * @param maxChipRevFull offset 17 (u16): maximum chip revision as major * 100 + minor
 * @param hashAppended   offset 23: a SHA-256 of the image follows its checksum
 */
public record ImageHeader(int segmentCount, int spiMode, int spiSpeed, int spiSize, long entryAddress, int wpPin,
                          List<Integer> spiPinDrive, int chipId, int minChipRev, int minChipRevFull,
                          int maxChipRevFull, boolean hashAppended) {
    /** The first byte of every ESP32 image. */
    public static final int MAGIC = 0xE9;
    public static final int LENGTH = 24;

    private static final List<String> SPI_MODES = List.of("QIO", "QOUT", "DIO", "DOUT", "FAST_READ", "SLOW_READ");

    public ImageHeader {
        spiPinDrive = List.copyOf(spiPinDrive);
    }

    /** Reads the fields of a 24-byte header; checking them is the inspector's job. */
    static ImageHeader parse(byte[] h) {
        return new ImageHeader(h[1] & 0xff, h[2] & 0xff, h[3] & 0x0f, (h[3] & 0xff) >>> 4, LittleEndian.u32(h, 4),
                h[8] & 0xff, List.of(h[9] & 0xff, h[10] & 0xff, h[11] & 0xff), LittleEndian.u16(h, 12),
                h[14] & 0xff, LittleEndian.u16(h, 15), LittleEndian.u16(h, 17), h[23] == 1);
    }

    /**
     * Whether a header that starts with 0xE9 is an ESP8266 image rather than an ESP32 one. Both chips share the
     * 8-byte common header, but only ESP32-family images continue with the 16-byte extended header (WP pin, drive
     * settings, chip id ...); an ESP8266 (version 1) image puts its first segment header right at offset 8, so the
     * word there is a load address in the ESP8266 memory map: DRAM 0x3FFE8000-0x3FFFFFFF, IRAM/cache
     * 0x40100000-0x4010FFFF or flash-mapped IROM 0x40200000-0x402FFFFF. In an ESP32 header that word is the WP pin
     * and three drive-setting bytes, whose top byte holds two drive strengths of 0 to 3 and so is never 0x3F or 0x40.
     */
    static boolean looksLikeEsp8266(byte[] h) {
        long word = LittleEndian.u32(h, 8);
        return (word >= 0x3FFE_8000L && word < 0x4000_0000L)
                || (word >= 0x4010_0000L && word < 0x4011_0000L)
                || (word >= 0x4020_0000L && word < 0x4030_0000L);
    }

    /** The chip family of {@link #chipId}, if Voyager knows it. */
    public Optional<Chip> chip() {
        return Chip.fromImageChipId(chipId);
    }

    /** {@code DIO}, {@code QIO} ... or {@code unknown (7)}. */
    public String spiModeName() {
        return spiMode < SPI_MODES.size() ? SPI_MODES.get(spiMode) : "unknown (" + spiMode + ")";
    }

    /** The flash size the image was built for, when {@link #spiSize} is a size code esp-idf defines. */
    public OptionalLong flashSizeBytes() {
        return spiSize <= 7 ? OptionalLong.of((1L << 20) << spiSize) : OptionalLong.empty();
    }
}
