package io.voyagerota.signing;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes P-256 keys as DER and PEM: PKCS#8 (RFC 5208/5958) and SEC1 (RFC 5915) private keys, and
 * SubjectPublicKeyInfo (RFC 5480) public keys. It decides only what the bytes say; pairing a private key with its
 * public point is {@link SigningKey}'s job.
 */
final class KeyCodec {
    static final String PRIVATE_KEY = "PRIVATE KEY";
    static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";
    static final String EC_PARAMETERS = "EC PARAMETERS";
    static final String PUBLIC_KEY = "PUBLIC KEY";

    private static final String DECRYPT = "decrypt it first: openssl pkcs8 -topk8 -nocrypt -in key.pem -out"
            + " key-plain.pem (and keep the decrypted file where only the signing job can read it)";
    private static final String GENERATE = "generate a P-256 key with: openssl ecparam -name prime256v1 -genkey"
            + " -noout -out release.pem";
    private static final String PUBOUT = "openssl pkey -in release.pem -pubout -out release.pub.pem";

    /** A private scalar and, when the file carries one, the public point stored beside it. */
    record PrivateParts(BigInteger d, Optional<BigInteger[]> point) {
    }

    private KeyCodec() {
    }

    // ---- private keys ----

    static PrivateParts readPrivatePem(String pem) {
        String what = "the signing key";
        List<Pem.Block> blocks = Pem.parse(pem, what);
        Pem.Block key = null;
        Optional<String> parameters = Optional.empty();
        for (Pem.Block block : blocks) {
            switch (block.label()) {
                case EC_PARAMETERS:
                    if (parameters.isPresent()) {
                        throw new KeyFormatException(what + " has two EC PARAMETERS blocks; keep only the one of"
                                + " the key");
                    }
                    parameters = Optional.of(curveOf(block.der(), "its EC PARAMETERS block"));
                    break;
                case PRIVATE_KEY:
                case EC_PRIVATE_KEY:
                    if (key != null) {
                        throw new KeyFormatException(what + " holds more than one private key; give a file with"
                                + " exactly one");
                    }
                    key = block;
                    break;
                default:
                    throw unexpectedForPrivate(block.label());
            }
        }
        if (key == null) {
            throw new KeyFormatException(what + " has an EC PARAMETERS block but no private key block; copy the"
                    + " whole key file, or " + GENERATE);
        }
        if (key.encrypted()) {
            throw new KeyFormatException(what + " is encrypted with a passphrase; " + DECRYPT);
        }
        parameters.ifPresent(curve -> {
            if (!curve.equals(P256.CURVE_OID)) {
                throw new KeyFormatException(what + "'s EC PARAMETERS block names " + P256.describe(curve)
                        .replaceFirst("^an EC key on ", "") + ", but releases are signed with ECDSA P-256"
                        + " (prime256v1); " + GENERATE);
            }
        });
        try {
            if (key.label().equals(PRIVATE_KEY)) {
                return readPkcs8(key.der());
            }
            return readSec1(key.der(), parameters, Optional.empty());
        } catch (Der.MalformedException e) {
            throw new KeyFormatException(what + " is not a well-formed " + key.label() + " (" + e.getMessage()
                    + "); if openssl still reads it, export it again with: openssl pkey -in release.pem -out"
                    + " release-pkcs8.pem, otherwise " + GENERATE);
        }
    }

