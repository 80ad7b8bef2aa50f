package io.voyagerota.signing;

import java.util.Base64;

/**
 * An offer body's detached signature by the offer key, with what a transport sends beside the body: the
 * {@code Voyager-Offer-Signature} and {@code Voyager-Offer-Key} values, and per check the
 * {@code Voyager-Offer-Proof} for the device's nonce.
 */
public final class SignedOffer {
    private final byte[] bodyDigest;
    private final String signatureBase64;
    private final String keyId;

    SignedOffer(byte[] bodyDigest, String signatureBase64, String keyId) {
        this.bodyDigest = bodyDigest;
        this.signatureBase64 = signatureBase64;
        this.keyId = keyId;
    }

    /** Base64 of the 64-byte r‖s signature over SHA-256 of the body. */
    public String signatureBase64() {
        return signatureBase64;
    }

    /** The signing offer key's id, 64 hex digits. */
    public String keyId() {
        return keyId;
    }

    /** SHA-256 of the signed body, lowercase hex. */
    public String bodySha256() {
        return io.voyagerota.support.Hex.encode(bodyDigest);
    }

    /** The proof, in base64, that this body answers the check that sent {@code nonce}. */
    public String proofBase64(OfferProof.Key key, String nonce) {
        return Base64.getEncoder().encodeToString(OfferProof.proof(key, nonce, bodyDigest));
    }
}
