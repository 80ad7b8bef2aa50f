package io.voyagerota.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.voyagerota.catalog.Artifact;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.catalog.ValidationReport;
import io.voyagerota.memory.InMemoryArtifactStorage;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.StoredArtifact;
import io.voyagerota.version.Version;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The signature step over artifacts held in {@link InMemoryArtifactStorage}. */
class SignatureStepTest {
    private static final SigningKey RELEASE_KEY = SigningKey.generate();
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private static final byte[] FIRMWARE = "pretend this is an ESP32 image".repeat(5_000).getBytes();

    private final RecordingStorage storage = new RecordingStorage();
    private final SignatureStep step = new SignatureStep();

    @Test
    void aSignatureByTheProductKeyOverTheStoredBytesPasses() throws IOException {
        StoredArtifact stored = store(FIRMWARE);
        ValidationReport.Step result = step.check(product(RELEASE_KEY), release(RELEASE_KEY.sign(FIRMWARE)), stored,
                storage);
        assertEquals(new ValidationReport.Step("signature", true, "signature verified over " + FIRMWARE.length
                + " bytes with key " + RELEASE_KEY.keyId().shortForm()), result);
        assertEquals(List.of(stored.key() + "@0+" + FIRMWARE.length), storage.opened, "streamed whole, from storage");
        assertEquals("signature", step.name());
    }

    @Test
    void aSignatureOverOtherBytesFailsAndSaysWhatToDo() throws IOException {
        StoredArtifact stored = store(FIRMWARE);
        byte[] older = "pretend this is last week's image".getBytes();
        ValidationReport.Step result = step.check(product(RELEASE_KEY), release(RELEASE_KEY.sign(older)), stored,
                storage);
        assertFalse(result.passed());
        assertEquals("the signature does not match the uploaded file (" + FIRMWARE.length + " bytes, sha256 "
                + stored.sha256() + ") under product 'locker' key " + RELEASE_KEY.keyId().shortForm() + "; the file"
                + " was changed after signing or was signed with another key. Sign exactly this file with the private"
                + " key of the product's release key: voyager sign FILE --key release.pem", result.message());
    }

    @Test
    void aSignatureByAnotherKeyFails() throws IOException {
        StoredArtifact stored = store(FIRMWARE);
        ReleaseSignature byStranger = SigningKey.generate().sign(FIRMWARE);
        assertFalse(step.check(product(RELEASE_KEY), release(byStranger), stored, storage).passed());
    }

    @Test
    void anUnsignedReleaseOfAProductWithAKeyFails() throws IOException {
        ValidationReport.Step result = step.check(product(RELEASE_KEY), release(null), store(FIRMWARE), storage);
        assertEquals(new ValidationReport.Step("signature", false, "product 'locker' requires releases signed by key "
                + RELEASE_KEY.keyId().shortForm() + " but this release carries no signature; sign it with: voyager"
                + " sign FILE --key release.pem, and upload it with the signature"), result);
        assertEquals(List.of(), storage.opened, "nothing to verify, nothing read");
    }

    @Test
    void withoutAProductKeyNoSignatureIsNeeded() throws IOException {
        ValidationReport.Step result = step.check(product(null), release(null), store(FIRMWARE), storage);
        assertEquals(new ValidationReport.Step("signature", true, "product has no release key; signature not"
                + " required"), result);
    }

    @Test
    void withoutAProductKeyASignatureIsReportedUnverifiableButPasses() throws IOException {
        ValidationReport.Step result = step.check(product(null), release(RELEASE_KEY.sign(FIRMWARE)),
                store(FIRMWARE), storage);
        assertTrue(result.passed());
        assertEquals("product has no release key, so the release's signature cannot be verified and is kept"
                + " unchecked; set the product's release key to have signatures checked", result.message());
        assertEquals(List.of(), storage.opened);
    }

    @Test
    void anUnusableProductKeyFailsTheStepInsteadOfThrowing() throws IOException {
        Product product = new Product("locker", "Smart locker", List.of(new HardwareModel("s3", Chip.ESP32_S3)),
                Product.DEFAULT_MAX_ARTIFACT_BYTES, Optional.of(PemFixtures.P384_PUBLIC));
        ValidationReport.Step result = step.check(product, release(RELEASE_KEY.sign(FIRMWARE)), store(FIRMWARE),
                storage);
        assertFalse(result.passed());
        assertTrue(result.message().startsWith("product 'locker' has a release key that cannot be used (the release"
                + " public key is an EC key on curve P-384 (secp384r1)"), result.message());
        assertTrue(result.message().endsWith("); fix the product's release key, then upload the release again"));
    }

    @Test
    void anEmptyArtifactIsCheckedLikeAnyOther() throws IOException {
        StoredArtifact empty = store(new byte[0]);
        assertTrue(step.check(product(RELEASE_KEY), release(RELEASE_KEY.sign(new byte[0])), empty, storage)
                .passed());
        assertFalse(step.check(product(RELEASE_KEY), release(RELEASE_KEY.sign(new byte[1])), empty, storage)
                .passed());
    }

    private StoredArtifact store(byte[] content) throws IOException {
        ArtifactKey key = ArtifactKey.of("products/locker/releases/1.0.0/" + storage.count++ + ".bin");
        return storage.put(key, new ByteArrayInputStream(content), Long.MAX_VALUE);
    }

    private static Product product(SigningKey key) {
        return new Product("locker", "Smart locker", List.of(new HardwareModel("s3", Chip.ESP32_S3)),
                Product.DEFAULT_MAX_ARTIFACT_BYTES,
                key == null ? Optional.empty() : Optional.of(key.verifyingKey().toPem()));
    }

    /** A draft carrying the signature (null: none), as the pipeline sees it after the upload. */
    private static Release release(ReleaseSignature signature) {
        Release draft = ReleaseDraft.builder("locker", Version.parse("1.0.0")).build().toRelease(NOW);
        Artifact artifact = Artifact.image("products/locker/releases/1.0.0/a.bin", FIRMWARE.length, "0".repeat(64));
        return draft.withArtifact(artifact, ValidationReport.notRun(), Optional.ofNullable(signature), NOW);
    }

    /** In-memory storage that records which ranges were opened. */
    private static final class RecordingStorage implements ArtifactStorage {
        private final InMemoryArtifactStorage delegate = new InMemoryArtifactStorage();
        final List<String> opened = new ArrayList<>();
        int count;

        @Override
        public StoredArtifact put(ArtifactKey key, InputStream content, long maxBytes) throws IOException {
            return delegate.put(key, content, maxBytes);
        }

        @Override
        public Optional<StoredArtifact> stat(ArtifactKey key) {
            return delegate.stat(key);
        }

        @Override
        public InputStream open(ArtifactKey key, long offset, long length) throws IOException {
            opened.add(key + "@" + offset + "+" + length);
            return delegate.open(key, offset, length);
        }

        @Override
        public boolean delete(ArtifactKey key) throws IOException {
            return delegate.delete(key);
        }

        @Override
        public boolean restore(ArtifactKey key) throws IOException {
            return delegate.restore(key);
        }

        @Override
        public boolean purge(ArtifactKey key) throws IOException {
            return delegate.purge(key);
        }
    }
}
