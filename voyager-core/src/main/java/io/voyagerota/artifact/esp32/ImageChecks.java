package io.voyagerota.artifact.esp32;

import static io.voyagerota.artifact.esp32.Esp32ImageInspector.CHIP;
import static io.voyagerota.artifact.esp32.Esp32ImageInspector.HEADER;
import static io.voyagerota.artifact.esp32.Esp32ImageInspector.MAGIC;
import static io.voyagerota.artifact.esp32.Esp32ImageInspector.MAX_SEGMENTS;
import static io.voyagerota.artifact.esp32.Esp32ImageInspector.SEGMENT_COUNT;
import static io.voyagerota.artifact.esp32.Esp32ImageInspector.SEGMENT_LENGTH_LIMIT;

import io.voyagerota.artifact.Check;
import io.voyagerota.artifact.FormatSniffer;
import io.voyagerota.catalog.Chip;
import io.voyagerota.internal.LittleEndian;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The rules of an image's fixed parts and the messages that explain a breach, kept apart from the streaming. */
final class ImageChecks {
    private ImageChecks() {
    }

    /** Judges a complete 24-byte header: magic, chip family, flags and segment count; only the last can fail. */
    static List<Check> judge(byte[] header) {
        List<Check> checks = new ArrayList<>();
        if ((header[0] & 0xff) != ImageHeader.MAGIC) {
            checks.add(Check.fail(MAGIC, notAnImage(header, header.length)));
            return checks;
        }
        checks.add(Check.pass(MAGIC, "0xE9 at offset 0"));
        if (ImageHeader.looksLikeEsp8266(header)) {
            checks.add(Check.fail(CHIP, String.format("this is an ESP8266 image, not an ESP32 one: the word at offset"
                    + " 8 is 0x%08X, an ESP8266 segment load address where ESP32 images have their extended header"
                    + " (WP pin, drive settings, chip id); build the firmware for the ESP32 target",
                    LittleEndian.u32(header, 8))));
            return checks;
        }
        ImageHeader h = ImageHeader.parse(header);
        Optional<Chip> chip = h.chip();
        if (chip.isEmpty()) {
            checks.add(Check.fail(CHIP, String.format("chip id %d at offset 12 is not an ESP32 chip Voyager knows"
                    + " (%s): the image is for another chip or is not an application image", h.chipId(),
                    Arrays.stream(Chip.values()).map(c -> c + " " + c.imageChipId())
                            .collect(Collectors.joining(", ")))));
            return checks;
        }
        checks.add(Check.pass(CHIP, String.format("%s (chip id %d at offset 12), chip revision v%d.%d or later",
                chip.get().name().replace('_', '-'), h.chipId(), h.minChipRevFull() / 100,
                h.minChipRevFull() % 100)));
        if ((header[23] & 0xff) > 1) {
            checks.add(Check.fail(HEADER, String.format("hash_appended at offset 23 is 0x%02X; esptool writes 0 or 1:"
                    + " the header is corrupt or this is not an application image", header[23] & 0xff)));
            return checks;
        }
        checks.add(Check.pass(HEADER, String.format("entry 0x%08X, SPI mode %s, flash %s, SHA-256 appended: %s",
                h.entryAddress(), h.spiModeName(), h.flashSizeBytes().isPresent()
                        ? (h.flashSizeBytes().getAsLong() >> 20) + " MB" : "size code " + h.spiSize(),
                h.hashAppended() ? "yes" : "no")));
        if (h.segmentCount() == 0 || h.segmentCount() > MAX_SEGMENTS) {
            checks.add(Check.fail(SEGMENT_COUNT, String.format("the header at offset 1 declares %d segments; an"
                    + " application image has 1 to %d: the header is corrupt or the linker script is broken",
                    h.segmentCount(), MAX_SEGMENTS)));
            return checks;
        }
        checks.add(Check.pass(SEGMENT_COUNT, h.segmentCount() + " segments (at most " + MAX_SEGMENTS + ")"));
        return checks;
    }

    /** Why a file whose first byte is not 0xE9 is no image, naming what it looks like instead. */
    static String notAnImage(byte[] header, int length) {
        return String.format("not an ESP32 image: the first byte is 0x%02X, not 0xE9; the file looks like %s",
                header[0] & 0xff, FormatSniffer.describe(header, Math.min(length, FormatSniffer.HEAD_LENGTH)));
    }

