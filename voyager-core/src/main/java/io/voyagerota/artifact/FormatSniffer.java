package io.voyagerota.artifact;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Names what a file is from its first bytes, so that a rejection can say "this is a LittleFS image" or "this is the
 * .elf, not the .bin" instead of only "wrong magic". Sixteen bytes are enough for every format it knows.
 */
public final class FormatSniffer {
    /** How many leading bytes {@link #describe} looks at. */
    public static final int HEAD_LENGTH = 16;

    private static final byte[] BUNDLE = "BNDL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LITTLEFS = "littlefs".getBytes(StandardCharsets.US_ASCII);

    private FormatSniffer() {
    }

    /** Whether the bytes start like a universal bundle: ASCII {@code BNDL}. */
    public static boolean isBundle(byte[] head, int length) {
        return startsWith(head, length, 0, BUNDLE);
    }

    /** Whether the bytes start like a LittleFS image: ASCII {@code littlefs} at offset 8, in its superblock entry. */
    public static boolean isLittleFs(byte[] head, int length) {
        return startsWith(head, length, 8, LITTLEFS);
    }

    /** Whether the first byte is 0xE9, the magic of ESP32 (and ESP8266 version 1) images. */
    public static boolean isEspImage(byte[] head, int length) {
        return length > 0 && (head[0] & 0xff) == 0xE9;
    }

    /**
     * A phrase naming what the first {@code length} bytes of {@code head} look like, such as
     * {@code a LittleFS image ("littlefs" at offset 8)}; for unknown content, the leading bytes in hex.
     */
    public static String describe(byte[] head, int length) {
        int n = Math.min(length, head.length);
        if (n == 0) {
            return "an empty file";
        }
        int b0 = head[0] & 0xff;
        int b1 = n > 1 ? head[1] & 0xff : -1;
        if (isBundle(head, n)) {
            return "a universal bundle (starts with ASCII \"BNDL\")";
        }
        if (isLittleFs(head, n)) {
            return "a LittleFS filesystem image (ASCII \"littlefs\" at offset 8)";
        }
        if (startsWith(head, n, 0, new byte[] {0x7f, 'E', 'L', 'F'})) {
            return "an ELF file (starts with 0x7F \"ELF\"): upload the .bin that idf.py or esptool elf2image makes"
                    + " from it, not the .elf";
        }
        if (startsWith(head, n, 0, new byte[] {'P', 'K', 3, 4})) {
            return "a zip archive (starts with \"PK\\3\\4\"): unpack it and upload the firmware .bin inside";
        }
        if (b0 == 0x1f && b1 == 0x8b) {
            return "a gzip stream (starts with 0x1F 0x8B): decompress it first";
        }
        if (b0 == 0xAA && b1 == 0x50) {
            return "an ESP32 partition table (entries start with 0xAA 0x50): flash it with esptool, it is not firmware";
        }
        if (b0 == 0xEA) {
            return "an ESP8266 OTA (version 2) image (first byte 0xEA): ESP8266 images cannot run on an ESP32";
        }
        if (b0 == 0xE9) {
            return "an ESP image (first byte 0xE9)";
        }
        if (b0 == 0xE7) {
            return "a Secure Boot v2 signature block (first byte 0xE7) without the image it signs";
        }
        if (all(head, n, 0xff)) {
            return "erased flash (every byte is 0xFF)";
        }
        if (all(head, n, 0x00)) {
            return "zeros (every byte is 0x00)";
        }
        if (startsWith(head, n, 0, "UF2\n".getBytes(StandardCharsets.US_ASCII))) {
            return "a UF2 file: convert it back to a .bin";
        }
        if (isText(head, n)) {
            String text = new String(head, 0, n, StandardCharsets.US_ASCII).strip();
            if (b0 == ':') {
                return "an Intel HEX file (text starting with ':'): convert it to a .bin";
            }
            if (b0 == '<' || b0 == '{') {
                return "a text document (starts with \"" + text + "\"): probably an error page or a JSON answer"
                        + " saved instead of the firmware";
            }
            return "text (starts with \"" + text + "\")";
        }
        return "bytes " + hex(head, Math.min(n, 8));
    }

    /** {@code e9 06 02 1f}: the first {@code n} bytes, for messages. */
    public static String hex(byte[] bytes, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[i] & 0xff));
        }
        return out.toString();
    }

    private static boolean startsWith(byte[] head, int length, int at, byte[] magic) {
        return length >= at + magic.length
                && Arrays.equals(head, at, at + magic.length, magic, 0, magic.length);
    }

    private static boolean all(byte[] head, int n, int value) {
        for (int i = 0; i < n; i++) {
            if ((head[i] & 0xff) != value) {
                return false;
            }
        }
        return true;
    }

    private static boolean isText(byte[] head, int n) {
        for (int i = 0; i < n; i++) {
            int c = head[i] & 0xff;
            if (c >= 0x7f || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
                return false;
            }
        }
        return true;
    }
}
