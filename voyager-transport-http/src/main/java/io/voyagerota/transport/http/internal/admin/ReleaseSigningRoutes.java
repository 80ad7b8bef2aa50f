package io.voyagerota.transport.http.internal.admin;

import io.voyagerota.Voyager;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseManifest;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.signing.VerifyingKey;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.VoyagerResponse.Header;
import io.voyagerota.transport.http.ResponseBody;
import io.voyagerota.transport.http.internal.HttpProblem;
import io.voyagerota.wire.WireJson;

import java.util.List;

/**
 * A release's manifest and its signature (docs/signing.md): {@code GET …/manifest} answers the exact bytes the
 * release key signs, and {@code PUT …/signature} records a signature made over them elsewhere, so the private key
 * never comes near the server. A signature that does not verify is refused and changes nothing.
 */
final class ReleaseSigningRoutes {
    /** The manifest digest, SHA-256 of the manifest's bytes in lowercase hex, beside the manifest. */
    static final String DIGEST_HEADER = "Voyager-Manifest-Sha256";
    private static final Header TEXT = new Header("Content-Type", "text/plain; charset=utf-8");
    private static final Header NO_STORE = new Header("Cache-Control", "no-store");
    private static final String SIGNATURE_FIELDS = "algorithm, base64";

    private final Voyager voyager;

    ReleaseSigningRoutes(Voyager voyager) {
        this.voyager = voyager;
    }

    void register(AdminRouter router) {
        router.add("GET", "/admin/releases/{releaseId}/manifest", this::manifest);
        router.add("PUT", "/admin/releases/{releaseId}/signature", this::sign);
    }

    private VoyagerResponse manifest(AdminCall call) {
        Release release = withArtifact(call, voyager.releases().get(call.param("releaseId")));
        ReleaseManifest manifest = ReleaseManifest.of(voyager.products().get(release.productId()), release);
        byte[] bytes = manifest.bytes();
        return new VoyagerResponse(200, List.of(TEXT, NO_STORE, new Header(DIGEST_HEADER, manifest.digest())),
                ResponseBody.of(bytes));
    }

    private VoyagerResponse sign(AdminCall call) {
        Release release = voyager.releases().get(call.param("releaseId"));
        release.requireAcceptsArtifact(); // 409 for a staged release before the body is read
        withArtifact(call, release);
        ReleaseSignature signature = readSignature(call);
        Product product = voyager.products().get(release.productId());
        if (product.releaseKeyPem().isPresent()) {
            // Checked here as well as in the core, to say which key and which manifest were expected.
            VerifyingKey key = VerifyingKey.fromPem(product.releaseKeyPem().get());
            ReleaseManifest manifest = ReleaseManifest.of(product, release);
            if (!key.verify(manifest.bytes(), signature)) {
                throw HttpProblem.of(422, "invalid-signature", "the signature does not verify over the manifest of"
                        + " release " + release.version() + " of '" + product.id() + "' (manifest sha256 "
                        + manifest.digest() + ") with the product's release key " + key.keyId() + "; sign exactly"
                        + " the bytes of GET " + path(call, release) + "/manifest with that key's private half"
                        + " (voyager release sign " + release.id() + " --key release.pem); nothing was changed");
            }
        }
        return ReleaseRoutes.release(call, voyager.releases().sign(release.id(), signature));
    }

    private static Release withArtifact(AdminCall call, Release release) {
        if (release.artifact().isEmpty()) {
            throw HttpProblem.of(409, "no-artifact", "release " + release.version() + " has no artifact yet, so it"
                    + " has no manifest; upload its file first: PUT " + path(call, release) + "/artifact");
        }
        return release;
    }

    private static String path(AdminCall call, Release release) {
        return call.config().basePath() + AdminRouter.PREFIX + "/releases/" + release.id();
    }

    /**
     * {@code {"algorithm":"ecdsa-p256-sha256","base64":"…"}}; the signature in base64 of 64 bytes r‖s or of the DER
     * that {@code openssl dgst -sign} writes. {@code value}, the name the release's JSON shows it under, is taken
     * for {@code base64}.
     */
    private static ReleaseSignature readSignature(AdminCall call) {
        String[] fields = new String[2];
        String[] names = new String[1];
        call.readBody(SIGNATURE_FIELDS, (field, p) -> {
            switch (field) {
                case "algorithm" -> fields[0] = Fields.text(p, field, 64);
                case "base64", "value" -> {
                    String text = Fields.text(p, field, 1024);
                    if (text != null && names[0] != null) {
                        throw HttpProblem.badParameter(field, "the body has both '" + names[0] + "' and '" + field
                                + "'; send the signature once, as 'base64'");
                    }
                    if (text != null) {
                        fields[1] = text;
                        names[0] = field;
                    }
                }
                default -> {
                    return false;
                }
            }
            return true;
        }, false);
        String algorithm = Fields.required("algorithm", fields[0], "\"" + ReleaseSignature.ECDSA_P256_SHA256 + "\"");
        if (!algorithm.equals(ReleaseSignature.ECDSA_P256_SHA256)) {
            throw HttpProblem.badParameter("algorithm", "signature algorithm '" + WireJson.printable(algorithm)
                    + "' is not supported; releases are signed with " + ReleaseSignature.ECDSA_P256_SHA256);
        }
        String base64 = Fields.required("base64", fields[1], "the base64 of the signature over the release's"
                + " manifest");
        return ArtifactUpload.signature(base64, names[0]);
    }
}
