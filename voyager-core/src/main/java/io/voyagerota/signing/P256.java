package io.voyagerota.signing;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.KeyAgreement;

/**
 * The NIST P-256 curve (secp256r1, prime256v1): its constants, point checks, and the bridge to the JDK's SunEC,
 * which does all the secret-dependent arithmetic; nothing here computes with a private scalar.
 */
final class P256 {
    static final String EC_PUBLIC_KEY_OID = "1.2.840.10045.2.1";
    static final String CURVE_OID = "1.2.840.10045.3.1.7";
    static final int FIELD_BYTES = 32;
    static final String JCA_SIGNATURE = "SHA256withECDSAinP1363Format";

    static final BigInteger P = hex("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF");
    static final BigInteger N = hex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
    private static final BigInteger B = hex("5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B");
    private static final BigInteger GX = hex("6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296");
    private static final BigInteger GY = hex("4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5");
    private static final BigInteger THREE = BigInteger.valueOf(3);

    /** Names for the key algorithms and curves people hand us by mistake, so the error can say what it found. */
    private static final Map<String, String> KNOWN_OIDS = Map.ofEntries(
            Map.entry("1.2.840.113549.1.1.1", "an RSA key"),
            Map.entry("1.2.840.113549.1.1.10", "an RSA-PSS key"),
            Map.entry("1.2.840.10040.4.1", "a DSA key"),
            Map.entry("1.3.101.110", "an X25519 key"),
            Map.entry("1.3.101.111", "an X448 key"),
            Map.entry("1.3.101.112", "an Ed25519 key"),
            Map.entry("1.3.101.113", "an Ed448 key"),
            Map.entry("1.3.132.0.34", "an EC key on curve P-384 (secp384r1)"),
            Map.entry("1.3.132.0.35", "an EC key on curve P-521 (secp521r1)"),
            Map.entry("1.3.132.0.33", "an EC key on curve P-224 (secp224r1)"),
            Map.entry("1.2.840.10045.3.1.1", "an EC key on curve P-192 (prime192v1)"),
            Map.entry("1.3.132.0.10", "an EC key on curve secp256k1"),
            Map.entry("1.3.36.3.3.2.8.1.1.7", "an EC key on curve brainpoolP256r1"),
            Map.entry("1.2.156.10197.1.301", "an SM2 key"));

    private static final ECParameterSpec SPEC = jdkSpec();

    private P256() {
    }

    /** What an algorithm or curve OID found in a key is, for messages: "an RSA key", or the dotted OID. */
    static String describe(String oid) {
        return KNOWN_OIDS.getOrDefault(oid, "a key of algorithm or curve " + oid);
    }

    /** Whether (x, y) is a point of the curve; the point at infinity has no affine form, so it never is. */
    static boolean onCurve(BigInteger x, BigInteger y) {
        if (x.signum() < 0 || x.compareTo(P) >= 0 || y.signum() < 0 || y.compareTo(P) >= 0) {
            return false;
        }
        return y.multiply(y).subtract(rightHandSide(x)).mod(P).signum() == 0;
    }

    /** The two y for which (x, y) is on the curve, or none when x is no point's x. */
    static BigInteger[] liftX(BigInteger x) {
        if (x.signum() < 0 || x.compareTo(P) >= 0) {
            return new BigInteger[0];
        }
        BigInteger rhs = rightHandSide(x).mod(P);
        // p ≡ 3 (mod 4), so a square root is rhs^((p+1)/4) when one exists.
        BigInteger y = rhs.modPow(P.add(BigInteger.ONE).shiftRight(2), P);
        if (y.multiply(y).mod(P).compareTo(rhs) != 0) {
            return new BigInteger[0];
        }
        return new BigInteger[] {y, P.subtract(y).mod(P)};
    }

    private static BigInteger rightHandSide(BigInteger x) {
        return x.pow(3).subtract(x.multiply(THREE)).add(B);
    }

    static boolean validScalar(BigInteger value) {
        return value.signum() > 0 && value.compareTo(N) < 0;
    }

    /** The unsigned big-endian form of a value below 2^256, left-padded to 32 bytes. */
    static byte[] fixed(BigInteger value) {
        byte[] raw = value.toByteArray();
        if (raw.length == FIELD_BYTES) {
            return raw;
        }
        byte[] out = new byte[FIELD_BYTES];
        int skip = raw.length > FIELD_BYTES ? raw.length - FIELD_BYTES : 0;
        System.arraycopy(raw, skip, out, FIELD_BYTES - (raw.length - skip), raw.length - skip);
        return out;
    }

    static BigInteger unsigned(byte[] bytes, int from, int to) {
        return new BigInteger(1, Arrays.copyOfRange(bytes, from, to));
    }

    /** The 65-byte uncompressed SEC1 encoding 04‖X‖Y. */
    static byte[] uncompressed(BigInteger x, BigInteger y) {
        byte[] out = new byte[1 + 2 * FIELD_BYTES];
        out[0] = 4;
        System.arraycopy(fixed(x), 0, out, 1, FIELD_BYTES);
        System.arraycopy(fixed(y), 0, out, 1 + FIELD_BYTES, FIELD_BYTES);
        return out;
    }

    static PublicKey publicKey(BigInteger x, BigInteger y) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), SPEC));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SunEC refused a validated P-256 point", e);
        }
    }

    static PrivateKey privateKey(BigInteger d) {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, SPEC));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SunEC refused a validated P-256 scalar", e);
        }
    }

    static ECParameterSpec spec() {
        return SPEC;
    }

    /**
     * The public point of a private key without doing scalar arithmetic here: ECDH of the key with the generator G
     * gives the x of d·G; of the two y that fit it, the one whose key verifies the private key's signature is it.
     */
    static BigInteger[] derivePublic(PrivateKey key) {
        try {
            KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
            ecdh.init(key);
            ecdh.doPhase(publicKey(GX, GY), true);
            BigInteger x = new BigInteger(1, ecdh.generateSecret());
            for (BigInteger y : liftX(x)) {
                if (matches(key, publicKey(x, y))) {
                    return new BigInteger[] {x, y};
                }
            }
            throw new IllegalStateException("no point matched the private key's ECDH output");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SunEC could not derive a P-256 public key", e);
        }
    }

    /** Whether the public key verifies what the private key signs: the check that the two belong together. */
    static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        byte[] probe = "voyager key pair probe".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(JCA_SIGNATURE);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(JCA_SIGNATURE);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SunEC could not sign with a P-256 key", e);
        }
    }

    /** Feeds a stream through a fixed buffer; the stream is left open for its owner. */
    static void update(Signature signature, InputStream content) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int n;
        try {
            while ((n = content.read(buffer)) != -1) {
                signature.update(buffer, 0, n);
            }
        } catch (SignatureException e) {
            throw new IllegalStateException("the signature was not initialised", e);
        }
    }

    private static ECParameterSpec jdkSpec() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
            if (!spec.getOrder().equals(N) || !spec.getGenerator().getAffineX().equals(GX)) {
                throw new IllegalStateException("the platform's secp256r1 is not NIST P-256");
            }
            return spec;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java platform lacks EC P-256 (the SunEC provider)", e);
        }
    }

    private static BigInteger hex(String digits) {
        return new BigInteger(digits, 16);
    }
}