    private static KeyFormatException unexpectedForPrivate(String label) {
        String what = "the signing key";
        switch (label) {
            case "ENCRYPTED PRIVATE KEY":
                return new KeyFormatException(what + " is an encrypted PKCS#8 key; " + DECRYPT);
            case "RSA PRIVATE KEY":
                return new KeyFormatException(what + " is an RSA key, but releases are signed with ECDSA P-256; "
                        + GENERATE);
            case "DSA PRIVATE KEY":
                return new KeyFormatException(what + " is a DSA key, but releases are signed with ECDSA P-256; "
                        + GENERATE);
            case "OPENSSH PRIVATE KEY":
                return new KeyFormatException(what + " is in OpenSSH's own format, which Voyager does not read; "
                        + GENERATE);
            case PUBLIC_KEY:
                return new KeyFormatException(what + " is a public key; signing needs the private key (the"
                        + " product is configured with the public one)");
            default:
                return new KeyFormatException(what + " has a '" + label + "' PEM block; expected '" + PRIVATE_KEY
                        + "' (PKCS#8) or '" + EC_PRIVATE_KEY + "' (SEC1); " + GENERATE);
        }
    }

    private static PrivateParts readPkcs8(byte[] der) throws Der.MalformedException {
        Der.Reader outer = new Der.Reader(der);
        Der.Reader info = outer.sequence("PrivateKeyInfo");
        outer.end("the PrivateKeyInfo");
        BigInteger version = info.nonNegativeInteger("the version");
        if (version.compareTo(BigInteger.ONE) > 0) {
            throw new Der.MalformedException("its version is " + version + ", not 0 or 1");
        }
        Der.Reader algorithm = info.sequence("the AlgorithmIdentifier");
        String algorithmOid = algorithm.oid("the key algorithm");
        if (!algorithmOid.equals(P256.EC_PUBLIC_KEY_OID)) {
            throw new KeyFormatException("the signing key is " + P256.describe(algorithmOid)
                    + ", but releases are signed with ECDSA P-256; " + GENERATE);
        }
        String curve = curveFromParameters(algorithm, "the key's algorithm parameters");
        algorithm.end("the curve");
        requireP256(curve, "the signing key", GENERATE);
        byte[] sec1 = info.read(Der.OCTET_STRING, "the private key OCTET STRING");
        // [0] attributes and the [1] public key of version 1 may follow; the SEC1 key inside carries what we need.
        while (info.hasMore()) {
            int tag = info.peekTag();
            if (tag != Der.CONTEXT_0 && tag != 0x81) {
                throw new Der.MalformedException("an unexpected element (tag 0x" + Integer.toHexString(tag)
                        + ") follows the private key");
            }
            info.read();
        }
        return readSec1(sec1, Optional.empty(), Optional.of(curve));
    }

    /**
     * An RFC 5915 ECPrivateKey. The curve comes from its own [0] parameters, the EC PARAMETERS block beside it, or
     * the PKCS#8 wrapper; when none names it, only a stored public point that lies on P-256 and matches the scalar
     * (checked by {@link SigningKey}) makes the key certainly P-256.
     */
    private static PrivateParts readSec1(byte[] der, Optional<String> pemParameters, Optional<String> wrapperCurve)
            throws Der.MalformedException {
        Der.Reader outer = new Der.Reader(der);
        Der.Reader key = outer.sequence("ECPrivateKey");
        outer.end("the ECPrivateKey");
        if (!key.nonNegativeInteger("the version").equals(BigInteger.ONE)) {
            throw new Der.MalformedException("its ECPrivateKey version is not 1");
        }
        byte[] scalar = key.read(Der.OCTET_STRING, "the private scalar");
        Optional<String> curve = Optional.empty();
        if (key.peekTag() == Der.CONTEXT_0) {
            Der.Reader parameters = key.read().reader();
            curve = Optional.of(curveFromParameters(parameters, "the key's [0] parameters"));
            parameters.end("the curve");
        }
        Optional<byte[]> encodedPoint = Optional.empty();
        if (key.peekTag() == Der.CONTEXT_1) {
            Der.Reader publicKey = key.read().reader();
            encodedPoint = Optional.of(publicKey.bitStringBytes("the public key"));
            publicKey.end("the public key");
        }
        key.end("the ECPrivateKey's fields");
        for (Optional<String> named : List.of(curve, pemParameters, wrapperCurve)) {
            named.ifPresent(oid -> requireP256(oid, "the signing key", GENERATE));
        }
        if (curve.isEmpty() && pemParameters.isEmpty() && wrapperCurve.isEmpty() && encodedPoint.isEmpty()) {
            throw new KeyFormatException("the signing key names no curve and carries no public key, so it cannot be"
                    + " told apart from a key of another 256-bit curve; if you know it is a P-256 key, put these three"
                    + " lines, which name prime256v1, before it: -----BEGIN EC PARAMETERS----- / BggqhkjOPQMBBw== /"
                    + " -----END EC PARAMETERS-----; otherwise " + GENERATE);
        }
        if (scalar.length > P256.FIELD_BYTES) {
            throw new KeyFormatException("the signing key's private scalar has " + scalar.length + " bytes, but a"
                    + " P-256 scalar has 32; it is a key of a larger curve; " + GENERATE);
        }
        BigInteger d = new BigInteger(1, scalar);
        if (!P256.validScalar(d)) {
            throw new KeyFormatException("the signing key's private scalar is outside 1…n−1 of P-256, so the file"
                    + " is damaged; " + GENERATE);
        }
        return new PrivateParts(d, encodedPoint.map(p -> readPoint(p, "the signing key's public part")));
    }

