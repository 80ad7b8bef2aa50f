package io.voyagerota.signing;

import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.support.Checks;
import io.voyagerota.support.DigestingCopier;
import io.voyagerota.support.Hex;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;

/**
 * An ECDSA P-256 public key that verifies release signatures; the product is configured with it, and devices hold
 * the same key. Immutable and thread-safe. Equal keys are the same point, however their PEM was written.
 */
public final class VerifyingKey {
    private final PublicKey key;
    private final byte[] point;
    private final byte[] spki;
    private final KeyId keyId;

    private VerifyingKey(BigInteger x, BigInteger y) {
        this.key = P256.publicKey(x, y);
        this.point = P256.uncompressed(x, y);
        this.spki = KeyCodec.writeSpki(point);
        this.keyId = new KeyId(Hex.encode(DigestingCopier.sha256().digest(spki)));
    }

    /**
     * Reads a {@code -----BEGIN PUBLIC KEY-----} block (SubjectPublicKeyInfo), as written by
     * {@code openssl pkey -in release.pem -pubout}. Text around the block is ignored.
     *
     * @throws KeyFormatException if it is not such a block, is damaged, or holds anything but a P-256 key
     */
    public static VerifyingKey fromPem(String pem) {
        Checks.notNull(pem, "public key PEM");
        BigInteger[] xy = KeyCodec.readPublicPem(pem);
        return new VerifyingKey(xy[0], xy[1]);
    }

    /** Reads a DER SubjectPublicKeyInfo, as {@code openssl pkey -pubin -outform DER} writes. */
    public static VerifyingKey fromDer(byte[] subjectPublicKeyInfo) {
        Checks.notNull(subjectPublicKeyInfo, "public key DER");
        BigInteger[] xy = KeyCodec.readSpki(subjectPublicKeyInfo);
        return new VerifyingKey(xy[0], xy[1]);
    }

    /** A key from a point already checked to lie on P-256. */
    static VerifyingKey ofPoint(BigInteger x, BigInteger y) {
        return new VerifyingKey(x, y);
    }

    /** Wraps a JDK public key, which must be an EC key on P-256. */
    public static VerifyingKey of(PublicKey publicKey) {
        Checks.notNull(publicKey, "public key");
        if (!(publicKey instanceof ECPublicKey)) {
            throw new KeyFormatException("the release public key is an " + publicKey.getAlgorithm()
                    + " key, but releases are signed with ECDSA P-256; generate the key pair on secp256r1");
        }
        ECPublicKey ec = (ECPublicKey) publicKey;
        if (!sameCurve(ec.getParams(), P256.spec())) {
            throw new KeyFormatException("the release public key is an EC key on another curve than P-256"
                    + " (secp256r1); generate the key pair on secp256r1");
        }
        BigInteger x = ec.getW().getAffineX();
        BigInteger y = ec.getW().getAffineY();
        if (!P256.onCurve(x, y)) {
            throw new KeyFormatException("the release public key is not a point of the P-256 curve");
        }
        return new VerifyingKey(x, y);
    }

    /**
     * Whether {@code signature} is this key's signature over exactly {@code content}. A well-formed signature that
     * does not match, by content, key or damage, gives false; nothing here throws for a wrong signature.
     */
    public boolean verify(byte[] content, ReleaseSignature signature) {
        Checks.notNull(content, "content");
        try {
            return verify(new ByteArrayInputStream(content), signature);
        } catch (IOException e) {
            throw new UncheckedIOException("reading an in-memory array cannot fail", e);
        }
    }

    /**
     * Like {@link #verify(byte[], ReleaseSignature)} over everything {@code content} yields, read through a fixed
     * buffer so an image of any size is never held in memory. The stream is read to its end and left open.
     */
    public boolean verify(InputStream content, ReleaseSignature signature) throws IOException {
        Checks.notNull(content, "content");
        byte[] p1363 = EcdsaSignatures.toP1363(signature);
        Signature verifier = verifier();
        P256.update(verifier, content);
        if (!EcdsaSignatures.inRange(p1363)) {
            return false; // after reading, so a caller streaming from a socket sees the same behaviour either way
        }
        try {
            return verifier.verify(p1363);
        } catch (SignatureException e) {
            return false; // providers differ on which malformed values they reject and which they refuse
        }
    }

    /** The fingerprint naming this key. */
    public KeyId keyId() {
        return keyId;
    }

    /** The DER SubjectPublicKeyInfo with the point uncompressed; a copy. */
    public byte[] toDer() {
        return spki.clone();
    }

    /** The {@code -----BEGIN PUBLIC KEY-----} form, exactly as {@code openssl pkey -pubout} writes it. */
    public String toPem() {
        return Pem.encode(KeyCodec.PUBLIC_KEY, spki);
    }

    /** The 65-byte uncompressed point 04‖X‖Y; a copy. */
    byte[] uncompressedPoint() {
        return point.clone();
    }

    /** The key for the JDK's own crypto APIs. */
    public PublicKey publicKey() {
        return key;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerifyingKey && Arrays.equals(spki, ((VerifyingKey) other).spki);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(spki);
    }

    @Override
    public String toString() {
        return "VerifyingKey[P-256 " + keyId.shortForm() + "]";
    }

    private Signature verifier() {
        try {
            Signature verifier = Signature.getInstance(P256.JCA_SIGNATURE);
            verifier.initVerify(key);
            return verifier;
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("SunEC refused a validated P-256 key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java platform lacks " + P256.JCA_SIGNATURE + " (SunEC)", e);
        }
    }

    private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
        return a.getCurve().equals(b.getCurve()) && a.getGenerator().equals(b.getGenerator())
                && a.getOrder().equals(b.getOrder()) && a.getCofactor() == b.getCofactor();
    }
}
