package io.voyagerota.artifact.bundle;

import io.voyagerota.artifact.Check;
import io.voyagerota.artifact.FormatSniffer;
import io.voyagerota.artifact.Verdict;
import io.voyagerota.artifact.esp32.Esp32ImageInspector;
import io.voyagerota.artifact.esp32.Esp32ImageReport;
import io.voyagerota.catalog.ArtifactPart;
import io.voyagerota.support.Checks;
import io.voyagerota.support.DigestingCopier;
import io.voyagerota.support.Hex;
import io.voyagerota.internal.LittleEndian;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a universal bundle while it streams past, splitting it on the fly: the 12-byte header (ASCII {@code BNDL},
 * firmware size and UI size as little-endian u32), the firmware part checked by {@link Esp32ImageInspector}, the UI
 * part checked by {@link LittleFsInspector}, and nothing after. Each part gets its own size, offset and SHA-256, so a
 * device can verify each stream as it writes it to its own partition.
 *
 * <p>Cross-flashing is refused by name: a LittleFS image (or a bundle) in the firmware slot, or an application image
 * (or a bundle) in the UI slot, fails the {@value #CROSS_FLASH} check naming the slot and what it holds. The first
 * failed check ends the inspection, as with the part inspectors. Not thread-safe.
 */
public final class BundleInspector {
    public static final String SIZE_LIMIT = "size-limit";
    public static final String HEADER = "bundle-header";
    public static final String CROSS_FLASH = "cross-flash";
    public static final String SIZES = "bundle-size";
    public static final String FIRMWARE = "firmware";
    public static final String UI = "ui";

    /** The length of the bundle header. */
    public static final int HEADER_LENGTH = 12;

    private static final long UNBOUNDED = Long.MAX_VALUE;

    private enum State { HEADER, FIRMWARE, UI, AFTER, DRAIN }

    private final long maxBytes;
    private final MessageDigest sha = DigestingCopier.sha256();
    private final List<Check> checks = new ArrayList<>();
    private final List<ArtifactPart> parts = new ArrayList<>();
    private final byte[] header = new byte[HEADER_LENGTH];
    private final byte[] partHead = new byte[FormatSniffer.HEAD_LENGTH];

    private State state = State.HEADER;
    private long pos;
    private long boundary = HEADER_LENGTH;
    private boolean failed;
    private boolean sniffed;
    private long firmwareSize;
    private long uiSize;
    private long uiOffset;
    private long total;
    private Esp32ImageInspector firmware;
    private LittleFsInspector ui;
    private Esp32ImageReport firmwareReport;
    private LittleFsReport uiReport;
    private BundleReport report;

    /** An inspector for bundles of at most {@code maxBytes} bytes. */
    public BundleInspector(long maxBytes) {
        this.maxBytes = Checks.inRange(maxBytes, 1, Long.MAX_VALUE, "maxBytes");
    }

    /** Feeds the next {@code len} bytes of the bundle. */
    public void update(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (report != null) {
            throw new IllegalStateException("finish() was called: use a new inspector for another bundle");
        }
        while (len > 0) {
            if (state == State.AFTER) {
                fail(SIZES, String.format("unexpected data at offset %d: the header declares %d firmware and %d UI"
                        + " bytes after its 12 bytes, so the bundle ends at offset %d: remove the extra bytes or"
                        + " rebuild the bundle", pos, firmwareSize, uiSize, total));
            } else if (state != State.DRAIN && pos == maxBytes) {
                fail(SIZE_LIMIT, "the bundle is larger than the limit of " + maxBytes + " bytes");
            }
            int n = (int) Math.min(len, state == State.DRAIN ? len : Math.min(boundary, maxBytes) - pos);
            sha.update(b, off, n);
            switch (state) {
                case HEADER -> System.arraycopy(b, off, header, (int) pos, n);
                case FIRMWARE -> feed(b, off, n, HEADER_LENGTH);
                case UI -> feed(b, off, n, uiOffset);
                default -> {
                    // draining: the bytes are only counted and hashed
                }
            }
            pos += n;
            off += n;
            len -= n;
            while (state != State.DRAIN && state != State.AFTER && pos == boundary) {
                if (state == State.HEADER) {
                    onHeader();
                } else {
                    endPart();
                }
            }
        }
    }

    /** Whether a check has already failed: the rest of the bundle need not be sent. */
    public boolean rejected() {
        return failed;
    }

    /** Ends the inspection and returns the report; calling it again returns the same report. */
    public BundleReport finish() {
        if (report == null) {
            if (state == State.AFTER) {
                pass(SIZES, String.format("12 + %d + %d = %d bytes, exactly as the header declares", firmwareSize,
                        uiSize, total));
            } else if (state == State.HEADER && !FormatSniffer.isBundle(header, (int) pos)) {
                fail(HEADER, notABundle());
            } else if (failed && state != State.DRAIN) {
                endPart(); // the part failed on its own: its report says why, not a truncation
            } else if (state != State.DRAIN) {
                String where = switch (state) {
                    case HEADER -> "inside the 12-byte header";
                    case FIRMWARE -> String.format("inside the firmware part (offsets 12 to %d)", uiOffset);
                    default -> String.format("inside the UI part (offsets %d to %d)", uiOffset, total);
                };
                fail(SIZES, String.format("the file ends at offset %d, %s%s: the bundle is truncated, upload the"
                        + " whole file", pos, where, total > 0 ? ", of the " + total + " bytes the header declares"
                        : ""));
            }
            report = new BundleReport(pos, Hex.encode(sha.digest()), parts, Optional.ofNullable(firmwareReport),
                    Optional.ofNullable(uiReport), checks, Verdict.of(checks));
        }
        return report;
    }

    /** Hands part bytes to the part's inspector, once the part's first bytes showed it is of the slot's kind. */
    private void feed(byte[] b, int off, int n, long partOffset) {
        boolean isFirmware = state == State.FIRMWARE;
        if (!sniffed) {
            long partPos = pos - partOffset;
            int headLength = (int) Math.min(isFirmware ? firmwareSize : uiSize, partHead.length);
            System.arraycopy(b, off, partHead, (int) partPos, (int) Math.min(n, headLength - partPos));
            // judged before the part's inspector sees its 16th byte, so the cross-flash check always comes first
            if (partPos + n >= headLength) {
                sniffed = true;
                if (crossFlashed(isFirmware, headLength)) {
                    return;
                }
            }
        }
        // after a part fails, the rest of it still goes to its inspector, so its size is the same however chunked
        if (isFirmware) {
            firmware.update(b, off, n);
            failed |= firmware.rejected();
        } else {
            ui.update(b, off, n);
            failed |= ui.rejected();
        }
    }

    private void onHeader() {
        if (!FormatSniffer.isBundle(header, header.length)) {
            fail(HEADER, notABundle());
            return;
        }
        firmwareSize = LittleEndian.u32(header, 4);
        uiSize = LittleEndian.u32(header, 8);
        if (firmwareSize == 0 || uiSize == 0) {
            fail(HEADER, String.format("the header declares %d firmware bytes (offset 4) and %d UI bytes (offset 8);"
                    + " a bundle carries both parts: rebuild it, or upload a lone firmware image as such",
                    firmwareSize, uiSize));
            return;
        }
        uiOffset = HEADER_LENGTH + firmwareSize;
        total = uiOffset + uiSize;
        if (total > maxBytes) {
            fail(SIZE_LIMIT, String.format("the header declares %d bytes in all, more than the limit of %d bytes",
                    total, maxBytes));
            return;
        }
        pass(HEADER, String.format("\"BNDL\", firmware %d bytes at offset 12, UI %d bytes at offset %d", firmwareSize,
                uiSize, uiOffset));
        firmware = Esp32ImageInspector.ofSize(firmwareSize);
        state = State.FIRMWARE;
        boundary = uiOffset;
    }

    /** Refuses a part of the other kind in a slot, judged on its first bytes; returns whether it did. */
    private boolean crossFlashed(boolean isFirmware, int length) {
        String found = FormatSniffer.describe(partHead, length);
        boolean wrong = isFirmware ? FormatSniffer.isLittleFs(partHead, length) || FormatSniffer.isBundle(partHead,
                length) : FormatSniffer.isEspImage(partHead, length) || FormatSniffer.isBundle(partHead, length);
        if (wrong) {
            fail(CROSS_FLASH, isFirmware
                    ? String.format("the firmware slot (offset 12, %d bytes) holds %s, not an ESP32 application: the"
                    + " parts are swapped or the wrong file was packed; put the firmware image first and the LittleFS"
                    + " image second", firmwareSize, found)
                    : String.format("the UI slot (offset %d, %d bytes) holds %s, not a LittleFS image: the parts are"
                    + " swapped or the wrong file was packed; put the firmware image first and the LittleFS image"
                    + " second", uiOffset, uiSize, found));
            return true;
        }
        if (!isFirmware) {
            pass(CROSS_FLASH, "neither slot holds the other slot's kind: an ESP image in the firmware slot, a LittleFS"
                    + " image in the UI slot");
        }
        return false;
    }

    /** Finishes a part's inspection when its last byte arrived, or at the end when it failed, taking its checks. */
    private void endPart() {
        sniffed = false;
        if (state == State.FIRMWARE) {
            firmwareReport = firmware.finish();
            firmwareReport.checks().forEach(c -> checks.add(c.inPart(FIRMWARE, HEADER_LENGTH)));
            if (firmwareReport.accepted()) {
                parts.add(new ArtifactPart(FIRMWARE, HEADER_LENGTH, firmwareSize, firmwareReport.sha256()));
                ui = LittleFsInspector.ofSize(uiSize);
                state = State.UI;
                boundary = total;
                return;
            }
        } else {
            uiReport = ui.finish();
            uiReport.checks().forEach(c -> checks.add(c.inPart(UI, uiOffset)));
            if (uiReport.accepted()) {
                parts.add(new ArtifactPart(UI, uiOffset, uiSize, uiReport.sha256()));
                state = State.AFTER;
                boundary = UNBOUNDED;
                return;
            }
        }
        drain();
    }

    private String notABundle() {
        return "not a universal bundle: expected ASCII \"BNDL\" at offset 0; the file looks like "
                + FormatSniffer.describe(header, (int) Math.min(pos, header.length));
    }

    private void pass(String name, String message) {
        checks.add(Check.pass(name, message));
    }

    private void fail(String name, String message) {
        checks.add(Check.fail(name, message));
        drain();
    }

    private void drain() {
        failed = true;
        state = State.DRAIN;
        boundary = UNBOUNDED;
    }
}
