package io.voyagerota.artifact.esp32;

/**
 * One segment of an ESP32 image: an 8-byte header (load address, data length) and its data.
 *
 * @param index        0 for the first segment, which starts with the app descriptor
 * @param headerOffset where its header starts in the file
 * @param loadAddress  the address the segment is loaded at or mapped to
 * @param length       the length of its data in bytes, after the header
 */
public record ImageSegment(int index, long headerOffset, long loadAddress, long length) {
    /** Where its data starts in the file. */
    public long dataOffset() {
        return headerOffset + 8;
    }
}
