package io.voyagerota.server.cli;

import io.voyagerota.InvalidInputException;
import io.voyagerota.VoyagerException;
import io.voyagerota.catalog.ReleaseManifest;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.server.internal.AdminClient;
import io.voyagerota.server.internal.JsonNode;
import io.voyagerota.signing.SigningKey;
import io.voyagerota.signing.VerifyingKey;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A release's manifest fetched from the server and checked before anything signs it, and a signature sent back.
 * The bytes are signed only when they are a manifest in canonical form for the release asked for, so a server that
 * answers something else cannot have the release key sign it.
 */
final class ManifestSigning {
    static final String DIGEST_HEADER = "Voyager-Manifest-Sha256";

    /**
     * A manifest in canonical form, as the server sent it or as read from a file.
     *
     * @param bytes  exactly what is signed
     * @param digest SHA-256 of the bytes, lowercase hex
     */
    record Checked(ReleaseManifest manifest, byte[] bytes, String digest) {
        Checked {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    private ManifestSigning() {
    }

    /** A manifest file's bytes, refused unless they are a manifest exactly as the server writes one. */
    static Checked read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new VoyagerException("file-missing", "manifest " + file + " does not exist or is not a file");
        }
        if (Files.size(file) > ReleaseManifest.MAX_BYTES) {
            throw refused("manifest " + file + " has " + Files.size(file) + " bytes, more than the "
                    + ReleaseManifest.MAX_BYTES + " of a release manifest");
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            return new Checked(ReleaseManifest.parse(bytes), bytes, sha256(bytes));
        } catch (InvalidInputException e) {
            throw refused(file + " is not a release manifest (" + e.getMessage() + "); save it exactly as `voyager"
                    + " release sign RELEASE_ID --manifest-only` prints it: an editor changing its line ends or"
                    + " adding a line makes it another text");
        }
    }

    /** The manifest of {@code release} (its JSON from the admin API), checked against what that JSON says. */
    static Checked fetch(AdminClient api, JsonNode release) {
        String id = release.get("id").text("");
        AdminClient.Bytes answer = api.getBytes(ReleaseCommand.path(id) + "/manifest", "text/plain");
        byte[] bytes = answer.body();
        ReleaseManifest manifest;
        try {
            manifest = ReleaseManifest.parse(bytes);
        } catch (InvalidInputException e) {
            throw refused("the server's manifest of release " + id + " is not a release manifest (" + e.getMessage()
                    + ")");
        }
        String digest = sha256(bytes);
        Optional<String> sent = answer.header(DIGEST_HEADER);
        if (sent.isPresent() && !sent.get().equals(digest)) {
            throw refused("the manifest of release " + id + " has SHA-256 " + digest + " but the server says "
                    + sent.get() + "; it was damaged on the way");
        }
        String product = release.get("productId").text("");
        String version = release.get("version").text("");
        if (!manifest.productId().equals(product) || !manifest.version().toString().equals(version)) {
            throw refused("the server's manifest names " + manifest.productId() + " " + manifest.version()
                    + " but release " + id + " is " + product + " " + version);
        }
        return new Checked(manifest, bytes, digest);
    }

    /**
     * Refuses to sign unless the manifest names the file that was uploaded: its size and SHA-256 as computed here.
     */
    static void requireFile(Checked checked, String file, long size, String sha256) {
        ReleaseManifest m = checked.manifest();
        if (m.size() != size || !m.sha256().equals(sha256)) {
            throw refused("the server's manifest names a file of " + m.size() + " bytes with SHA-256 " + m.sha256()
                    + ", but " + file + " has " + size + " bytes with SHA-256 " + sha256 + "; the upload did not"
                    + " store this file (or another upload replaced it): upload it again");
        }
    }

    /** Refuses a key other than the product's release key before anything is uploaded or sent. */
    static void requireProductKey(AdminClient api, String productId, SigningKey key, String keyFile) {
        JsonNode product = api.get("/admin/products/" + AdminClient.segment(productId)).json();
        Optional<String> pem = product.get("releaseKeyPem").text();
        if (pem.isEmpty()) {
            throw new VoyagerException("invalid-input", "product " + productId + " has no release key, so a"
                    + " signature cannot be checked; set the product's release key, or leave out the key");
        }
        VerifyingKey expected = VerifyingKey.fromPem(pem.get());
        if (!expected.equals(key.verifyingKey())) {
            throw new VoyagerException("invalid-signature", keyFile + " is key " + key.keyId().shortForm()
                    + " but product " + productId + " takes releases signed by key " + expected.keyId().shortForm()
                    + "; sign with the private half of the product's release key");
        }
    }

    /** Shows what is about to be signed: the manifest's lines and its digest. */
    static void show(PrintWriter out, Checked checked) {
        out.println("manifest of " + checked.manifest().productId() + " " + checked.manifest().version()
                + " (sha256 " + checked.digest() + "):");
        new String(checked.bytes(), StandardCharsets.UTF_8).lines().forEach(line -> out.println("  " + line));
        out.flush();
    }

    /** {@code PUT …/signature}; the answer is the release with its new validation. */
    static AdminClient.Answer put(AdminClient api, String releaseId, ReleaseSignature signature) {
        String body = JsonNode.object(g -> {
            g.writeStringField("algorithm", signature.algorithm());
            g.writeStringField("base64", signature.base64());
        });
        return api.send("PUT", ReleaseCommand.path(releaseId) + "/signature", Optional.of(body));
    }

    /** SHA-256 of a file, read through a fixed buffer. */
    static String sha256(Path file) throws IOException {
        MessageDigest sha = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static VoyagerException refused(String why) {
        return new VoyagerException("invalid-manifest", why + "; nothing was signed");
    }
}
