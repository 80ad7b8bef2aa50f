package io.voyagerota.server.cli;

import io.voyagerota.signing.OfferKeyEndorsement;
import io.voyagerota.signing.SigningKey;
import io.voyagerota.signing.VerifyingKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code voyager keys generate|header|endorse}: a new release signing key pair, the C header devices are built with,
 * and the endorsement that lets devices take on a rotated offer key.
 */
@Command(name = "keys", description = "Release signing keys, and the C header of the keys a firmware trusts.",
        subcommands = {KeysCommand.Generate.class, KeysCommand.Header.class, KeysCommand.Endorse.class},
        mixinStandardHelpOptions = true)
final class KeysCommand {

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Generate an ECDSA P-256 release key pair (PKCS#8 private key, SubjectPublicKeyInfo public"
                    + " key).", "With --header, also write the C header a firmware includes to trust it (and, with"
                    + " --offer-key-pub, the server's offer key)."})
    static final class Generate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-o", "--out"}, defaultValue = "release.pem",
                description = "Private key file (default: ${DEFAULT-VALUE}); keep it offline, e.g. in CI secrets.")
        Path privateKey;

        @Option(names = "--public-out", description = "Public key file (default: the private key's name with .pub.pem).")
        Path publicKey;

        @Option(names = "--header", paramLabel = "FILE", description = "Also write the C header with the public key"
                + " as VOYAGER_RELEASE_KEY_PEM, such as " + KeyHeader.DEFAULT_NAME + ".")
        Path header;

        @Option(names = "--offer-key-pub", paramLabel = "PUB_PEM", description = "With --header: the server's offer"
                + " public key (offer-key.pub.pem in its data directory), as VOYAGER_OFFER_KEY_PEM.")
        Path offerKey;

        @Option(names = "--force", description = "Overwrite existing files.")
        boolean force;

        @Override
        public Integer call() throws IOException {
            if (offerKey != null && header == null) {
                throw new ParameterException(spec.commandLine(), "--offer-key-pub goes into the C header: give"
                        + " --header FILE too");
            }
            Path pub = publicKey != null ? publicKey : KeyFiles.publicKeyPathFor(privateKey);
            Optional<VerifyingKey> offer = Header.offerKey(offerKey);
            KeyFiles.requireAbsent(force, privateKey, pub, header);
            SigningKey key = SigningKey.generate();
            String headerText = header == null ? null : KeyHeader.render(key.verifyingKey(), offer);
            KeyFiles.writePrivate(privateKey, key.toPem(), force);
            KeyFiles.write(pub, key.verifyingKey().toPem(), force);
            spec.commandLine().getOut().printf("key id %s%nprivate key %s (keep secret)%npublic key  %s"
                    + " (give it to the product: it verifies releases)%n", key.keyId(), privateKey, pub);
            if (header != null) {
                KeyFiles.write(header, headerText, force);
                spec.commandLine().getOut().printf("C header    %s (include it in the firmware)%n", header);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "header", mixinStandardHelpOptions = true,
            description = "Write the C header a firmware includes to trust the product's release key and the"
                    + " server's offer key: VOYAGER_RELEASE_KEY_PEM, VOYAGER_OFFER_KEY_PEM and their key ids.")
    static final class Header implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--release-key", required = true, paramLabel = "PUB_PEM",
                description = "The release public key (release.pub.pem from `voyager keys generate`).")
        Path releaseKey;

        @Option(names = "--offer-key-pub", paramLabel = "PUB_PEM", description = "The server's offer public key"
                + " (offer-key.pub.pem in its data directory).")
        Path offerKey;

        @Option(names = {"-o", "--out"}, defaultValue = KeyHeader.DEFAULT_NAME,
                description = "The header file (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--force", description = "Overwrite an existing file.")
        boolean force;

        @Override
        public Integer call() throws IOException {
            VerifyingKey release = VerifyingKey.fromPem(KeyFiles.readText(releaseKey, "release public key"));
            KeyFiles.write(out, KeyHeader.render(release, offerKey(offerKey)), force);
            spec.commandLine().getOut().printf("C header %s: release key %s%s%n", out, release.keyId().shortForm(),
                    offerKey == null ? "" : ", offer key " + offerKey(offerKey).orElseThrow().keyId().shortForm());
            return ExitCodes.OK;
        }

        static Optional<VerifyingKey> offerKey(Path file) throws IOException {
            return file == null ? Optional.empty()
                    : Optional.of(VerifyingKey.fromPem(KeyFiles.readText(file, "offer public key")));
        }
    }

    @Command(name = "endorse", mixinStandardHelpOptions = true,
            description = {"Vouch for a new offer key with a key devices already trust: the previous offer key (from"
                    + " the server's data directory, secrets/offer-key.pem) or the product's release key.",
                    "Give the file to voyager serve with --offer-key-endorsements when it starts with the new key:"
                    + " devices built with the old key then fetch it and trust the new key from then on."})
    static final class Endorse implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--key", required = true, paramLabel = "NEW_PUB_PEM",
                description = "The new offer key's public half (SubjectPublicKeyInfo PEM).")
        Path key;

        @Option(names = "--with", required = true, paramLabel = "ENDORSER_PEM",
                description = "The private key that vouches for it: the previous offer key or the release key.")
        Path endorser;

        @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "The endorsement file.")
        Path out;

        @Option(names = "--force", description = "Overwrite an existing file.")
        boolean force;

        @Override
        public Integer call() throws IOException {
            VerifyingKey next = VerifyingKey.fromPem(KeyFiles.readText(key, "new offer public key"));
            SigningKey by = SigningKey.fromPem(KeyFiles.readText(endorser, "endorsing private key"));
            if (by.keyId().equals(next.keyId())) {
                throw new ParameterException(spec.commandLine(), "--with is the new key itself; a key cannot vouch for"
                        + " itself: use the previous offer key or the release key");
            }
            OfferKeyEndorsement endorsement = OfferKeyEndorsement.endorse(next, by);
            KeyFiles.write(out, endorsement.toText(), force);
            spec.commandLine().getOut().printf("endorsement %s: offer key %s, vouched for by %s%n", out,
                    next.keyId().shortForm(), by.keyId().shortForm());
            return ExitCodes.OK;
        }
    }
}
