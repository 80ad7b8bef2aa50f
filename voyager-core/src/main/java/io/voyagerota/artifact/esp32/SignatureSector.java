package io.voyagerota.artifact.esp32;

import io.voyagerota.artifact.Check;
import io.voyagerota.internal.LittleEndian;

import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The Secure Boot v2 signature sector that espsecure appends to a signed image: 4096 bytes at the next 4 KiB
 * boundary after the image, holding up to three 1216-byte signature blocks (magic 0xE7, version 0x02 for RSA-PSS or
 * 0x03 for ECDSA, the SHA-256 of everything before the sector at offset 4, a CRC-32 of the block's first 1196 bytes at
 * offset 1196); unused slots are erased (0xFF). Voyager checks each block's integrity and that it was made for this
 * image; the signature itself is checked by the device's bootloader against the key digests in its eFuses.
 */
final class SignatureSector {
    static final int LENGTH = 4096;
    static final int BLOCK_LENGTH = 1216;
    static final int MAGIC = 0xE7;
    private static final int CRC_OFFSET = 1196;
    private static final int SLOTS = 3;

    record Result(Check check, int blocks) {
    }

    private SignatureSector() {
    }

    /**
     * @param sector        the 4096 bytes of the sector
     * @param offset        where the sector starts in the file
     * @param contentSha256 the SHA-256 of the file's bytes before the sector
     */
    static Result inspect(byte[] sector, long offset, byte[] contentSha256) {
        int blocks = 0;
        for (int slot = 0; slot < SLOTS; slot++) {
            int base = slot * BLOCK_LENGTH;
            long at = offset + base;
            int magic = sector[base] & 0xff;
            if (slot > 0 && magic == 0xff) {
                break; // an erased slot: no more blocks
            }
            if (magic != MAGIC) {
                return failed(String.format("signature block %d at offset %d starts with 0x%02X, neither the block"
                        + " magic 0xE7 nor erased flash (0xFF): the signature sector is corrupt; sign the image again",
                        slot, at, magic));
            }
            int version = sector[base + 1] & 0xff;
            if (version != 2 && version != 3) {
                return failed(String.format("signature block %d at offset %d has version 0x%02X; Secure Boot v2"
                        + " blocks have 0x02 (RSA-PSS) or 0x03 (ECDSA): sign the image with espsecure --version 2",
                        slot, at + 1, version));
            }
            CRC32 crc = new CRC32();
            crc.update(sector, base, CRC_OFFSET);
            long stored = LittleEndian.u32(sector, base + CRC_OFFSET);
            if (crc.getValue() != stored) {
                return failed(String.format("signature block %d: the CRC-32 at offset %d is 0x%08X but the block's"
                        + " bytes give 0x%08X: the block is corrupt; sign the image again",
                        slot, at + CRC_OFFSET, stored, crc.getValue()));
            }
            // ECDSA blocks over SHA-384 (byte 2 = 1) carry a 48-byte digest this check does not compute.
            boolean sha256 = version == 2 || sector[base + 2] == 0;
            if (sha256 && !Arrays.equals(sector, base + 4, base + 36, contentSha256, 0, 32)) {
                return failed(String.format("signature block %d at offset %d signs another image: its image digest"
                        + " does not match the SHA-256 of the %d bytes before the sector; sign this build again",
                        slot, at, offset));
            }
            blocks++;
        }
        return new Result(Check.pass(Esp32ImageInspector.SIGNATURE_SECTOR, String.format("Secure Boot v2 signature"
                + " sector at offset %d with %d signature block(s), intact and made for this image (the device's"
                + " bootloader verifies the signatures against its eFuse key digests)", offset, blocks)), blocks);
    }

    private static Result failed(String message) {
        return new Result(Check.fail(Esp32ImageInspector.SIGNATURE_SECTOR, message), 0);
    }
}
