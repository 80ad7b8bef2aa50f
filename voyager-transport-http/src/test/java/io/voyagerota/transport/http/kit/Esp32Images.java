package io.voyagerota.transport.http.kit;

import io.voyagerota.catalog.Chip;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/**
 * Well-formed ESP32 application images as esptool writes them (esp-idf {@code esp_app_format.h}), so releases pass
 * any validation pipeline: a 24-byte header, a DROM segment opening with the 256-byte app descriptor, an IROM
 * segment of pseudo-random code, zero padding to the XOR checksum byte, and the appended SHA-256.
 */
public final class Esp32Images {
    private static final int HEADER = 24;
    private static final int SEGMENT_HEADER = 8;
    private static final int DESCRIPTOR = 256;
    private static final int HASH = 32;

    private Esp32Images() {
    }

    /**
     * An application image of about {@code approximateSize} bytes (at least a few hundred).
     *
     * @param version       the version its descriptor declares
     * @param secureVersion the anti-rollback epoch its descriptor declares
     */
    public static byte[] appImage(Chip chip, String version, int secureVersion, int approximateSize, long seed) {
        int code = Math.max(4, (approximateSize - HEADER - 2 * SEGMENT_HEADER - DESCRIPTOR - HASH - 16) / 4 * 4);
        int unpadded = HEADER + 2 * SEGMENT_HEADER + DESCRIPTOR + code;
        int withChecksum = (unpadded / 16 + 1) * 16; // zero padding, then the checksum as the 16th byte
        ByteBuffer out = ByteBuffer.allocate(withChecksum + HASH).order(ByteOrder.LITTLE_ENDIAN);

        out.put((byte) 0xE9).put((byte) 2).put((byte) 2).put((byte) 0x20); // magic, 2 segments, DIO, 4 MB @ 40 MHz
        out.putInt(0x40380000);                                         // entry address
        out.put((byte) 0xEE).put(new byte[3]);                          // WP pin unused, drive settings
        out.putShort((short) chip.imageChipId());
        out.put((byte) 0).putShort((short) 0).putShort((short) 99);      // chip revisions v0.0 .. v0.99
        out.put(new byte[4]).put((byte) 1);                             // reserved, SHA-256 appended

        out.putInt(0x3C000020).putInt(DESCRIPTOR);                      // DROM: the app descriptor
        int descriptorStart = out.position();
        out.putInt(0xABCD5432).putInt(secureVersion).put(new byte[8]);
        text(out, version, 32);
        text(out, "voyager-test", 32);
        text(out, "00:00:00", 16);
        text(out, "Jan  1 2030", 16);
        text(out, "v5.3", 32);
        byte[] elf = new byte[32];
        new Random(seed).nextBytes(elf);
        out.put(elf).put(new byte[DESCRIPTOR - (out.position() - descriptorStart)]);

        out.putInt(0x42000020).putInt(code);                            // IROM: the code
        byte[] instructions = new byte[code];
        new Random(seed + 1).nextBytes(instructions);
        out.put(instructions);

        byte checksum = (byte) 0xEF;
        byte[] image = out.array();
        for (int i = descriptorStart; i < descriptorStart + DESCRIPTOR; i++) {
            checksum ^= image[i];
        }
        for (byte b : instructions) {
            checksum ^= b;
        }
        out.position(withChecksum - 1);
        out.put(checksum);
        out.put(sha256(image, withChecksum));
        return image;
    }

    private static void text(ByteBuffer out, String value, int width) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        out.put(bytes, 0, Math.min(bytes.length, width - 1)).put(new byte[width - Math.min(bytes.length, width - 1)]);
    }

    private static byte[] sha256(byte[] bytes, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes, 0, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
