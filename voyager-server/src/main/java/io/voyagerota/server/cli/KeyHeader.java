package io.voyagerota.server.cli;

import io.voyagerota.VoyagerException;
import io.voyagerota.signing.VerifyingKey;

import java.util.Optional;

/**
 * The C header a firmware includes to trust its keys: the release key, which verifies release manifests, and the
 * server's offer key, which verifies offers, each as a PEM string macro with its key id.
 */
final class KeyHeader {
    static final String DEFAULT_NAME = "voyager_keys.h";

    private KeyHeader() {
    }

    /** The header's text; refuses one key in both roles, which would let the online server sign firmware. */
    static String render(VerifyingKey release, Optional<VerifyingKey> offer) {
        if (offer.isPresent() && offer.get().equals(release)) {
            throw new VoyagerException("invalid-key", "the offer key and the release key are the same key ("
                    + release.keyId().shortForm() + "); the release key stays with the release pipeline and the"
                    + " server has its own offer key (its data directory's offer-key.pub.pem)");
        }
        StringBuilder out = new StringBuilder();
        out.append("/* The public keys this firmware trusts; written by `voyager keys`, do not edit.\n")
                .append(" * VOYAGER_RELEASE_KEY_PEM verifies release manifests");
        if (offer.isPresent()) {
            out.append(",\n * VOYAGER_OFFER_KEY_PEM verifies the server's offers");
        }
        out.append(". */\n#ifndef VOYAGER_KEYS_H\n#define VOYAGER_KEYS_H\n");
        key(out, "RELEASE", release);
        offer.ifPresent(k -> key(out, "OFFER", k));
        return out.append("\n#endif /* VOYAGER_KEYS_H */\n").toString();
    }

    private static void key(StringBuilder out, String role, VerifyingKey key) {
        out.append("\n#define VOYAGER_").append(role).append("_KEY_ID \"").append(key.keyId().hex()).append("\"\n");
        out.append("#define VOYAGER_").append(role).append("_KEY_PEM");
        // PEM is base64, dashes and spaces: nothing a C string needs escaped.
        for (String line : key.toPem().split("\n")) {
            out.append(" \\\n    \"").append(line).append("\\n\"");
        }
        out.append('\n');
    }
}
