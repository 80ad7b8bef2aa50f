package io.voyagerota.server.cli;

import io.voyagerota.signing.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code voyager keys generate}: a new release signing key pair. */
@Command(name = "keys", description = "Release signing keys.", subcommands = KeysCommand.Generate.class,
        mixinStandardHelpOptions = true)
final class KeysCommand {

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Generate an ECDSA P-256 key pair (PKCS#8 private key, SubjectPublicKeyInfo public key).")
    static final class Generate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-o", "--out"}, defaultValue = "release.pem",
                description = "Private key file (default: ${DEFAULT-VALUE}); keep it offline, e.g. in CI secrets.")
        Path privateKey;

        @Option(names = "--public-out", description = "Public key file (default: the private key's name with .pub.pem).")
        Path publicKey;

        @Option(names = "--force", description = "Overwrite existing files.")
        boolean force;

        @Override
        public Integer call() throws IOException {
            Path pub = publicKey != null ? publicKey : KeyFiles.publicKeyPathFor(privateKey);
            SigningKey key = SigningKey.generate();
            KeyFiles.writePrivate(privateKey, key.toPem(), force);
            KeyFiles.write(pub, key.verifyingKey().toPem(), force);
            spec.commandLine().getOut().printf("key id %s%nprivate key %s (keep secret)%npublic key  %s"
                    + " (give it to the product: it verifies releases)%n", key.keyId(), privateKey, pub);
            return ExitCodes.OK;
        }
    }
}