    /** PKCS#8 as openssl writes it: version 0, P-256 named curve, an ECPrivateKey without parameters but with Q. */
    static byte[] writePkcs8(BigInteger d, byte[] uncompressedPoint) {
        byte[] sec1 = Der.sequence(Der.integer(BigInteger.ONE), Der.octetString(P256.fixed(d)),
                Der.element(Der.CONTEXT_1, Der.bitString(uncompressedPoint)));
        return Der.sequence(Der.integer(BigInteger.ZERO), algorithmIdentifier(), Der.octetString(sec1));
    }

    // ---- public keys ----

    /** The point of a PEM SubjectPublicKeyInfo. */
    static BigInteger[] readPublicPem(String pem) {
        String what = "the release public key";
        List<Pem.Block> blocks = Pem.parse(pem, what);
        if (blocks.size() > 1) {
            throw new KeyFormatException(what + " holds " + blocks.size() + " PEM blocks; give exactly one"
                    + " '-----BEGIN PUBLIC KEY-----' block");
        }
        Pem.Block block = blocks.get(0);
        switch (block.label()) {
            case PUBLIC_KEY:
                return readSpki(block.der());
            case PRIVATE_KEY:
            case EC_PRIVATE_KEY:
            case "ENCRYPTED PRIVATE KEY":
            case "RSA PRIVATE KEY":
                throw new KeyFormatException(what + " is a private key; never hand the private key to the server."
                        + " Give its public part: " + PUBOUT);
            case "CERTIFICATE":
                throw new KeyFormatException(what + " is a certificate; give its public key: openssl x509 -in"
                        + " cert.pem -pubkey -noout -out release.pub.pem");
            case "RSA PUBLIC KEY":
                throw new KeyFormatException(what + " is an RSA key, but releases are signed with ECDSA P-256; "
                        + GENERATE + ", then " + PUBOUT);
            default:
                throw new KeyFormatException(what + " has a '" + block.label() + "' PEM block; expected '"
                        + PUBLIC_KEY + "' (SubjectPublicKeyInfo), as written by: " + PUBOUT);
        }
    }

