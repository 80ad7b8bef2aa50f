package io.voyagerota.server.cli;

import io.voyagerota.VoyagerException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/** Reading and writing the files the key and signature commands use. */
final class KeyFiles {
    private KeyFiles() {
    }

    static Path publicKeyPathFor(Path privateKey) {
        String name = privateKey.getFileName().toString();
        String base = name.endsWith(".pem") ? name.substring(0, name.length() - 4) : name;
        return privateKey.resolveSibling(base + ".pub.pem");
    }

    /** Writes a private key readable by its owner only, where the filesystem has POSIX permissions. */
    static void writePrivate(Path file, String pem, boolean force) throws IOException {
        write(file, pem, force);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX filesystem: the caller protects the file
        }
    }

    static void write(Path file, String text, boolean force) throws IOException {
        try {
            Files.writeString(file, text, StandardCharsets.US_ASCII, force
                    ? new StandardOpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE}
                    : new StandardOpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE});
        } catch (FileAlreadyExistsException e) {
            throw new VoyagerException("file-exists", file + " already exists; choose another name or pass --force");
        }
    }

    /** Refuses before anything is written when one of several files to write exists already. */
    static void requireAbsent(boolean force, Path... files) {
        for (Path file : files) {
            if (!force && file != null && Files.exists(file)) {
                throw new VoyagerException("file-exists", file + " already exists; choose another name or pass"
                        + " --force");
            }
        }
    }

    static String readText(Path file, String what) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new VoyagerException("file-missing", what + " " + file + " does not exist or is not a file");
        }
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    /**
     * Reads a signature file in any of the forms people have: base64 text (what {@code voyager sign} writes), the
     * raw 64 bytes r‖s, or DER (what {@code openssl dgst -sign} writes).
     */
    static byte[] readSignatureP1363(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == 64) {
            return bytes;
        }
        String text = new String(bytes, StandardCharsets.US_ASCII).strip();
        // Base64 text may start with '0' (0x30, DER's first byte too): text of base64 characters is read as text.
        boolean base64Text = !text.isEmpty() && text.chars().allMatch(c -> c < 128
                && (Character.isLetterOrDigit(c) || c == '+' || c == '/' || c == '='));
        if (!base64Text && bytes.length > 0 && bytes[0] == 0x30) {
            return io.voyagerota.signing.EcdsaSignatures.derToP1363(bytes);
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new VoyagerException("invalid-signature", "signature file " + file
                    + " is neither base64 text, 64 raw bytes nor a DER signature");
        }
    }
}
