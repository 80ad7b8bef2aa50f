package io.voyagerota.testing.images;

import io.voyagerota.catalog.Chip;
import io.voyagerota.internal.LittleEndian;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes ESP32 application images the way esptool's {@code elf2image} lays them out (esp-idf's
 * {@code esp_app_format.h}): valid ones with any chip, descriptor, segments, appended hash and Secure Boot v2
 * signature sector, and broken ones with one option per way an upload can be wrong. Content is deterministic noise
 * from {@link #seed}, generated as it is read, so images of any size stream without being held in memory.
 *
 * <pre>{@code
 * Esp32ImageBuilder.Image image = new Esp32ImageBuilder().chip(Chip.ESP32_C3).version("2.0.1").build();
 * ArtifactInspector.inspect(image.file().open());
 * }</pre>
 */
public final class Esp32ImageBuilder {
    /** What was built and where its parts are, so tests compute the offsets a message must name. */
    public record Image(GeneratedFile file, List<Long> segmentHeaderOffsets, long checksumOffset, int checksum,
                        long hashOffset, long imageEnd, long sectorOffset) {
    }

    private static final int SEGMENT_HEADER = 8;
    private static final int PAGE = 64 * 1024;
    private static final int SECTOR = 4096;

    private Chip chip = Chip.ESP32_S3;
    private int chipId = -1;
    private String version = "1.2.3";
    private String projectName = "voyager-test";
    private String time = "12:34:56";
    private String date = "Jan  1 2026";
    private String idfVersion = "v5.3.1";
    private long secureVersion;
    private long[] segmentLengths = {1024, 512};
    private boolean hashAppended = true;
    private boolean signed;
    private boolean padTo64k = true;
    private long seed = 1;
    private int magic = 0xE9;
    private boolean bootloader;
    private boolean flipChecksum;
    private boolean flipHash;
    private int absurdIndex = -1;
    private long absurdLength;
    private int trailingGarbage;
    private long truncateAt = -1;

    public Esp32ImageBuilder chip(Chip value) {
        chip = value;
        return this;
    }

    /** Writes this raw chip id at offset 12, known to Voyager or not. */
    public Esp32ImageBuilder rawChipId(int value) {
        chipId = value;
        return this;
    }

    /** The descriptor's version; empty as Arduino builds leave it. */
    public Esp32ImageBuilder version(String value) {
        version = value;
        return this;
    }

    public Esp32ImageBuilder projectName(String value) {
        projectName = value;
        return this;
    }

    public Esp32ImageBuilder time(String value) {
        time = value;
        return this;
    }

    public Esp32ImageBuilder date(String value) {
        date = value;
        return this;
    }

    public Esp32ImageBuilder idfVersion(String value) {
        idfVersion = value;
        return this;
    }

    public Esp32ImageBuilder secureVersion(long value) {
        secureVersion = value;
        return this;
    }

    /** The data lengths of the segments, multiples of 4; the first holds the 256-byte descriptor. */
    public Esp32ImageBuilder segments(long... lengths) {
        segmentLengths = lengths.clone();
        return this;
    }

    public Esp32ImageBuilder hashAppended(boolean value) {
        hashAppended = value;
        return this;
    }

    /**
     * Appends a Secure Boot v2 signature sector with one RSA block made for this image; with {@code padTo64k} the
     * image is padded like {@code elf2image --secure-pad-v2} so that it ends on a 64 KiB boundary, otherwise only
     * erased (0xFF) padding up to the next 4 KiB boundary separates image and sector, as espsecure pads.
     */
    public Esp32ImageBuilder secureBootSigned(boolean padTo64k) {
        signed = true;
        hashAppended = true;
        this.padTo64k = padTo64k;
        return this;
    }

    /** The seed of the segment contents. */
    public Esp32ImageBuilder seed(long value) {
        seed = value;
        return this;
    }

    /** Broken: another first byte than 0xE9. */
    public Esp32ImageBuilder badMagic(int firstByte) {
        magic = firstByte;
        return this;
    }

    /** Broken: a second-stage bootloader, whose first segment opens with a bootloader descriptor (0x50). */
    public Esp32ImageBuilder bootloaderLike() {
        bootloader = true;
        return this;
    }

    /** Broken: the checksum byte inverted. */
    public Esp32ImageBuilder flipChecksum() {
        flipChecksum = true;
        return this;
    }

    /** Broken: the first byte of the appended SHA-256 inverted. */
    public Esp32ImageBuilder flipHash() {
        flipHash = true;
        return this;
    }

    /** Broken: 17 segments, one more than esp-idf loads. */
    public Esp32ImageBuilder tooManySegments() {
        segmentLengths = new long[17];
        Arrays.fill(segmentLengths, 16);
        segmentLengths[0] = 256;
        return this;
    }

    /** Broken: segment {@code index}'s header declares {@code length}, whatever its data holds. */
    public Esp32ImageBuilder absurdSegmentLength(int index, long length) {
        absurdIndex = index;
        absurdLength = length;
        return this;
    }

    /** Broken: {@code n} bytes of text after the image (and after its signature sector, if any). */
    public Esp32ImageBuilder trailingGarbage(int n) {
        trailingGarbage = n;
        return this;
    }

    /** Broken: only the first {@code n} bytes. */
    public Esp32ImageBuilder truncatedAt(long n) {
        truncateAt = n;
        return this;
    }

    /** Broken in another way: an ESP8266 (version 1) image, whose first segment header sits at offset 8. */
    public static GeneratedFile esp8266(long seed) {
        List<GeneratedFile.Region> regions = new ArrayList<>();
        byte[] header = {(byte) 0xE9, 2, 0, 0x20, 0, 0, 0, 0};
        LittleEndian.putU32(header, 4, 0x4010_0004L);
        regions.add(GeneratedFile.bytes(header));
        long[][] segments = {{0x4010_0000L, 1024}, {0x3FFE_8000L, 256}};
        long pos = header.length;
        int checksum = 0xEF;
        for (long[] segment : segments) {
            regions.add(GeneratedFile.bytes(segmentHeader(segment[0], segment[1])));
            GeneratedFile.Region data = GeneratedFile.pseudo(seed + segment[0], segment[1]);
            regions.add(data);
            checksum ^= xor(data);
            pos += SEGMENT_HEADER + segment[1];
        }
        regions.add(GeneratedFile.bytes(checksumPadding(pos, checksum)));
        return GeneratedFile.of(regions);
    }

    /** Broken in another way: an ESP32 partition table (0xAA50 entries, an MD5 entry, erased flash to 3 KiB). */
    public static GeneratedFile partitionTable() {
        String[][] rows = {{"nvs", "1", "2", "36864", "24576"}, {"otadata", "1", "0", "61440", "8192"},
                {"phy_init", "1", "1", "69632", "4096"}, {"ota_0", "0", "16", "131072", "1572864"},
                {"ota_1", "0", "17", "1703936", "1572864"}, {"www_0", "1", "131", "3276800", "393216"}};
        byte[] table = new byte[3072];
        Arrays.fill(table, (byte) 0xff);
        for (int i = 0; i < rows.length; i++) {
            int at = i * 32;
            table[at] = (byte) 0xAA;
            table[at + 1] = 0x50;
            table[at + 2] = (byte) Integer.parseInt(rows[i][1]);
            table[at + 3] = (byte) Integer.parseInt(rows[i][2]);
            LittleEndian.putU32(table, at + 4, Long.parseLong(rows[i][3]));
            LittleEndian.putU32(table, at + 8, Long.parseLong(rows[i][4]));
            byte[] label = new byte[16];
            byte[] name = rows[i][0].getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(name, 0, label, 0, name.length);
            System.arraycopy(label, 0, table, at + 12, 16);
            LittleEndian.putU32(table, at + 28, 0);
        }
        table[rows.length * 32] = (byte) 0xEB;
        table[rows.length * 32 + 1] = (byte) 0xEB;
        return GeneratedFile.ofBytes(table);
    }

    public Image build() {
        int segmentCount = segmentLengths.length + (signed && padTo64k ? 1 : 0);
        List<GeneratedFile.Region> regions = new ArrayList<>();
        regions.add(GeneratedFile.bytes(header(segmentCount)));
        List<Long> headerOffsets = new ArrayList<>();
        long pos = 24;
        int checksum = 0xEF;
        for (int i = 0; i < segmentLengths.length; i++) {
            long length = segmentLengths[i];
            headerOffsets.add(pos);
            long declared = i == absurdIndex ? absurdLength : length;
            regions.add(GeneratedFile.bytes(segmentHeader(loadAddress(i), declared)));
            List<GeneratedFile.Region> data = new ArrayList<>();
            if (i == 0) {
                byte[] descriptor = bootloader ? bootloaderDescriptor() : appDescriptor();
                data.add(GeneratedFile.bytes(Arrays.copyOf(descriptor, (int) Math.min(length, descriptor.length))));
                data.add(GeneratedFile.pseudo(seed * 131 + i, Math.max(0, length - descriptor.length)));
            } else {
                data.add(GeneratedFile.pseudo(seed * 131 + i, length));
            }
            for (GeneratedFile.Region region : data) {
                checksum ^= xor(region);
                regions.add(region);
            }
            pos += SEGMENT_HEADER + length;
        }
        if (signed && padTo64k) {
            // elf2image --secure-pad-v2: a zero segment sized so that image + checksum + SHA-256 end on 64 KiB
            long padLength = Math.floorMod(PAGE - (pos + SEGMENT_HEADER) % PAGE - 16 - 32, PAGE);
            headerOffsets.add(pos);
            regions.add(GeneratedFile.bytes(segmentHeader(0, padLength)));
            regions.add(GeneratedFile.fill(0, padLength));
            pos += SEGMENT_HEADER + padLength;
        }
        byte[] padding = checksumPadding(pos, checksum ^ (flipChecksum ? 0xff : 0));
        regions.add(GeneratedFile.bytes(padding));
        long checksumOffset = pos + padding.length - 1;
        pos += padding.length;
        long hashOffset = -1;
        if (hashAppended) {
            byte[] hash = GeneratedFile.of(regions).sha256(pos);
            hash[0] ^= (byte) (flipHash ? 0xff : 0);
            regions.add(GeneratedFile.bytes(hash));
            hashOffset = pos;
            pos += hash.length;
        }
        long imageEnd = pos;
        long sectorOffset = -1;
        if (signed) {
            sectorOffset = (pos + SECTOR - 1) / SECTOR * SECTOR;
            regions.add(GeneratedFile.fill(0xff, sectorOffset - pos));
            regions.add(GeneratedFile.bytes(signatureSector(GeneratedFile.of(regions).sha256(sectorOffset))));
            pos = sectorOffset + SECTOR;
        }
        if (trailingGarbage > 0) {
            byte[] text = "trailing garbage ".repeat(trailingGarbage / 17 + 1).substring(0, trailingGarbage)
                    .getBytes(StandardCharsets.US_ASCII);
            regions.add(GeneratedFile.bytes(text));
        }
        GeneratedFile file = GeneratedFile.of(regions);
        if (truncateAt >= 0) {
            file = file.truncatedAt(truncateAt);
        }
        return new Image(file, headerOffsets, checksumOffset, checksum, hashOffset, imageEnd, sectorOffset);
    }

    private byte[] header(int segmentCount) {
        byte[] h = new byte[24];
        h[0] = (byte) magic;
        h[1] = (byte) segmentCount;
        h[2] = 2; // DIO
        h[3] = 0x2f; // 4 MB flash, 80 MHz
        LittleEndian.putU32(h, 4, 0x4037_5a88L);
        h[8] = (byte) 0xEE; // WP pin disabled, as esptool writes
        LittleEndian.putU16(h, 12, chipId >= 0 ? chipId : chip.imageChipId());
        LittleEndian.putU16(h, 17, 399);
        h[23] = (byte) (hashAppended ? 1 : 0);
        return h;
    }

    private byte[] appDescriptor() {
        byte[] d = new byte[256];
        LittleEndian.putU32(d, 0, 0xABCD5432L);
        LittleEndian.putU32(d, 4, secureVersion);
        putText(d, 16, 32, version);
        putText(d, 48, 32, projectName);
        putText(d, 80, 16, time);
        putText(d, 96, 16, date);
        putText(d, 112, 32, idfVersion);
        GeneratedFile.pseudo(seed ^ 0xE1F, 32).read(0, d, 144, 32);
        return d;
    }

    private byte[] bootloaderDescriptor() {
        byte[] d = new byte[80];
        d[0] = 0x50;
        LittleEndian.putU32(d, 4, 1);
        putText(d, 8, 32, idfVersion);
        putText(d, 40, 24, date + " " + time);
        return d;
    }

    private byte[] signatureSector(byte[] contentSha256) {
        byte[] sector = new byte[SECTOR];
        Arrays.fill(sector, (byte) 0xff);
        byte[] block = new byte[1216];
        block[0] = (byte) 0xE7;
        block[1] = 0x02;
        System.arraycopy(contentSha256, 0, block, 4, 32);
        GeneratedFile.pseudo(seed ^ 0x5167, 1196 - 36).read(0, block, 36, 1196 - 36); // key and signature stand-ins
        CRC32 crc = new CRC32();
        crc.update(block, 0, 1196);
        LittleEndian.putU32(block, 1196, crc.getValue());
        System.arraycopy(block, 0, sector, 0, block.length);
        return sector;
    }

    private static long loadAddress(int index) {
        return switch (index % 3) {
            case 0 -> index == 0 ? 0x3C00_0020L : 0x4200_0020L + index * 0x1_0000L;
            case 1 -> 0x3FC8_8000L + index * 0x100L;
            default -> 0x4037_4000L + index * 0x100L;
        };
    }

    static byte[] segmentHeader(long load, long length) {
        byte[] h = new byte[SEGMENT_HEADER];
        LittleEndian.putU32(h, 0, load);
        LittleEndian.putU32(h, 4, length);
        return h;
    }

    /** Zero padding after the segments to a multiple of 16 bytes, holding room for the checksum as its last byte. */
    static byte[] checksumPadding(long pos, int checksum) {
        long end = (pos + 1 + 15) / 16 * 16;
        byte[] padding = new byte[(int) (end - pos)];
        padding[padding.length - 1] = (byte) checksum;
        return padding;
    }

    private static int xor(GeneratedFile.Region region) {
        byte[] buffer = new byte[64 * 1024];
        int x = 0;
        for (long at = 0; at < region.length(); at += buffer.length) {
            int n = (int) Math.min(buffer.length, region.length() - at);
            region.read(at, buffer, 0, n);
            for (int i = 0; i < n; i++) {
                x ^= buffer[i];
            }
        }
        return x & 0xff;
    }

    private static void putText(byte[] d, int at, int length, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, d, at, Math.min(bytes.length, length));
    }
}
