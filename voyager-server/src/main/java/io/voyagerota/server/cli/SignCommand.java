package io.voyagerota.server.cli;

import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.signing.SigningKey;
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

/** {@code voyager sign FILE --key K}: a detached release signature. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Sign a firmware file with ECDSA P-256 over SHA-256; prints the base64 signature.")
final class SignCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "The firmware image or bundle.")
    Path file;

    @Option(names = {"-k", "--key"}, required = true, description = "Private key PEM (PKCS#8 or EC PRIVATE KEY).")
    Path key;

    @Option(names = {"-o", "--out"}, description = "Also write the signature (base64) to this file.")
    Path out;

    @Override
    public Integer call() throws IOException {
        SigningKey signingKey = SigningKey.fromPem(KeyFiles.readText(key, "private key"));
        ReleaseSignature signature;
        try (ProgressBar bar = ProgressBar.forTerminal("signing", Files.size(file));
             InputStream in = new ProgressInputStream(Files.newInputStream(file), bar)) {
            signature = signingKey.sign(in);
        }
        if (out != null) {
            KeyFiles.write(out, signature.base64() + "\n", true);
        }
        spec.commandLine().getOut().println(signature.base64());
        return ExitCodes.OK;
    }
}
