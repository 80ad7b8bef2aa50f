package io.voyagerota.server.cli;

import io.voyagerota.signing.EcdsaSignatures;
import io.voyagerota.signing.VerifyingKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code voyager verify FILE --signature S --public-key P}: exit 0 when the signature is good, 1 when not. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify a detached ECDSA P-256 signature (base64, raw r‖s or DER) over a file, such as a"
                + " release manifest and its signature from `voyager sign --manifest`.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "The signed file.")
    Path file;

    @Option(names = {"-s", "--signature"}, required = true, description = "The signature file.")
    Path signature;

    @Option(names = {"-p", "--public-key"}, required = true, description = "Public key PEM (SubjectPublicKeyInfo).")
    Path publicKey;

    @Override
    public Integer call() throws IOException {
        VerifyingKey key = VerifyingKey.fromPem(KeyFiles.readText(publicKey, "public key"));
        byte[] rs = KeyFiles.readSignatureP1363(signature);
        boolean good;
        try (ProgressBar bar = ProgressBar.forTerminal("verifying", Files.size(file));
             InputStream in = new ProgressInputStream(Files.newInputStream(file), bar)) {
            good = key.verify(in, EcdsaSignatures.toReleaseSignature(rs));
        }
        if (good) {
            spec.commandLine().getOut().println("signature OK (key " + key.keyId().shortForm() + ")");
            return ExitCodes.OK;
        }
        spec.commandLine().getErr().println("signature does NOT match " + file + " under key "
                + key.keyId().shortForm());
        return ExitCodes.FAILED;
    }
}