    static BigInteger[] readSpki(byte[] der) {
        try {
            Der.Reader outer = new Der.Reader(der);
            Der.Reader info = outer.sequence("SubjectPublicKeyInfo");
            outer.end("the SubjectPublicKeyInfo");
            Der.Reader algorithm = info.sequence("the AlgorithmIdentifier");
            String algorithmOid = algorithm.oid("the key algorithm");
            if (!algorithmOid.equals(P256.EC_PUBLIC_KEY_OID)) {
                throw new KeyFormatException("the release public key is " + P256.describe(algorithmOid)
                        + ", but releases are signed with ECDSA P-256; " + GENERATE + ", then " + PUBOUT);
            }
            String curve = curveFromParameters(algorithm, "the key's algorithm parameters");
            algorithm.end("the curve");
            requireP256(curve, "the release public key", GENERATE + ", then " + PUBOUT);
            byte[] point = info.bitStringBytes("the public point");
            info.end("the public point");
            return readPoint(point, "the release public key");
        } catch (Der.MalformedException e) {
            throw new KeyFormatException("the release public key is not a well-formed SubjectPublicKeyInfo ("
                    + e.getMessage() + "); export it again with: " + PUBOUT);
        }
    }

    static byte[] writeSpki(byte[] uncompressedPoint) {
        return Der.sequence(algorithmIdentifier(), Der.bitString(uncompressedPoint));
    }

    // ---- shared ----

    private static byte[] algorithmIdentifier() {
        return Der.sequence(Der.oid(P256.EC_PUBLIC_KEY_OID), Der.oid(P256.CURVE_OID));
    }

    private static String curveFromParameters(Der.Reader parameters, String what) throws Der.MalformedException {
        switch (parameters.peekTag()) {
            case Der.OID:
                return parameters.oid(what);
            case Der.SEQUENCE:
                throw new KeyFormatException("the key spells its curve out as explicit parameters instead of naming"
                        + " it; rewrite it with: openssl pkey -in key.pem -ec_param_enc named_curve -out named.pem"
                        + " (with -pubin for a public key)");
            case -1:
            case Der.NULL:
                throw new KeyFormatException("the key does not name its curve (" + what + " are missing); "
                        + GENERATE);
            default:
                throw new Der.MalformedException(what + " are neither a curve name nor explicit parameters");
        }
    }

    private static String curveOf(byte[] der, String what) {
        try {
            Der.Reader reader = new Der.Reader(der);
            String curve = curveFromParameters(reader, what);
            reader.end(what);
            return curve;
        } catch (Der.MalformedException e) {
            throw new KeyFormatException("the signing key has a malformed EC PARAMETERS block (" + e.getMessage()
                    + "); remove that block or " + GENERATE);
        }
    }

    private static void requireP256(String curveOid, String what, String todo) {
        if (!curveOid.equals(P256.CURVE_OID)) {
            throw new KeyFormatException(what + " is " + P256.describe(curveOid) + ", but releases are signed with"
                    + " ECDSA P-256 (prime256v1); " + todo);
        }
    }

    /** A SEC1 point, uncompressed (04‖X‖Y) or compressed (02/03‖X), which must lie on P-256. */
    static BigInteger[] readPoint(byte[] encoded, String what) {
        int n = P256.FIELD_BYTES;
        if (encoded.length == 1 + 2 * n && encoded[0] == 4) {
            BigInteger x = P256.unsigned(encoded, 1, 1 + n);
            BigInteger y = P256.unsigned(encoded, 1 + n, encoded.length);
            if (P256.onCurve(x, y)) {
                return new BigInteger[] {x, y};
            }
        } else if (encoded.length == 1 + n && (encoded[0] == 2 || encoded[0] == 3)) {
            for (BigInteger y : P256.liftX(P256.unsigned(encoded, 1, encoded.length))) {
                if (y.testBit(0) == (encoded[0] == 3)) {
                    return new BigInteger[] {P256.unsigned(encoded, 1, encoded.length), y};
                }
            }
        } else {
            throw new KeyFormatException(what + " is a point of " + encoded.length + " bytes starting with 0x"
                    + Integer.toHexString(encoded.length == 0 ? 0 : encoded[0] & 0xff) + "; a P-256 point has 65"
                    + " bytes starting with 04 (or 33 starting with 02 or 03)");
        }
        throw new KeyFormatException(what + " is not a point of the P-256 curve; the key is damaged or of another"
                + " curve; " + GENERATE);
    }
}
