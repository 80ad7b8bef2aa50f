package io.voyagerota.signing;

import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.catalog.ValidationReport;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.StoredArtifact;
import io.voyagerota.validation.ValidationInput;
import io.voyagerota.validation.ValidationStep;

import java.util.List;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The validation step that makes a product's release key binding: when the product has one, the release must carry
 * a signature that verifies over the stored artifact, read back from storage as the devices will download it. A
 * product without a key passes, and a signature it cannot check is reported but does not block the release.
 */
public final class SignatureStep implements ValidationStep {
    static final String SIGN_HINT = "sign it with: voyager sign FILE --key release.pem";

    @Override
    public String name() {
        return "signature";
    }

    @Override
    public List<ValidationReport.Step> check(ValidationInput in) throws java.io.IOException {
        return List.of(check(in.product(), in.release(), in.stored(), in.storage()));
    }

    /** The step's verdict for one release and its stored artifact. */
    public ValidationReport.Step check(Product product, Release release, StoredArtifact artifact,
                                       ArtifactStorage storage) throws IOException {
        Optional<ReleaseSignature> signature = release.signature();
        if (product.releaseKeyPem().isEmpty()) {
            return pass(signature.isEmpty() ? "product has no release key; signature not required"
                    : "product has no release key, so the release's signature cannot be verified and is kept"
                    + " unchecked; set the product's release key to have signatures checked");
        }
        VerifyingKey key;
        try {
            key = VerifyingKey.fromPem(product.releaseKeyPem().get());
        } catch (KeyFormatException e) {
            return fail("product '" + product.id() + "' has a release key that cannot be used (" + e.getMessage()
                    + "); fix the product's release key, then upload the release again");
        }
        if (signature.isEmpty()) {
            return fail("product '" + product.id() + "' requires releases signed by key " + key.keyId().shortForm()
                    + " but this release carries no signature; " + SIGN_HINT + ", and upload it with the signature");
        }
        boolean verified;
        try (InputStream content = storage.open(artifact.key(), 0, artifact.size())) {
            verified = key.verify(content, signature.get());
        }
        if (verified) {
            return pass("signature verified over " + artifact.size() + " bytes with key " + key.keyId().shortForm());
        }
        return fail("the signature does not match the uploaded file (" + artifact.size() + " bytes, sha256 "
                + artifact.sha256() + ") under product '" + product.id() + "' key " + key.keyId().shortForm()
                + "; the file was changed after signing or was signed with another key. Sign exactly this file with"
                + " the private key of the product's release key: voyager sign FILE --key release.pem");
    }

    private ValidationReport.Step pass(String message) {
        return new ValidationReport.Step(name(), true, message);
    }

    private ValidationReport.Step fail(String message) {
        return new ValidationReport.Step(name(), false, message);
    }
}
