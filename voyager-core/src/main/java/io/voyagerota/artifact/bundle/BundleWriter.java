package io.voyagerota.artifact.bundle;

import io.voyagerota.artifact.FormatSniffer;
import io.voyagerota.artifact.InvalidArtifactException;
import io.voyagerota.support.Checks;
import io.voyagerota.internal.LittleEndian;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Packs a firmware image and a LittleFS image into a universal bundle, streaming: the 12-byte header, then exactly
 * the declared bytes of each part. It refuses parts of the wrong kind (a LittleFS image as firmware, an application
 * image as UI) and parts whose length differs from the size declared, so it never writes a bundle the inspector
 * would reject for its layout; whether the parts themselves are valid is {@link BundleInspector}'s job.
 */
public final class BundleWriter {
    /** The largest part a bundle header can declare (an unsigned 32-bit size). */
    public static final long MAX_PART_SIZE = 0xFFFF_FFFFL;

    private static final int BUFFER = 64 * 1024;

    private BundleWriter() {
    }

    /** The 12-byte header: ASCII {@code BNDL}, the firmware size and the UI size as little-endian u32. */
    public static byte[] header(long firmwareSize, long uiSize) {
        Checks.inRange(firmwareSize, 1, MAX_PART_SIZE, "firmware size");
        Checks.inRange(uiSize, 1, MAX_PART_SIZE, "ui size");
        byte[] header = new byte[BundleInspector.HEADER_LENGTH];
        System.arraycopy("BNDL".getBytes(StandardCharsets.US_ASCII), 0, header, 0, 4);
        LittleEndian.putU32(header, 4, firmwareSize);
        LittleEndian.putU32(header, 8, uiSize);
        return header;
    }

    /**
     * Writes a bundle of {@code firmwareSize} bytes read from {@code firmware} and {@code uiSize} bytes read from
     * {@code ui}. The firmware's first bytes are checked before anything is written, the UI's once the firmware is
     * out: write to a temporary file and keep it only if this returns. Closes neither stream.
     *
     * @return the bundle's length, 12 + firmwareSize + uiSize
     * @throws InvalidArtifactException if a part is of the wrong kind or not exactly its declared size
     */
    public static long write(OutputStream out, InputStream firmware, long firmwareSize, InputStream ui, long uiSize)
            throws IOException {
        byte[] header = header(firmwareSize, uiSize);
        byte[] firmwareHead = head(firmware, firmwareSize, "firmware");
        checkFirmware(firmwareHead);
        out.write(header);
        copy(firmwareHead, firmware, firmwareSize, out, "firmware");
        byte[] uiHead = head(ui, uiSize, "UI");
        checkUi(uiHead);
        copy(uiHead, ui, uiSize, out, "UI");
        return header.length + firmwareSize + uiSize;
    }

    /** Writes a bundle of the two files, sizes measured first; both parts are checked before anything is written. */
    public static long write(OutputStream out, Path firmware, Path ui) throws IOException {
        long firmwareSize = Files.size(firmware);
        long uiSize = Files.size(ui);
        try (InputStream f = Files.newInputStream(firmware); InputStream u = Files.newInputStream(ui)) {
            byte[] header = header(firmwareSize, uiSize);
            byte[] firmwareHead = head(f, firmwareSize, "firmware");
            byte[] uiHead = head(u, uiSize, "UI");
            checkFirmware(firmwareHead);
            checkUi(uiHead);
            out.write(header);
            copy(firmwareHead, f, firmwareSize, out, "firmware");
            copy(uiHead, u, uiSize, out, "UI");
            return header.length + firmwareSize + uiSize;
        }
    }

    private static byte[] head(InputStream in, long size, String part) throws IOException {
        byte[] head = in.readNBytes((int) Math.min(size, FormatSniffer.HEAD_LENGTH));
        if (head.length < Math.min(size, FormatSniffer.HEAD_LENGTH)) {
            throw shortPart(part, head.length, size);
        }
        return head;
    }

    private static void checkFirmware(byte[] head) {
        if (!FormatSniffer.isEspImage(head, head.length)) {
            throw new InvalidArtifactException("the firmware part is not an ESP32 application image: it looks like "
                    + FormatSniffer.describe(head, head.length) + "; pass the firmware .bin first and the LittleFS"
                    + " image second");
        }
    }

    private static void checkUi(byte[] head) {
        if (!FormatSniffer.isLittleFs(head, head.length)) {
            throw new InvalidArtifactException("the UI part is not a LittleFS image (no \"littlefs\" at offset 8): it"
                    + " looks like " + FormatSniffer.describe(head, head.length) + "; pass the firmware .bin first and"
                    + " the LittleFS image second");
        }
    }

    private static void copy(byte[] head, InputStream in, long size, OutputStream out, String part)
            throws IOException {
        out.write(head);
        byte[] buffer = new byte[BUFFER];
        long copied = head.length;
        while (copied < size) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, size - copied));
            if (n == -1) {
                throw shortPart(part, copied, size);
            }
            out.write(buffer, 0, n);
            copied += n;
        }
        if (in.read() != -1) {
            throw new InvalidArtifactException(String.format("the %s stream holds more than the %d bytes declared for"
                    + " it: declare its real size", part, size));
        }
    }

    private static InvalidArtifactException shortPart(String part, long got, long size) {
        return new InvalidArtifactException(String.format("the %s stream ended after %d of the %d bytes declared for"
                + " it: declare its real size, or pass the whole file", part, got, size));
    }
}
