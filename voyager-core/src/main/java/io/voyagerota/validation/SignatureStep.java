package io.voyagerota.validation;

import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseManifest;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.catalog.ValidationReport;
import io.voyagerota.signing.KeyFormatException;
import io.voyagerota.signing.VerifyingKey;

import java.util.List;

import java.util.Optional;

/**
 * The validation step that makes a product's release key binding: when the product has one, the release must carry
 * a signature that verifies over its {@linkplain ReleaseManifest manifest}, built from the product and the stored
 * artifact's size and hashes, so a signature made for another file, version, epoch or model list fails. A product
 * without a key passes, and a signature it cannot check is reported but does not block the release.
 */
public final class SignatureStep implements ValidationStep {
    static final String SIGN_HINT = "sign its manifest with: voyager release sign RELEASE_ID --key release.pem";

    @Override
    public String name() {
        return "signature";
    }

    @Override
    public List<ValidationReport.Step> check(ValidationInput in) {
        return List.of(check(in.product(), in.release()));
    }

    /** The step's verdict for one release and its stored artifact. */
    public ValidationReport.Step check(Product product, Release release) {
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
        ReleaseManifest manifest = ReleaseManifest.of(product, release);
        if (key.verify(manifest.bytes(), signature.get())) {
            return pass("manifest signature verified with key " + key.keyId().shortForm() + " (manifest sha256 "
                    + manifest.digest() + ")");
        }
        return fail("the signature does not match the release manifest (" + release.version() + ", secure version "
                + release.secureVersion() + ", " + manifest.size() + " bytes, sha256 " + manifest.sha256()
                + ") under product '" + product.id() + "' key " + key.keyId().shortForm() + "; it was made for"
                + " another file, version or model list, or with another key. " + SIGN_HINT);
    }

    private ValidationReport.Step pass(String message) {
        return new ValidationReport.Step(name(), true, message);
    }

    private ValidationReport.Step fail(String message) {
        return new ValidationReport.Step(name(), false, message);
    }
}