    /**
     * What is wrong with a segment header, if anything: esp-idf wants a length that is a multiple of 4 and below
     * 16 MiB, and the data must end before the image does (a checksum byte follows) and within the size limit.
     */
    static Optional<String> segmentProblem(ImageSegment segment, long knownSize, long maxBytes) {
        String which = String.format("segment %d (header at offset %d) declares %d bytes", segment.index(),
                segment.headerOffset(), segment.length());
        long end = segment.dataOffset() + segment.length();
        if (segment.length() >= SEGMENT_LENGTH_LIMIT) {
            return Optional.of(which + ", but esp-idf allows less than 16 MiB per segment: the length field is"
                    + " corrupt or this is not an application image");
        } else if (segment.length() % 4 != 0) {
            return Optional.of(which + ", not a multiple of 4 as esp-idf requires: the length field is corrupt");
        } else if (knownSize >= 0 && end >= knownSize) {
            return Optional.of(String.format("%s from offset %d, reaching offset %d, but the image is %d bytes long"
                    + " and needs at least one more for its checksum: the length field is corrupt or the image is"
                    + " truncated", which, segment.dataOffset(), end, knownSize));
        } else if (end >= maxBytes) {
            return Optional.of(String.format("%s from offset %d, reaching offset %d, past the size limit of %d"
                    + " bytes: the length field is corrupt", which, segment.dataOffset(), end, maxBytes));
        }
        return Optional.empty();
    }

    /** Why an image without the descriptor magic at offset 32 is no application. */
    static String noDescriptor(long magic, int firstByte) {
        return String.format("not an application image: no app descriptor at offset 32 (magic word 0x%08X, expected"
                + " 0xABCD5432); %s", magic, firstByte == 0x50
                ? "the byte 0x50 there is a bootloader descriptor: this is a second-stage bootloader, upload the"
                + " application .bin instead" : "bootloaders, RAM-only images and other non-application images have"
                + " none: upload the application .bin from the build directory");
    }

    /** Why an image whose first segment cannot hold the descriptor is no application. */
    static String descriptorTooShort(long firstSegmentLength) {
        return String.format("not an application image: its first segment holds %d bytes, too few for the 256-byte"
                + " app descriptor at offset 32 (bootloaders and RAM-only images look like this): upload the"
                + " application .bin", firstSegmentLength);
    }

    /** Why a byte after the image, before a 4 KiB boundary, is refused: only erased or zero padding may be there. */
    static String notPadding(long imageEnd, int value, long at) {
        return String.format("unexpected data after the image, which ends at offset %d: byte 0x%02X at offset %d is"
                + " neither padding nor a Secure Boot v2 signature sector: remove the trailing bytes", imageEnd, value,
                at);
    }

    /** Why data at the 4 KiB boundary after the image is refused when it does not open a signature sector. */
    static String notASector(long imageEnd, long at, int first) {
        return String.format("unexpected data after the image, which ends at offset %d: the byte at offset %d is"
                + " 0x%02X, where a Secure Boot v2 signature sector would start with 0xE7: remove the trailing bytes",
                imageEnd, at, first);
    }

    /** Why anything after the signature sector is refused. */
    static String afterSector(long at, long imageEnd) {
        return String.format("unexpected data at offset %d after the Secure Boot v2 signature sector (the image ends"
                + " at offset %d): remove the trailing bytes", at, imageEnd);
    }

    /** Why padding after the image is refused when no signature sector follows it. */
    static String paddingOnly(long bytes, long imageEnd) {
        return String.format("%d bytes of padding follow the image end at offset %d but no Secure Boot v2 signature"
                + " sector does: remove the padding, or sign the image (espsecure sign_data --version 2)", bytes,
                imageEnd);
    }

    /** Why a file is refused once it passes the size limit. */
    static String tooLarge(long maxBytes) {
        return String.format("the file is larger than the limit of %d bytes; stopped checking at offset %d: upload"
                + " the application image alone, or raise the limit", maxBytes, maxBytes);
    }

    /** Why an image whose appended SHA-256 does not match its bytes is refused. */
    static String hashMismatch(long at, String stored, String computed) {
        return String.format("the SHA-256 appended at offset %d is %s but the %d bytes before it hash to %s: the image"
                + " is corrupt; build or download it again", at, stored, at, computed);
    }
}
