package io.voyagerota;

import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.IllegalTransitionException;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.catalog.ReleaseManifest;
import io.voyagerota.catalog.ReleaseState;
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.signing.SigningKey;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.voyagerota.testing.VoyagerFixture.PRODUCT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signing a release's manifest after its upload, and the secure-version floor at staging. */
@Tag("security")
class ReleaseSigningTest {
    private static final SigningKey RELEASE_KEY = SigningKey.generate();
    private final VoyagerFixture f = new VoyagerFixture();
    private final Voyager voyager = f.voyager;

    private Release signedProductDraft(String version) {
        voyager.products().create(new Product("door", "Door", java.util.List.of(new HardwareModel("door-s3",
                Chip.ESP32_S3)), Product.DEFAULT_MAX_ARTIFACT_BYTES, Optional.of(RELEASE_KEY.verifyingKey().toPem())));
        Release draft = voyager.releases().create(ReleaseDraft.builder("door", Version.parse(version)).models("door-s3").build());
        return f.upload(draft, f.imageFor(draft));
    }

    @Test
    void anUploadedDraftOfAKeyedProductNeedsItsManifestSignedBeforeItStages() {
        Release uploaded = signedProductDraft("1.0.0");
        assertFalse(uploaded.validation().passed(), "unsigned");
        assertThrows(IllegalTransitionException.class, () -> voyager.releases().stage(uploaded.id()));

        ReleaseManifest manifest = voyager.releases().manifest(uploaded.id());
        assertEquals("door", manifest.productId());
        assertEquals(uploaded.artifact().orElseThrow().sha256(), manifest.sha256());
        Release signed = voyager.releases().sign(uploaded.id(), RELEASE_KEY.sign(manifest.bytes()));
        assertTrue(signed.validation().passed(), signed.validation().failures());
        assertEquals(ReleaseState.STAGING, voyager.releases().stage(uploaded.id()).state());
    }

    @Test
    void aSignatureThatDoesNotVerifyIsRefusedAndChangesNothing() {
        Release uploaded = signedProductDraft("1.0.0");
        byte[] artifactInstead = uploaded.artifact().orElseThrow().sha256().getBytes();
        for (var bad : java.util.List.of(RELEASE_KEY.sign(artifactInstead),
                SigningKey.generate().sign(voyager.releases().manifest(uploaded.id()).bytes()))) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> voyager.releases().sign(uploaded.id(), bad));
            assertTrue(e.getMessage().startsWith("the signature does not match the release manifest"), e.getMessage());
        }
        Release after = voyager.releases().get(uploaded.id());
        assertEquals(uploaded.revision(), after.revision(), "nothing written");
        assertEquals(Optional.empty(), after.signature());
    }

    @Test
    void aReleaseBelowTheSecureVersionOfAnOlderProductionReleaseCannotBeStaged() {
        f.production("1.0.0", RolloutSpec.all(), b -> b.secureVersion(2));
        Release lower = f.draft("1.1.0", b -> b.secureVersion(1));
        f.upload(lower, f.imageFor(lower));
        long generation = voyager.registry().catalog().generation();
        IllegalTransitionException e = assertThrows(IllegalTransitionException.class,
                () -> voyager.releases().stage(lower.id()));
        assertTrue(e.getMessage().contains("its secure version 1 is below 2 of release 1.0.0"), e.getMessage());
        assertEquals(ReleaseState.DRAFT, voyager.releases().get(lower.id()).state());
        assertEquals(generation, voyager.registry().catalog().generation(), "nothing committed");
        Release same = f.draft("1.2.0", b -> b.secureVersion(2));
        f.upload(same, f.imageFor(same));
        assertEquals(ReleaseState.STAGING, voyager.releases().stage(same.id()).state(), "an equal epoch is fine");
        assertEquals(PRODUCT, same.productId());
    }
}
