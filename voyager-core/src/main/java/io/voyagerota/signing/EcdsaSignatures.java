package io.voyagerota.signing;

import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.support.Checks;

import java.math.BigInteger;
import java.util.Base64;

/**
 * Converts ECDSA P-256 signatures between the 64-byte r‖s form releases carry (IEEE P1363, what mbedTLS and
 * {@code SHA256withECDSAinP1363Format} use) and the DER {@code SEQUENCE { INTEGER r, INTEGER s }} that
 * {@code openssl dgst -sign} writes and {@code openssl dgst -verify} reads.
 *
 * <p>Both directions are strict the way openssl's verifier is: DER must be canonical (minimal lengths and integers,
 * nothing trailing) and r and s must lie in 1…n−1, so one signature has exactly one accepted encoding.
 */
public final class EcdsaSignatures {
    /** The length of an r‖s signature: two 32-byte big-endian integers. */
    public static final int P1363_BYTES = 2 * P256.FIELD_BYTES;

    private EcdsaSignatures() {
    }

    /** The r‖s form of a DER signature such as {@code openssl dgst -sha256 -sign} writes. */
    public static byte[] derToP1363(byte[] der) {
        Checks.notNull(der, "DER signature");
        BigInteger r;
        BigInteger s;
        try {
            Der.Reader outer = new Der.Reader(der);
            Der.Reader pair = outer.sequence("the signature SEQUENCE");
            outer.end("the signature");
            r = pair.nonNegativeInteger("r");
            s = pair.nonNegativeInteger("s");
            pair.end("r and s");
        } catch (Der.MalformedException e) {
            throw new SignatureFormatException("the DER signature of " + der.length + " bytes is malformed: "
                    + e.getMessage() + "; pass the exact file written by openssl dgst -sha256 -sign");
        }
        requireInRange(r, "r");
        requireInRange(s, "s");
        byte[] out = new byte[P1363_BYTES];
        System.arraycopy(P256.fixed(r), 0, out, 0, P256.FIELD_BYTES);
        System.arraycopy(P256.fixed(s), 0, out, P256.FIELD_BYTES, P256.FIELD_BYTES);
        return out;
    }

    /** The DER form of an r‖s signature, for {@code openssl dgst -sha256 -verify pub.pem -signature sig.der}. */
    public static byte[] p1363ToDer(byte[] p1363) {
        requireP1363Length(p1363);
        BigInteger r = P256.unsigned(p1363, 0, P256.FIELD_BYTES);
        BigInteger s = P256.unsigned(p1363, P256.FIELD_BYTES, P1363_BYTES);
        requireInRange(r, "r");
        requireInRange(s, "s");
        return Der.sequence(Der.integer(r), Der.integer(s));
    }

    /** Wraps r‖s bytes as the signature a release carries. */
    public static ReleaseSignature toReleaseSignature(byte[] p1363) {
        requireP1363Length(p1363);
        return new ReleaseSignature(ReleaseSignature.ECDSA_P256_SHA256, Base64.getEncoder().encodeToString(p1363));
    }

    /** The r‖s bytes a release signature carries. */
    public static byte[] toP1363(ReleaseSignature signature) {
        Checks.notNull(signature, "signature");
        // The record admits only the base64 of exactly 64 bytes, so this cannot fail.
        return Base64.getDecoder().decode(signature.base64());
    }

    /** Whether r and s of an r‖s signature are both in 1…n−1; a signature outside never verifies. */
    static boolean inRange(byte[] p1363) {
        return P256.validScalar(P256.unsigned(p1363, 0, P256.FIELD_BYTES))
                && P256.validScalar(P256.unsigned(p1363, P256.FIELD_BYTES, P1363_BYTES));
    }

    private static void requireP1363Length(byte[] p1363) {
        Checks.notNull(p1363, "signature");
        if (p1363.length != P1363_BYTES) {
            throw new SignatureFormatException("an ECDSA P-256 r‖s signature has " + P1363_BYTES + " bytes, not "
                    + p1363.length + (p1363.length > 0 && p1363[0] == Der.SEQUENCE
                    ? "; this looks like DER, convert it with EcdsaSignatures.derToP1363" : ""));
        }
    }

    private static void requireInRange(BigInteger value, String name) {
        if (!P256.validScalar(value)) {
            throw new SignatureFormatException("the signature's " + name + " is "
                    + (value.signum() == 0 ? "zero" : "not below the P-256 group order n")
                    + "; a valid ECDSA P-256 signature has r and s in 1…n−1, so this one is damaged");
        }
    }
}
