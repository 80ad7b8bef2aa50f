package io.voyagerota.testing.images;

import io.voyagerota.internal.LittleEndian;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes universal bundles (ASCII {@code BNDL}, firmware size, UI size, little-endian, then the two parts) from
 * generated parts, and broken ones: another magic, declared sizes that do not match the parts, parts swapped, extra
 * bytes. Truncate the result with {@link GeneratedFile#truncatedAt}.
 */
public final class BundleBuilder {
    private GeneratedFile firmware = new Esp32ImageBuilder().build().file();
    private GeneratedFile ui = new LittleFsImageBuilder().blockCount(4).build();
    private String magic = "BNDL";
    private long declaredFirmwareSize = -1;
    private long declaredUiSize = -1;
    private boolean swapParts;
    private int extraBytes;

    public BundleBuilder firmware(GeneratedFile value) {
        firmware = value;
        return this;
    }

    public BundleBuilder ui(GeneratedFile value) {
        ui = value;
        return this;
    }

    /** Broken: another 4-byte magic. */
    public BundleBuilder magic(String value) {
        magic = value;
        return this;
    }

    /** Broken: the header declares this firmware size instead of the firmware's real one. */
    public BundleBuilder declaredFirmwareSize(long value) {
        declaredFirmwareSize = value;
        return this;
    }

    /** Broken: the header declares this UI size instead of the UI image's real one. */
    public BundleBuilder declaredUiSize(long value) {
        declaredUiSize = value;
        return this;
    }

    /** Broken: the UI image first and the firmware second, each under the other's size (cross-flashing). */
    public BundleBuilder swapParts() {
        swapParts = true;
        return this;
    }

    /** Broken: {@code n} bytes after the UI part. */
    public BundleBuilder extraBytes(int n) {
        extraBytes = n;
        return this;
    }

    public GeneratedFile build() {
        GeneratedFile first = swapParts ? ui : firmware;
        GeneratedFile second = swapParts ? firmware : ui;
        byte[] header = new byte[12];
        System.arraycopy(magic.getBytes(StandardCharsets.US_ASCII), 0, header, 0, 4);
        LittleEndian.putU32(header, 4, declaredFirmwareSize >= 0 ? declaredFirmwareSize : first.size());
        LittleEndian.putU32(header, 8, declaredUiSize >= 0 ? declaredUiSize : second.size());
        List<GeneratedFile.Region> regions = new ArrayList<>();
        regions.add(GeneratedFile.bytes(header));
        regions.add(GeneratedFile.of(first));
        regions.add(GeneratedFile.of(second));
        regions.add(GeneratedFile.pseudo(0xB0B, extraBytes));
        return GeneratedFile.of(regions);
    }
}
