package io.voyagerota.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.voyagerota.catalog.Artifact;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.catalog.ReleaseManifest;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.catalog.ValidationReport;
import io.voyagerota.signing.PemFixtures;
import io.voyagerota.signing.SigningKey;
import io.voyagerota.version.Version;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The signature step: a release key's signature over the release manifest, never over anything else. */
class SignatureStepTest {
    private static final SigningKey RELEASE_KEY = SigningKey.generate();
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private static final String SHA = "5c559336109b88bb6be1ae3975ee04436f45bf9e876051bd6fa94d1746ea06a4";

    private final SignatureStep step = new SignatureStep();

    @Test
    void aSignatureByTheProductKeyOverTheManifestPasses() {
        Release unsigned = release("1.0.0", 1000, SHA, null);
        byte[] manifest = ReleaseManifest.of(product(RELEASE_KEY), unsigned).bytes();
        ValidationReport.Step result = step.check(product(RELEASE_KEY), release("1.0.0", 1000, SHA,
                RELEASE_KEY.sign(manifest)));
        assertTrue(result.passed(), result.message());
        assertTrue(result.message().startsWith("manifest signature verified with key "
                + RELEASE_KEY.keyId().shortForm()), result.message());
        assertEquals("signature", step.name());
    }

    @Test
    void aSignatureForAnotherFileVersionOrEpochFailsAndSaysWhatToDo() {
        Release signedFor = release("1.0.0", 1000, SHA, null);
        ReleaseSignature signature = RELEASE_KEY.sign(ReleaseManifest.of(product(RELEASE_KEY), signedFor).bytes());
        for (Release other : List.of(release("1.0.1", 1000, SHA, signature), release("1.0.0", 1001, SHA, signature),
                release("1.0.0", 1000, "0".repeat(64), signature),
                release("1.0.0", 1000, SHA, signature).withSecureVersion(3))) {
            ValidationReport.Step result = step.check(product(RELEASE_KEY), other);
            assertFalse(result.passed(), other.toString());
            assertTrue(result.message().startsWith("the signature does not match the release manifest ("),
                    result.message());
            assertTrue(result.message().endsWith("sign its manifest with: voyager release sign RELEASE_ID --key"
                    + " release.pem"), result.message());
        }
    }

    @Test
    void aSignatureOverTheArtifactBytesInsteadOfTheManifestFails() {
        byte[] artifact = "pretend this is an ESP32 image".getBytes();
        assertFalse(step.check(product(RELEASE_KEY), release("1.0.0", artifact.length, SHA,
                RELEASE_KEY.sign(artifact))).passed());
    }

    @Test
    void aSignatureByAnotherKeyFails() {
        Release unsigned = release("1.0.0", 1000, SHA, null);
        ReleaseSignature byStranger = SigningKey.generate().sign(ReleaseManifest.of(product(RELEASE_KEY), unsigned)
                .bytes());
        assertFalse(step.check(product(RELEASE_KEY), release("1.0.0", 1000, SHA, byStranger))
                .passed());
    }

    @Test
    void anUnsignedReleaseOfAProductWithAKeyFails() {
        ValidationReport.Step result = step.check(product(RELEASE_KEY), release("1.0.0", 1000, SHA, null));
        assertEquals(new ValidationReport.Step("signature", false, "product 'locker' requires releases signed by key "
                + RELEASE_KEY.keyId().shortForm() + " but this release carries no signature; sign its manifest with:"
                + " voyager release sign RELEASE_ID --key release.pem, and upload it with the signature"), result);
    }

    @Test
    void withoutAProductKeyNoSignatureIsNeeded() {
        ValidationReport.Step result = step.check(product(null), release("1.0.0", 1000, SHA, null));
        assertEquals(new ValidationReport.Step("signature", true, "product has no release key; signature not"
                + " required"), result);
    }

    @Test
    void withoutAProductKeyASignatureIsReportedUnverifiableButPasses() {
        ValidationReport.Step result = step.check(product(null), release("1.0.0", 1000, SHA,
                RELEASE_KEY.sign(new byte[1])));
        assertTrue(result.passed());
        assertEquals("product has no release key, so the release's signature cannot be verified and is kept"
                + " unchecked; set the product's release key to have signatures checked", result.message());
    }

    @Test
    void anUnusableProductKeyFailsTheStepInsteadOfThrowing() {
        Product product = new Product("locker", "Smart locker", List.of(new HardwareModel("s3", Chip.ESP32_S3)),
                Product.DEFAULT_MAX_ARTIFACT_BYTES, Optional.of(PemFixtures.P384_PUBLIC));
        ValidationReport.Step result = step.check(product, release("1.0.0", 1000, SHA, RELEASE_KEY.sign(new byte[1])));
        assertFalse(result.passed());
        assertTrue(result.message().startsWith("product 'locker' has a release key that cannot be used (the release"
                + " public key is an EC key on curve P-384 (secp384r1)"), result.message());
        assertTrue(result.message().endsWith("); fix the product's release key, then upload the release again"));
    }

    private static Product product(SigningKey key) {
        return new Product("locker", "Smart locker", List.of(new HardwareModel("s3", Chip.ESP32_S3)),
                Product.DEFAULT_MAX_ARTIFACT_BYTES,
                key == null ? Optional.empty() : Optional.of(key.verifyingKey().toPem()));
    }

    /** A draft with an artifact and the signature (null: none), as the pipeline sees it after the upload. */
    private static Release release(String version, long size, String sha256, ReleaseSignature signature) {
        Release draft = ReleaseDraft.builder("locker", Version.parse(version)).build().toRelease(NOW);
        Artifact artifact = Artifact.image("products/locker/releases/" + version + "/a.bin", size, sha256);
        return draft.withArtifact(artifact, ValidationReport.notRun(), Optional.ofNullable(signature), NOW);
    }
}
