package io.voyagerota.signing;

import io.voyagerota.InvalidInputException;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.support.Checks;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A new offer key vouched for by a key devices already trust (the previous offer key, or a product's release key):
 * its signature over the key statement {@code "voyager-offer-key 1\nkey <base64 DER>\n"} (docs/device-api.md,
 * "Offer keys and their rotation"). A server serves it at {@code GET /v1/offer-keys/{keyId}} so a device that meets
 * the new key in an offer can take it on without a firmware update.
 *
 * @param key       the key vouched for
 * @param endorser  the id of the key that signed the statement
 * @param signature the endorser's signature over {@link #statement()}
 */
public record OfferKeyEndorsement(VerifyingKey key, KeyId endorser, ReleaseSignature signature) {
    private static final String STATEMENT_HEADER = "voyager-offer-key 1\nkey ";
    private static final String FILE_HEADER = "voyager-offer-key-endorsement 1";

    public OfferKeyEndorsement {
        Checks.notNull(key, "endorsed key");
        Checks.notNull(endorser, "endorser key id");
        Checks.notNull(signature, "endorsement signature");
        if (endorser.equals(key.keyId())) {
            throw new InvalidInputException("an offer key cannot endorse itself; sign its statement with the previous"
                    + " offer key or the product's release key");
        }
    }

    /** The statement for a key: the exact bytes that are signed and served. */
    public static byte[] statement(VerifyingKey key) {
        return (STATEMENT_HEADER + Base64.getEncoder().encodeToString(key.toDer()) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    public byte[] statement() {
        return statement(key);
    }

    /** Signs the statement of {@code key} with {@code endorser}. */
    public static OfferKeyEndorsement endorse(VerifyingKey key, SigningKey endorser) {
        Checks.notNull(endorser, "endorser");
        return new OfferKeyEndorsement(key, endorser.keyId(), endorser.sign(statement(key)));
    }

    /** Whether {@code candidate} is the endorser and its signature verifies. */
    public boolean verifiedBy(VerifyingKey candidate) {
        return candidate.keyId().equals(endorser) && candidate.verify(statement(), signature);
    }

    /** The endorsement as a small text file, what {@link #parse} reads back. */
    public String toText() {
        return FILE_HEADER + "\nkey " + Base64.getEncoder().encodeToString(key.toDer()) + "\nendorser "
                + endorser.hex() + "\nsignature " + signature.base64() + "\n";
    }

    /** Reads what {@link #toText()} wrote, naming the line that is wrong. */
    public static OfferKeyEndorsement parse(String text) {
        Checks.notNull(text, "endorsement text");
        String[] lines = text.strip().split("\r?\n");
        if (lines.length != 4 || !lines[0].equals(FILE_HEADER)) {
            throw new InvalidInputException("an offer key endorsement has four lines: '" + FILE_HEADER
                    + "', 'key <base64 DER>', 'endorser <key id>' and 'signature <base64>'");
        }
        try {
            VerifyingKey key = VerifyingKey.fromDer(Base64.getDecoder().decode(value(lines[1], "key")));
            KeyId endorser = new KeyId(value(lines[2], "endorser"));
            ReleaseSignature signature = new ReleaseSignature(ReleaseSignature.ECDSA_P256_SHA256,
                    value(lines[3], "signature"));
            EcdsaSignatures.toP1363(signature);
            return new OfferKeyEndorsement(key, endorser, signature);
        } catch (IllegalArgumentException | KeyFormatException | SignatureFormatException e) {
            throw new InvalidInputException("the offer key endorsement is not valid: " + e.getMessage());
        }
    }

    private static String value(String line, String name) {
        if (!line.startsWith(name + " ")) {
            throw new InvalidInputException("the offer key endorsement's line '" + name + " …' is missing");
        }
        return line.substring(name.length() + 1);
    }
}
