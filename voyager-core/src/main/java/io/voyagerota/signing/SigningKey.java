package io.voyagerota.signing;

import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.support.Checks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;

/**
 * An ECDSA P-256 private key that signs releases, together with its public half. It belongs to the release
 * pipeline (ideally an offline CI job), never to the server, so a compromised server cannot sign firmware.
 * Immutable and thread-safe; {@link #toString()} never shows the secret.
 */
public final class SigningKey {
    private final PrivateKey key;
    private final BigInteger d;
    private final VerifyingKey verifyingKey;

    private SigningKey(BigInteger d, VerifyingKey verifyingKey) {
        this.key = P256.privateKey(d);
        this.d = d;
        this.verifyingKey = verifyingKey;
    }

    /** A new key from a strong {@link SecureRandom}. */
    public static SigningKey generate() {
        return generate(new SecureRandom());
    }

    /** A new key on secp256r1 drawn from {@code random}. */
    public static SigningKey generate(SecureRandom random) {
        Checks.notNull(random, "random");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair pair = generator.generateKeyPair();
            return new SigningKey(((ECPrivateKey) pair.getPrivate()).getS(),
                    VerifyingKey.of((ECPublicKey) pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java platform cannot generate EC P-256 keys (SunEC)", e);
        }
    }

    /**
     * Reads an unencrypted P-256 private key: {@code -----BEGIN PRIVATE KEY-----} (PKCS#8, as {@code openssl
     * genpkey} writes) or {@code -----BEGIN EC PRIVATE KEY-----} (SEC1, as {@code openssl ecparam -genkey} writes),
     * with or without the {@code -----BEGIN EC PARAMETERS-----} block before it. When the file also stores the
     * public key, it must belong to the private one.
     *
     * @throws KeyFormatException if it is encrypted, damaged, not P-256, or not a private key, saying what to run
     */
    public static SigningKey fromPem(String pem) {
        Checks.notNull(pem, "private key PEM");
        KeyCodec.PrivateParts parts = KeyCodec.readPrivatePem(pem);
        PrivateKey key = P256.privateKey(parts.d());
        BigInteger[] point;
        if (parts.point().isPresent()) {
            point = parts.point().get();
            if (!P256.matches(key, P256.publicKey(point[0], point[1]))) {
                throw new KeyFormatException("the signing key stores a public key that does not belong to its"
                        + " private key; the file is damaged or was pieced together. Export it again with: openssl"
                        + " pkey -in release.pem -out release-pkcs8.pem, or generate a new key");
            }
        } else {
            point = P256.derivePublic(key);
        }
        return new SigningKey(parts.d(), VerifyingKey.ofPoint(point[0], point[1]));
    }

    /** Signs exactly {@code content}. */
    public ReleaseSignature sign(byte[] content) {
        Checks.notNull(content, "content");
        try {
            return sign(new ByteArrayInputStream(content));
        } catch (IOException e) {
            throw new UncheckedIOException("reading an in-memory array cannot fail", e);
        }
    }

    /**
     * Signs everything {@code content} yields, read through a fixed buffer so an image of any size is never held
     * in memory. The stream is read to its end and left open.
     */
    public ReleaseSignature sign(InputStream content) throws IOException {
        Checks.notNull(content, "content");
        try {
            Signature signer = Signature.getInstance(P256.JCA_SIGNATURE);
            signer.initSign(key);
            P256.update(signer, content);
            return EcdsaSignatures.toReleaseSignature(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SunEC could not sign with a validated P-256 key", e);
        }
    }

    /** The public half, to configure on the product and to build into the device firmware. */
    public VerifyingKey verifyingKey() {
        return verifyingKey;
    }

    /** The fingerprint of the public half. */
    public KeyId keyId() {
        return verifyingKey.keyId();
    }

    /**
     * The unencrypted {@code -----BEGIN PRIVATE KEY-----} (PKCS#8) form, byte-for-byte what {@code openssl pkey}
     * writes for the same key. Whoever stores it must protect it, for instance with {@code openssl pkcs8 -topk8}.
     */
    public String toPem() {
        return Pem.encode(KeyCodec.PRIVATE_KEY, KeyCodec.writePkcs8(d, verifyingKey.uncompressedPoint()));
    }

    @Override
    public String toString() {
        return "SigningKey[P-256 " + keyId().shortForm() + "]";
    }
}
